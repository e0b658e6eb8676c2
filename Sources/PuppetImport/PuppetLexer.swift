import Basics
import Playbook

/// Splits a manifest into tokens. Comments (`#`, `/* */`) are dropped; double-quoted strings are
/// split into text and interpolations here, so every piece keeps its own location.
struct PuppetLexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [PuppetToken] = []

    static func tokens(_ text: String, file: String) throws -> [PuppetToken] {
        var lexer = PuppetLexer(scalars: Array(text.unicodeScalars), file: file)
        return try lexer.run()
    }

    private init(scalars: [Unicode.Scalar], file: String) {
        // A byte-order mark is not part of the text.
        self.scalars = scalars.first == "\u{FEFF}" ? Array(scalars.dropFirst()) : scalars
        self.file = file
    }

    private static let punctuations = [
        "=>", "+>", "==", "!=", "=~", "!~", "<=", ">=", "<<", ">>", "::",
        "{", "}", "[", "]", "(", ")", ",", ";", ":", "=", ".", "|", "?", "@",
        "+", "-", "*", "/", "%", "!", "<", ">",
    ]

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func starts(with text: String) -> Bool {
        for (offset, scalar) in text.unicodeScalars.enumerated() where peek(offset) != scalar { return false }
        return true
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count {
            guard let scalar = peek() else { return }
            index += 1
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
    }

    private mutating func run() throws -> [PuppetToken] {
        while true {
            try skipTrivia()
            let start = here
            let startIndex = index
            guard let scalar = peek() else {
                tokens.append(PuppetToken(kind: .endOfFile, location: start, end: start, range: index..<index))
                return tokens
            }
            let kind = try token(startingWith: scalar, at: start)
            tokens.append(PuppetToken(kind: kind, location: start, end: here, range: startIndex..<index))
        }
    }

    private mutating func skipTrivia() throws {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                advance()
            } else if scalar == "#" {
                while let next = peek(), next != "\n" { advance() }
            } else if starts(with: "/*") {
                let start = here
                advance(2)
                while !starts(with: "*/") {
                    guard peek() != nil else { throw UserError("unterminated comment '/*'", at: start) }
                    advance()
                }
                advance(2)
            } else {
                return
            }
        }
    }

    private mutating func token(startingWith scalar: Unicode.Scalar, at start: SourceLocation) throws -> PuppetToken.Kind {
        if scalar == "'" { return .string(try singleQuoted(at: start)) }
        if scalar == "\"" { return .string(try PuppetStringLexer.doubleQuoted(&self, at: start)) }
        if scalar == "$" { return try variable(at: start) }
        if scalar == "/" && regexAllowed { return .regex(try regex(at: start)) }
        if Self.isDigit(scalar) { return .number(word()) }
        if Self.isWordStart(scalar) || (starts(with: "::") && peek(2).map(Self.isWordStart) == true) {
            let text = word()
            if let first = text.unicodeScalars.first(where: { $0 != ":" }), first.properties.isUppercase {
                return .typeName(text)
            }
            return .name(text)
        }
        for text in ["<<|", "|>>", "<|", "|>"] where starts(with: text) {
            advance(text.unicodeScalars.count)
            return .collector(text)
        }
        for text in ["->", "~>", "<-", "<~"] where starts(with: text) {
            advance(2)
            return .arrow(text)
        }
        for text in Self.punctuations where starts(with: text) {
            advance(text.unicodeScalars.count)
            return .punctuation(text)
        }
        throw UserError("unexpected character '\(Self.printable(scalar))'", at: start)
    }

    /// A `/` starts a regex only where an operand is expected (after `node`, `,`, `=~`, `(` …).
    private var regexAllowed: Bool {
        guard let previous = tokens.last else { return true }
        switch previous.kind {
        case .name(let text): return text == "node"
        case .typeName, .variable, .string, .number, .regex: return false
        case .punctuation(let text): return ![")", "]", "}"].contains(text)
        default: return true
        }
    }

    private mutating func regex(at start: SourceLocation) throws -> String {
        advance()
        var text = ""
        while let scalar = peek(), scalar != "/" {
            if scalar == "\n" { break }
            if scalar == "\\", let next = peek(1), next != "\n" {
                text.unicodeScalars.append(scalar)
                advance()
            }
            if let current = peek() { text.unicodeScalars.append(current) }
            advance()
        }
        guard peek() == "/" else { throw UserError("unterminated regular expression", at: start) }
        advance()
        return text
    }

    private mutating func singleQuoted(at start: SourceLocation) throws -> PuppetString {
        advance()
        var text = ""
        while true {
            guard let scalar = peek() else { throw UserError("unterminated string", at: start) }
            advance()
            if scalar == "'" { break }
            if scalar == "\\", let next = peek(), next == "'" || next == "\\" {
                text.unicodeScalars.append(next)
                advance()
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return PuppetString(parts: [.text(text)], isDoubleQuoted: false)
    }

    private mutating func variable(at start: SourceLocation) throws -> PuppetToken.Kind {
        advance()
        var name = ""
        if starts(with: "::") { name = "::"; advance(2) }
        guard let first = peek(), Self.isWordStart(first) || Self.isDigit(first) else {
            throw UserError("expected a variable name after '$'", at: start)
        }
        name += word(allowHyphen: false)
        return .variable(name)
    }

    /// A word with `::` separators: `glance::api`, `::glance`, `ctl-01`, `0x1F`, `1.5e3`.
    private mutating func word(allowHyphen: Bool = true) -> String {
        var text = ""
        while let scalar = peek() {
            if Self.isWordCharacter(scalar) || (allowHyphen && scalar == "-" && peek(1).map(Self.isWordCharacter) == true) {
                text.unicodeScalars.append(scalar)
                advance()
            } else if starts(with: "::"), let next = peek(2), Self.isWordStart(next) {
                text += "::"
                advance(2)
            } else if scalar == ".", !text.isEmpty, text.unicodeScalars.allSatisfy(Self.isDigit),
                      let next = peek(1), Self.isDigit(next) {
                text += "."
                advance()
            } else {
                return text
            }
        }
        return text
    }

    // MARK: - Used by PuppetStringLexer

    var currentLocation: SourceLocation { here }

    func scalar(at offset: Int = 0) -> Unicode.Scalar? { peek(offset) }

    mutating func step(_ count: Int = 1) { advance(count) }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool { isWordStart(scalar) || isDigit(scalar) }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }
}
