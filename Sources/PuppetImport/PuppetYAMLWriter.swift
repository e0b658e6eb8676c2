import Playbook

/// Writes block-style YAML that reads back the same under YAML 1.1 and 1.2 resolvers.
enum PuppetYAMLWriter {
    /// `value` as the body of a mapping entry or sequence item at `indent` spaces; the result
    /// starts with " value" (inline) or "\n…" (nested block) and ends without a newline.
    static func nested(_ value: PuppetYAMLValue, indent: Int) -> String {
        switch value {
        case .mapping(let entries) where !entries.isEmpty:
            return "\n" + mapping(entries, indent: indent)
        case .sequence(let items) where !items.isEmpty:
            return "\n" + sequence(items, indent: indent)
        default:
            return " " + inline(value)
        }
    }

    static func mapping(_ entries: [PuppetYAMLEntry], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return entries.map { entry in
            pad + inline(entry.key) + ":" + nested(entry.value, indent: indent + 2)
        }.joined(separator: "\n")
    }

    static func sequence(_ items: [PuppetYAMLValue], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return items.map { item in
            switch item {
            case .mapping(let entries) where !entries.isEmpty:
                // The first entry shares the dash's line; the rest line up under it.
                let body = mapping(entries, indent: indent + 2)
                return pad + "- " + body.dropFirst(indent + 2)
            case .sequence(let inner) where !inner.isEmpty:
                let body = sequence(inner, indent: indent + 2)
                return pad + "- " + body.dropFirst(indent + 2)
            default:
                return pad + "- " + inline(item)
            }
        }.joined(separator: "\n")
    }

    /// Scalars, and empty collections as `{}` / `[]`.
    static func inline(_ value: PuppetYAMLValue) -> String {
        switch value {
        case .string(let text): return scalar(text)
        case .number(let text): return text
        case .boolean(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .mapping(let entries):
            return "{" + entries.map { inline($0.key) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
        case .sequence(let items):
            return "[" + items.map(inline).joined(separator: ", ") + "]"
        }
    }

    /// YAML 1.1 words that resolve to booleans or null.
    private static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "none",
    ]

    private static func isPlainSafe(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "_-./:@+= ".unicodeScalars.contains(scalar)
    }

    /// The text plain when no YAML resolver could read it as anything but this string,
    /// double-quoted otherwise. Plain scalars start with a letter, `_` or `/` (so numbers,
    /// octal modes, dates, `.inf` and indicators are always quoted) and hold no `: ` or ` #`.
    static func scalar(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isPlain = !text.isEmpty
            && scalars.first.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" || $0 == "/" } == true
            && scalars.allSatisfy(isPlainSafe)
            && scalars.last != " " && scalars.last != ":"
            && !text.contains(": ") && !text.contains(" #")
            && !reservedWords.contains(text.lowercased())
        return isPlain ? text : quoted(text)
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFFFF {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else {
                    result += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return result + "\""
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return false
        default:
            return scalar.value != 0xFEFF && scalar.value != 0x85
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
