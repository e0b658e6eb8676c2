import Foundation

/// Parsed JSON that keeps number text and the bool/number distinction, so two documents can be
/// compared structurally without Foundation's NSNumber conflating `true` and `1`.
indirect enum JSONTree: Equatable, CustomStringConvertible {
    case object([String: JSONTree])
    case array([JSONTree])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> JSONTree {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.scalars.count else { throw Malformed(description: "trailing text at \(reader.index)") }
        return value
    }

    var description: String {
        switch self {
        case .object(let entries): return "{" + entries.keys.sorted().map { "\($0): \(entries[$0] ?? .null)" }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .string(let text): return "\"\(text)\""
        case .number(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        case .null: return "null"
        }
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, " \n\r\t".unicodeScalars.contains(scalars[index]) { index += 1 }
        }

        mutating func value() throws -> JSONTree {
            skipSpace()
            guard index < scalars.count else { throw Malformed(description: "unexpected end") }
            switch scalars[index] {
            case "{":
                index += 1
                var entries: [String: JSONTree] = [:]
                skipSpace()
                if scalars[index] == "}" { index += 1; return .object(entries) }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw Malformed(description: "key at \(index)") }
                    skipSpace()
                    try expect(":")
                    entries[key] = try value()
                    skipSpace()
                    if scalars[index] == "}" { index += 1; return .object(entries) }
                    try expect(",")
                }
            case "[":
                index += 1
                var items: [JSONTree] = []
                skipSpace()
                if scalars[index] == "]" { index += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if scalars[index] == "]" { index += 1; return .array(items) }
                    try expect(",")
                }
            case "\"":
                return .string(try string())
            default:
                var word = ""
                while index < scalars.count, !",]} \n\r\t".unicodeScalars.contains(scalars[index]) {
                    word.unicodeScalars.append(scalars[index])
                    index += 1
                }
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                case "Infinity": return .number(.infinity)
                case "-Infinity": return .number(-.infinity)
                default:
                    guard let number = Double(word) else { throw Malformed(description: "bad literal '\(word)'") }
                    return .number(number)
                }
            }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            guard index < scalars.count, scalars[index] == c else { throw Malformed(description: "expected \(c) at \(index)") }
            index += 1
        }

        mutating func string() throws -> String {
            index += 1
            var units: [UInt16] = []
            while index < scalars.count, scalars[index] != "\"" {
                let c = scalars[index]
                index += 1
                guard c == "\\" else { units += Array(String(c).utf16); continue }
                let e = scalars[index]
                index += 1
                switch e {
                case "n": units.append(10)
                case "t": units.append(9)
                case "r": units.append(13)
                case "b": units.append(8)
                case "f": units.append(12)
                case "u":
                    let hex = String(String.UnicodeScalarView(scalars[index..<index + 4]))
                    units.append(UInt16(hex, radix: 16) ?? 0)
                    index += 4
                default: units += Array(String(e).utf16)
                }
            }
            index += 1
            return String(decoding: units, as: UTF16.self)
        }
    }
}
