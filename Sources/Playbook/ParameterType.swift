/// The type a role parameter accepts, checked before any host is touched (or, for values with
/// `{{ … }}`, once the host's variables are known).
public enum ParameterType: Sendable, Equatable {
    case string
    /// An integer, optionally within a range.
    case integer(ClosedRange<Int>?)
    case port
    case number
    case bool
    case oneOf([String])
    /// A list; a single string is refused. `style` says how it is written.
    case list(ListStyle)
    /// A list, or one string taken as a list of one.
    case stringOrList(ListStyle)
    /// A hash of names to scalars.
    case map
    /// `present`, `installed`, `latest`, `absent`, `purged` or a Debian version.
    case packageEnsure
    /// Handed to the role unchecked (nested hashes).
    case raw

    public static let integer = ParameterType.integer(nil)
    public static let list = ParameterType.list(.comma)
    public static let stringOrList = ParameterType.stringOrList(.comma)

    public enum ListStyle: Sendable, Equatable {
        /// `a,b`
        case comma
        /// `[a,b]` (glance's enabled_import_methods)
        case bracketed
        /// one `key = item` line per item (oslo's MultiStrOpt)
        case multiLine
    }

    /// "an integer", "true or false", …: what the value must be, for messages.
    package var expectation: String {
        switch self {
        case .string: return "a string"
        case .integer(let range?): return "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .integer(nil): return "an integer"
        case .port: return "a port number from 1 to 65535"
        case .number: return "a number"
        case .bool: return "true or false"
        case .oneOf(let choices): return "one of " + choices.joined(separator: ", ")
        case .list: return "a list"
        case .stringOrList: return "a string or a list"
        case .map: return "a mapping"
        case .packageEnsure: return "present, installed, latest, absent, purged or a package version"
        case .raw: return "a mapping"
        }
    }

    var isScalar: Bool {
        switch self {
        case .list, .stringOrList, .map, .raw: return false
        default: return true
        }
    }

    /// Types one scalar's text; nil when it does not fit.
    package func scalarValue(_ text: String) -> ParameterValue? {
        switch self {
        case .string: return .string(text)
        case .integer(let range):
            guard let number = Int(text) else { return nil }
            if let range, !range.contains(number) { return nil }
            return .integer(number)
        case .port:
            guard let number = Int(text), (1...65535).contains(number) else { return nil }
            return .integer(number)
        case .number:
            return Double(text) == nil ? nil : .number(text)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: return nil
            }
        case .oneOf(let choices):
            return choices.contains(text) ? .string(text) : nil
        case .packageEnsure:
            if ["present", "installed", "latest", "absent", "purged"].contains(text) { return .string(text) }
            let isVersion = text.first?.isNumber == true
                && text.allSatisfy { $0.isLetter || $0.isNumber || ".+~:-".contains($0) }
            return isVersion ? .string(text) : nil
        case .list, .stringOrList, .map, .raw:
            return nil
        }
    }
}
