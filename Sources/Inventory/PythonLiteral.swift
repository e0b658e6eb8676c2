import Foundation

/// The subset of Python's `ast.literal_eval` that INI inventory values go through: numbers,
/// strings (with prefixes, escapes and implicit concatenation), `True`/`False`/`None`, lists,
/// tuples, sets and dicts. Anything else is not a literal, and Ansible keeps the text as a string.
struct PythonLiteral {
    private let scalars: [Unicode.Scalar]
    var position = 0

    /// The typed value, or nil where Python would raise ValueError or SyntaxError.
    /// `source` is the expression's own text (without a trailing comment).
    static func evaluate(_ text: String) -> (value: InventoryValue, source: String)? {
        var parser = PythonLiteral(scalars: Array(text.unicodeScalars))
        parser.skipSpace()
        guard let value = parser.parseExpressionList(), parser.atEnd() else { return nil }
        let source = String(String.UnicodeScalarView(parser.scalars[..<parser.lastTokenEnd]))
        return (value, source.trimmingCharacters(in: .whitespaces))
    }

    private var lastTokenEnd = 0

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }
    var scalarCount: Int { scalars.count }
    func scalar(at index: Int) -> Unicode.Scalar { scalars[index] }
    mutating func markTokenEnd() { lastTokenEnd = position }

    mutating func skipSpace(insideBrackets: Bool = false) {
        while let c = current {
            if c == " " || c == "\t" || c == "\u{0C}" { position += 1 }
            else if c == "#" { while let d = current, d != "\n" { position += 1 } }
            else if insideBrackets && (c == "\n" || c == "\r") { position += 1 }
            else if c == "\\" && position + 1 < scalars.count && scalars[position + 1] == "\n" { position += 2 }
            else { break }
        }
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        while let c = current, c == "\n" || c == "\r" { position += 1; skipSpace() }
        return current == nil
    }

    private mutating func consume(_ c: Unicode.Scalar, insideBrackets: Bool) -> Bool {
        skipSpace(insideBrackets: insideBrackets)
        guard current == c else { return false }
        position += 1
        lastTokenEnd = position
        return true
    }

    /// A bare `1, 2` at top level is a tuple.
    private mutating func parseExpressionList() -> InventoryValue? {
        guard let first = parseValue(insideBrackets: false) else { return nil }
        var items = [first]
        var sawComma = false
        while consume(",", insideBrackets: false) {
            sawComma = true
            skipSpace()
            if current == nil || current == "\n" { break }
            guard let next = parseValue(insideBrackets: false) else { return nil }
            items.append(next)
        }
        return sawComma ? .list(items) : first
    }

    private mutating func parseValue(insideBrackets: Bool) -> InventoryValue? {
        skipSpace(insideBrackets: insideBrackets)
        guard let c = current else { return nil }
        switch c {
        case "[":
            position += 1
            return parseSequence(closing: "]").map { .list($0.items) }
        case "(":
            position += 1
            guard let (items, trailingComma) = parseSequence(closing: ")") else { return nil }
            return items.count == 1 && !trailingComma ? items[0] : .list(items)
        case "{":
            position += 1
            return parseBraces()
        case "+", "-":
            position += 1
            skipSpace(insideBrackets: insideBrackets)
            guard let number = parseNumber() else { return nil }
            return c == "-" ? negate(number) : number
        default:
            if let string = parseStrings(insideBrackets: insideBrackets) { return .string(string) }
            if c.properties.numericType != nil || c == "." { return parseNumber() }
            return parseName()
        }
    }

    private mutating func parseSequence(closing: Unicode.Scalar) -> (items: [InventoryValue], trailingComma: Bool)? {
        var items: [InventoryValue] = []
        var trailingComma = false
        while true {
            if consume(closing, insideBrackets: true) { return (items, trailingComma) }
            if !items.isEmpty {
                guard consume(",", insideBrackets: true) else { return nil }
                trailingComma = true
                if consume(closing, insideBrackets: true) { return (items, trailingComma) }
            }
            guard let item = parseValue(insideBrackets: true) else { return nil }
            items.append(item)
            trailingComma = false
        }
    }

    private mutating func parseBraces() -> InventoryValue? {
        if consume("}", insideBrackets: true) { return .map([:]) }
        guard let first = parseValue(insideBrackets: true) else { return nil }
        if consume(":", insideBrackets: true) {
            var entries: [String: InventoryValue] = [:]
            var key = first
            while true {
                guard let value = parseValue(insideBrackets: true) else { return nil }
                entries[Self.keyText(key)] = value
                if consume("}", insideBrackets: true) { return .map(entries) }
                guard consume(",", insideBrackets: true) else { return nil }
                if consume("}", insideBrackets: true) { return .map(entries) }
                guard let nextKey = parseValue(insideBrackets: true),
                      consume(":", insideBrackets: true) else { return nil }
                key = nextKey
            }
        }
        var items = [first]
        while true {
            if consume("}", insideBrackets: true) { return .list(items) }
            guard consume(",", insideBrackets: true) else { return nil }
            if consume("}", insideBrackets: true) { return .list(items) }
            guard let item = parseValue(insideBrackets: true) else { return nil }
            if !items.contains(item) { items.append(item) }
        }
    }

    /// JSON turns non-string keys into their JSON text.
    private static func keyText(_ key: InventoryValue) -> String {
        if case .string(let text) = key { return text }
        return key.compactJSON
    }

    private func negate(_ number: InventoryValue) -> InventoryValue? {
        switch number {
        case .integer(let digits): return .integer(digits == "0" ? "0" : "-" + digits)
        case .float(let value): return .float(-value)
        default: return nil
        }
    }

    private mutating func parseName() -> InventoryValue? {
        var name = ""
        while let c = current, c.properties.isAlphabetic || c == "_" || c.properties.numericType != nil {
            name.unicodeScalars.append(c)
            position += 1
        }
        lastTokenEnd = position
        switch name {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: return nil
        }
    }
}
