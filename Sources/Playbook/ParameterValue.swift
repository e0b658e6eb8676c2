/// A parameter's value after its type was checked.
public enum ParameterValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    /// A decimal number, kept as written (e.g. `1.0`).
    case number(String)
    case bool(Bool)
    case list([String])
    /// A hash of names to values, in the order written.
    case map([KeyValue])
    /// Left to the role (glance::config's nested hashes); interpolated by it.
    case raw(YAMLNode)

    public struct KeyValue: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// The text a scalar value is written as in an INI file: booleans as `True`/`False`.
    public var text: String {
        switch self {
        case .string(let text), .number(let text): return text
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .list(let items): return items.joined(separator: ",")
        case .map(let pairs): return pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        case .raw: return ""
        }
    }

    public var items: [String] {
        switch self {
        case .list(let items): return items
        case .raw: return []
        default: return [text]
        }
    }
}

extension ParameterValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: String...) { self = .list(elements) }
}

/// What a parameter is when the playbook does not give it.
public enum DefaultValue: Sendable, Equatable {
    /// puppet's `<SERVICE DEFAULT>` / undef: the keys it writes are removed.
    case unset
    case value(ParameterValue)
    /// The role fails without it.
    case required
    /// puppet's `$::os_workers`: CPUs ÷ 2, clamped to 2…12 (CPUs from `ansible_processor_vcpus`, else 2).
    case osWorkers
}

extension DefaultValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .value(.string(value)) }
    public init(integerLiteral value: Int) { self = .value(.integer(value)) }
    public init(booleanLiteral value: Bool) { self = .value(.bool(value)) }
    public init(arrayLiteral elements: String...) { self = .value(.list(elements)) }
}
