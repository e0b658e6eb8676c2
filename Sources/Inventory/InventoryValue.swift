/// A variable's value with the type Ansible gives it: host-line and `:vars` values go through
/// Python's `ast.literal_eval`, group_vars/host_vars values keep their YAML 1.1 type.
public indirect enum InventoryValue: Sendable, Equatable {
    case string(String)
    /// Decimal digits with an optional leading `-`; Python ints have no size limit.
    case integer(String)
    case float(Double)
    case bool(Bool)
    case null
    case list([InventoryValue])
    case map([String: InventoryValue])

    /// The value as Python's `json.dumps(..., sort_keys=True, indent=4)` prints it at `depth`.
    public func json(depth: Int = 0) -> String {
        switch self {
        case .string(let text): return JSONText.quoted(text)
        case .integer(let digits): return digits
        case .float(let number): return PythonFloat.repr(number, json: true)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .list(let items):
            if items.isEmpty { return "[]" }
            let inner = JSONText.indent(depth + 1)
            let body = items.map { inner + $0.json(depth: depth + 1) }.joined(separator: ",\n")
            return "[\n" + body + "\n" + JSONText.indent(depth) + "]"
        case .map(let entries):
            if entries.isEmpty { return "{}" }
            let inner = JSONText.indent(depth + 1)
            let body = JSONText.sortedKeys(entries.keys).map { key in
                inner + JSONText.quoted(key) + ": " + (entries[key] ?? .null).json(depth: depth + 1)
            }
            return "{\n" + body.joined(separator: ",\n") + "\n" + JSONText.indent(depth) + "}"
        }
    }

    /// One-line JSON, used as the text of a list or map value.
    public var compactJSON: String {
        switch self {
        case .list(let items): return "[" + items.map(\.compactJSON).joined(separator: ", ") + "]"
        case .map(let entries):
            let body = JSONText.sortedKeys(entries.keys).map { key in
                JSONText.quoted(key) + ": " + (entries[key] ?? .null).compactJSON
            }
            return "{" + body.joined(separator: ", ") + "}"
        default: return json()
        }
    }
}

/// A variable as one source declared it: its typed value, its text, and where it was written.
public struct InventoryVariable: Sendable, Equatable {
    public var value: InventoryValue
    /// The value as a string for glance-push itself: the text as written, without quotes.
    public var text: String
    public var location: SourceLocation

    public init(value: InventoryValue, text: String, location: SourceLocation) {
        self.value = value
        self.text = text
        self.location = location
    }
}
