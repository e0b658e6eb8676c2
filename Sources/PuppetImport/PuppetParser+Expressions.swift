import Basics
import Playbook

extension PuppetParser {
    // MARK: - Resources

    /// At `{`: `'title': attrs; 'title2': attrs }`.
    mutating func resourceBodies(type rawType: String) throws -> PuppetResource {
        let type = rawType.hasPrefix("::") ? String(rawType.dropFirst(2)) : rawType
        let opener = advance()
        var bodies: [PuppetResourceBody] = []
        repeat {
            if !bodies.isEmpty {
                _ = advance()
                if current.isPunctuation("}") { break }
            }
            if current.isEndOfFile || current.isPunctuation("}") { throw error("expected a resource title") }
            let title = try expression(after: "'{'", valueName: "a resource title")
            _ = try expect(":", "expected ':' after resource title")
            bodies.append(PuppetResourceBody(title: title, attributes: try attributes(opener: opener)))
        } while current.isPunctuation(";")
        _ = try expect("}", "expected '}' to close '\(type)'")
        return PuppetResource(type: type, bodies: bodies)
    }

    /// Parameters up to (not including) the `;` or `}` ending one body.
    private mutating func attributes(opener: PuppetToken) throws -> [PuppetAttribute] {
        var result: [PuppetAttribute] = []
        while !(current.isPunctuation("}") || current.isPunctuation(";")) {
            let nameToken = current
            let name: String
            switch current.kind {
            case .name(let word) where !word.contains("::"): name = word
            case .punctuation("*"): name = "*"
            default:
                if current.isEndOfFile {
                    throw UserError("expected '}' to close the resource opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
                }
                throw error("expected a parameter name or '}'")
            }
            _ = advance()
            guard current.isPunctuation("=>") || current.isPunctuation("+>") else {
                throw error("expected '=>' after parameter name")
            }
            _ = advance()
            if let first = result.first(where: { $0.name == name }) {
                throw UserError("parameter '\(name)' is set twice (first at \(first.location.line):\(first.location.column))", at: nameToken.location)
            }
            let value = try expression(after: "'=>'")
            result.append(PuppetAttribute(name: name, at: nameToken.location, value: value))
            if current.isPunctuation(",") {
                _ = advance()
                continue
            }
            if current.isPunctuation("}") || current.isPunctuation(";") { break }
            let previousEnd = tokens[position - 1].end
            if case .name = current.kind, peek().isPunctuation("=>"), current.location.line > previousEnd.line {
                warnings.append(PuppetDiagnostic(
                    "missing ',' after the value of '\(name)' (puppet apply rejects this; read as if it were there)",
                    at: previousEnd))
                continue
            }
            throw error("expected ',' or '}' after the value of '\(name)'")
        }
        return result
    }

    // MARK: - Values

    static let operators: Set<String> = [
        "+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "=~", "!~", "?", "!", "<<", ">>", ".",
    ]

    /// A value; `after` names what precedes it, for the error message.
    mutating func expression(after context: String, valueName: String = "a value") throws -> PuppetExpression {
        let value = try primary(after: context, valueName: valueName)
        let isOperator: Bool
        switch current.kind {
        case .punctuation(let text): isOperator = PuppetParser.operators.contains(text)
        case .name(let word): isOperator = ["and", "or", "in"].contains(word) && current.location.line == value.location.line
        default: isOperator = false
        }
        if isOperator {
            throw UserError("operator \(current.spelling) is not supported by import; write the value literally", at: current.location)
        }
        return value
    }

    private mutating func primary(after context: String, valueName: String) throws -> PuppetExpression {
        let token = current
        let at = token.location
        switch token.kind {
        case .string(let string):
            _ = advance()
            return PuppetExpression(.string(string), at: at)
        case .number(let text):
            _ = advance()
            return PuppetExpression(.number(try Self.checkedNumber(text, at: at)), at: at)
        case .punctuation("-") where isAdjacentNumber:
            _ = advance()
            guard case .number(let text) = advance().kind else { preconditionFailure("checked by isAdjacentNumber") }
            return PuppetExpression(.number("-" + (try Self.checkedNumber(text, at: at))), at: at)
        case .name("true"), .name("false"):
            _ = advance()
            return PuppetExpression(.boolean(token.isName("true")), at: at)
        case .name("undef"):
            _ = advance()
            return PuppetExpression(.undef, at: at)
        case .name(let name) where peek().isPunctuation("(") && peek().location == token.end:
            _ = advance()
            let opener = advance()
            var arguments: [PuppetExpression] = []
            while !current.isPunctuation(")") {
                if current.isEndOfFile {
                    throw UserError("expected ')' to close the call of '\(name)' opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
                }
                arguments.append(try expression(after: arguments.isEmpty ? "'('" : "','"))
                if current.isPunctuation(",") { _ = advance() } else if !current.isPunctuation(")") {
                    throw error("expected ',' or ')' after an argument of '\(name)'")
                }
            }
            _ = advance()
            let text = String(String.UnicodeScalarView(source[token.range.lowerBound..<tokens[position - 1].range.upperBound]))
            return PuppetExpression(.call(name: name, arguments: arguments, source: text), at: at)
        case .name(let word):
            _ = advance()
            return PuppetExpression(.bareword(word), at: at)
        case .variable(let raw):
            _ = advance()
            let keys = current.isPunctuation("[") && current.location == token.end ? try accessKeys() : []
            let isTopScope = raw.hasPrefix("::")
            let name = isTopScope ? String(raw.dropFirst(2)) : raw
            let literalKeys = keys.compactMap { key -> String? in
                switch key.value {
                case .string(let string): return string.literal
                case .number(let text), .bareword(let text): return text
                default: return nil
                }
            }
            guard literalKeys.count == keys.count else {
                throw UserError("only literal keys are supported in '$\(raw)[…]'", at: at)
            }
            return PuppetExpression(.variable(PuppetVariable(name: name, isTopScope: isTopScope, keys: literalKeys)), at: at)
        case .punctuation("["):
            return PuppetExpression(.array(try array()), at: at)
        case .punctuation("{"):
            return PuppetExpression(.hash(try hash()), at: at)
        case .typeName(let type):
            _ = advance()
            let titles = current.isPunctuation("[") && current.location == token.end ? try accessKeys() : []
            return PuppetExpression(.reference(type: type, titles: titles), at: at)
        case .regex(let pattern):
            _ = advance()
            return PuppetExpression(.regex(pattern), at: at)
        default:
            throw error("expected \(valueName) after \(context)")
        }
    }

    private var isAdjacentNumber: Bool {
        if case .number = peek().kind { return peek().location == current.end }
        return false
    }

    /// Decimal, octal (`0750`), hexadecimal (`0x1F`) or decimal with fraction/exponent (`1.5`, `2e3`).
    static func checkedNumber(_ text: String, at location: SourceLocation) throws -> String {
        func isDigits(_ part: Substring) -> Bool { !part.isEmpty && part.unicodeScalars.allSatisfy(PuppetLexer.isDigit) }
        let lower = Substring(text.lowercased())
        let isValid: Bool
        if lower.hasPrefix("0x") {
            let hex = lower.dropFirst(2)
            isValid = !hex.isEmpty && hex.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        } else if isDigits(lower) {
            isValid = !lower.hasPrefix("0") || !lower.contains(where: { $0 == "8" || $0 == "9" })
        } else {
            let parts = lower.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
            let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            isValid = mantissa.allSatisfy(isDigits) && (parts.count == 1 || isDigits(parts[1]))
                && (mantissa.count == 2 || parts.count == 2)
        }
        guard isValid else { throw UserError("invalid number '\(text)'", at: location) }
        return text
    }

    mutating func accessKeys() throws -> [PuppetExpression] {
        _ = advance()
        var keys: [PuppetExpression] = []
        repeat {
            if !keys.isEmpty { _ = advance() }
            keys.append(try expression(after: "'['"))
        } while current.isPunctuation(",")
        _ = try expect("]", "expected ']' after the index")
        if current.isPunctuation("["), current.location == tokens[position - 1].end {
            keys += try accessKeys()
        }
        return keys
    }

    private mutating func array() throws -> [PuppetExpression] {
        let opener = advance()
        var items: [PuppetExpression] = []
        while !current.isPunctuation("]") {
            if current.isEndOfFile {
                throw UserError("expected ']' to close the array opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
            }
            items.append(try expression(after: items.isEmpty ? "'['" : "','"))
            if current.isPunctuation(",") { _ = advance() } else if !current.isPunctuation("]") {
                throw error("expected ',' or ']' in array")
            }
        }
        _ = advance()
        return items
    }

    private mutating func hash() throws -> [PuppetHashEntry] {
        let opener = advance()
        var entries: [PuppetHashEntry] = []
        while !current.isPunctuation("}") {
            if current.isEndOfFile {
                throw UserError("expected '}' to close the hash opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
            }
            let key = try expression(after: entries.isEmpty ? "'{'" : "','", valueName: "a hash key")
            _ = try expect("=>", "expected '=>' after hash key")
            entries.append(PuppetHashEntry(key: key, value: try expression(after: "'=>'")))
            if current.isPunctuation(",") { _ = advance() } else if !current.isPunctuation("}") {
                throw error("expected ',' or '}' in hash")
            }
        }
        _ = advance()
        return entries
    }
}
