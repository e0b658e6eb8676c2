/// JSON text pieces as ansible-inventory writes them: Python's `json` with 4-space indent,
/// non-ASCII characters as they are, control characters escaped.
enum JSONText {
    private static let indents = (0..<8).map { String(repeating: " ", count: $0 * 4) }

    static func appendIndent(_ depth: Int, to out: inout String) {
        out += depth < indents.count ? indents[depth] : String(repeating: " ", count: depth * 4)
    }

    /// Python sorts keys by code point.
    static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        keys.sorted(by: codePointPrecedes)
    }

    /// Code point order is the order of the UTF-8 bytes, which compare fastest as buffers.
    static func codePointPrecedes(_ left: String, _ right: String) -> Bool {
        let inPlace = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { leftBytes.lexicographicallyPrecedes($0) }
        }
        return (inPlace ?? nil) ?? left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }

    static func appendQuoted(_ text: String, to out: inout String) {
        // Most names and values need no escape: append them whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    for unit in String(scalar).utf16 { out += "\\u" + hex4(unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
