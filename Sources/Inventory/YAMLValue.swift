import Yams

/// YAML nodes typed as PyYAML's YAML 1.1 loader types them.
enum YAMLValue {
    static func value(of node: Node) -> InventoryValue {
        switch node {
        case .scalar(var scalar):
            // Yams types plain scalars only; PyYAML lets an explicit tag type a quoted one too
            // (`!!int "7"`). An untagged quoted scalar is `!!str`, so this changes nothing else.
            scalar.style = .plain
            switch Tag.Name(rawValue: node.tag.description) {
            case .bool: return Bool.construct(from: scalar).map(InventoryValue.bool) ?? .string(scalar.string)
            case .int:
                // PyYAML's YAML 1.1 resolver has no `0o` octal form; Yams's has.
                let unsigned = scalar.string.drop { $0 == "+" || $0 == "-" }
                if unsigned.hasPrefix("0o") { return .string(scalar.string) }
                return Int.construct(from: scalar).map { .integer(String($0)) } ?? .string(scalar.string)
            case .float: return Double.construct(from: scalar).map(InventoryValue.float) ?? .string(scalar.string)
            case .null: return .null
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            return .list(sequence.map(value(of:)))
        case .mapping(let mapping):
            var entries: [String: InventoryValue] = [:]
            for (key, item) in mapping {
                let typedKey = value(of: key)
                if case .string(let text) = typedKey { entries[text] = value(of: item) } else { entries[typedKey.compactJSON] = value(of: item) }
            }
            return .map(entries)
        }
    }

    /// A scalar's text as written; a list or map as one-line JSON.
    static func text(of node: Node) -> String {
        if case .scalar(let scalar) = node { return node.tag.description == Tag.Name.null.rawValue ? "" : scalar.string }
        return value(of: node).compactJSON
    }
}
