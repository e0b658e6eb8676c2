import Basics
import Yams

/// YAML nodes typed as PyYAML's YAML 1.1 loader types them.
enum YAMLValue {
    /// A `!vault` scalar as `ansible-inventory` prints it: `{"__ansible_vault": ENVELOPE}`.
    static func listed(_ envelope: String, _ node: Node) -> InventoryValue {
        .map(["__ansible_vault": .string(envelope)])
    }

    /// `vault` gives the value of each `!vault` scalar (from its envelope).
    static func value(of node: Node, vault: (String, Node) throws(UserError) -> InventoryValue = listed)
        throws(UserError) -> InventoryValue {
        if YAMLTag(of: node) == .vault, case .scalar(let scalar) = node { return try vault(scalar.string, node) }
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
            var items: [InventoryValue] = []
            for item in sequence { items.append(try value(of: item, vault: vault)) }
            return .list(items)
        case .mapping(let mapping):
            var entries: [String: InventoryValue] = [:]
            for (key, item) in mapping {
                let typedKey = try value(of: key)
                let name = if case .string(let text) = typedKey { text } else { typedKey.compactJSON }
                entries[name] = try value(of: item, vault: vault)
            }
            return .map(entries)
        }
    }

    /// A scalar's text as written; a list or map as one-line JSON. `vault` as for `value`.
    static func text(of node: Node, vault: (String, Node) throws(UserError) -> InventoryValue = listed)
        throws(UserError) -> String {
        if case .scalar(let scalar) = node, YAMLTag(of: node) != .vault {
            return node.tag.description == Tag.Name.null.rawValue ? "" : scalar.string
        }
        let typed = try value(of: node, vault: vault)
        if case .string(let text) = typed { return text }
        return typed.compactJSON
    }

    /// The texts of every scalar in `node` (keys left out): what a value decrypted from a
    /// vault file holds.
    static func scalarTexts(of node: Node) -> [String] {
        switch node {
        case .scalar(let scalar): return node.tag.description == Tag.Name.null.rawValue ? [] : [scalar.string]
        case .sequence(let items): return items.flatMap(scalarTexts)
        case .mapping(let entries): return entries.flatMap { scalarTexts(of: $0.value) }
        }
    }
}
