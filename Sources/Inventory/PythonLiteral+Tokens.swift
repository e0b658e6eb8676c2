import Foundation
import RegexBuilder

extension PythonLiteral {
    /// One or more adjacent string literals (`'a' "b"` is `'ab'`), with optional r/u/b prefixes.
    mutating func parseStrings(insideBrackets: Bool) -> String? {
        guard var text = parseOneString() else { return nil }
        while true {
            let save = position
            skipSpace(insideBrackets: insideBrackets)
            guard let next = parseOneString() else { position = save; return text }
            text += next
        }
    }

    private mutating func parseOneString() -> String? {
        let start = position
        var raw = false
        var prefixLength = 0
        while let c = current, prefixLength < 2, "rRuUbB".unicodeScalars.contains(c) {
            if c == "r" || c == "R" { raw = true }
            position += 1
            prefixLength += 1
        }
        guard let quote = current, quote == "'" || quote == "\"" else { position = start; return nil }
        let triple = position + 2 < scalarCount && scalar(at: position + 1) == quote && scalar(at: position + 2) == quote
        position += triple ? 3 : 1
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else { position = start; return nil }
            if c == quote {
                if !triple { position += 1; break }
                if position + 2 < scalarCount && scalar(at: position + 1) == quote && scalar(at: position + 2) == quote {
                    position += 3
                    break
                }
            }
            if c == "\n" && !triple { position = start; return nil }
            if c == "\\" {
                guard position + 1 < scalarCount else { position = start; return nil }
                let escaped = scalar(at: position + 1)
                if raw {
                    text.append(c)
                    text.append(escaped)
                    position += 2
                    continue
                }
                position += 2
                guard let decoded = decodeEscape(escaped) else { position = start; return nil }
                text.append(contentsOf: decoded.unicodeScalars)
                continue
            }
            text.append(c)
            position += 1
        }
        markTokenEnd()
        return String(text)
    }

    private mutating func decodeEscape(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "\n": return ""
        case "\\": return "\\"
        case "'": return "'"
        case "\"": return "\""
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "x": return hexEscape(length: 2)
        case "u": return hexEscape(length: 4)
        case "U": return hexEscape(length: 8)
        case "0"..."7":
            var value = Int(c.value - 48)
            var count = 1
            while count < 3, let d = current, ("0"..."7").contains(d) {
                value = value * 8 + Int(d.value - 48)
                position += 1
                count += 1
            }
            return Unicode.Scalar(value).map { String($0) }
        default: return "\\" + String(c)
        }
    }

    private mutating func hexEscape(length: Int) -> String? {
        guard position + length <= scalarCount else { return nil }
        let digits = String(String.UnicodeScalarView((position..<position + length).map { scalar(at: $0) }))
        guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
        position += length
        return String(scalar)
    }

    /// Python int, float and (rejected) imaginary literals, without sign.
    mutating func parseNumber() -> InventoryValue? {
        let start = position
        var text = ""
        while let c = current, c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "." {
            text.unicodeScalars.append(c)
            position += 1
            // An exponent's sign belongs to the number.
            if c == "e" || c == "E", !text.lowercased().hasPrefix("0x"), let sign = current, sign == "+" || sign == "-" {
                text.unicodeScalars.append(sign)
                position += 1
            }
        }
        markTokenEnd()
        guard let value = Self.number(text) else { position = start; return nil }
        return value
    }

    private static func number(_ text: String) -> InventoryValue? {
        let lower = text.lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            let body = String(lower.dropFirst(2))
            guard validUnderscores(body, allowLeading: true),
                  let value = UInt64(body.replacingOccurrences(of: "_", with: ""), radix: radix) else { return nil }
            return .integer(String(value))
        }
        if lower.wholeMatch(of: /(?:0(?:_?0)*|[1-9](?:_?[0-9])*)/) != nil {
            var digits = lower.replacingOccurrences(of: "_", with: "")
            while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
            return .integer(digits)
        }
        let digitPart = /[0-9](?:_?[0-9])*/
        let exponent = /(?:e[+-]?[0-9](?:_?[0-9])*)/
        let floatPattern = Regex {
            ChoiceOf {
                Regex { digitPart; "."; Optionally { digitPart }; Optionally { exponent } }
                Regex { "."; digitPart; Optionally { exponent } }
                Regex { digitPart; exponent }
            }
        }
        if lower.wholeMatch(of: floatPattern) != nil, let value = Double(lower.replacingOccurrences(of: "_", with: "")) {
            return .float(value)
        }
        return nil
    }

    private static func validUnderscores(_ body: String, allowLeading: Bool) -> Bool {
        !body.isEmpty && !body.hasSuffix("_") && !body.contains("__") && (allowLeading || !body.hasPrefix("_"))
    }
}
