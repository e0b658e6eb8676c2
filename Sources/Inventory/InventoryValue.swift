import Basics

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
        var out = ""
        writeJSON(to: &out, depth: depth)
        return out
    }

    /// `json(depth:)` appended to `out`: one growing string, not one per nested value.
    func writeJSON(to out: inout String, depth: Int) {
        switch self {
        case .string(let text): JSONText.appendQuoted(text, to: &out)
        case .integer(let digits): out += digits
        case .float(let number): out += PythonFloat.repr(number, json: true)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                if index > 0 { out += ",\n" }
                JSONText.appendIndent(depth + 1, to: &out)
                item.writeJSON(to: &out, depth: depth + 1)
            }
            out += "\n"
            JSONText.appendIndent(depth, to: &out)
            out += "]"
        case .map(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{\n"
            let sorted = entries.sorted { JSONText.codePointPrecedes($0.key, $1.key) }
            for (index, (key, value)) in sorted.enumerated() {
                if index > 0 { out += ",\n" }
                JSONText.appendIndent(depth + 1, to: &out)
                JSONText.appendQuoted(key, to: &out)
                out += ": "
                value.writeJSON(to: &out, depth: depth + 1)
            }
            out += "\n"
            JSONText.appendIndent(depth, to: &out)
            out += "}"
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
    /// As `ansible-inventory` prints it (see `Secrecy` for a value from Ansible Vault).
    public var value: InventoryValue
    /// The value as a string for glance-push itself: the text as written, without quotes.
    public var text: String
    public var location: SourceLocation
    public var secrecy: Secrecy

    /// Whether a value came out of Ansible Vault, and so is never printed.
    public enum Secrecy: Sendable, Equatable {
        case none
        /// Decrypted: `text` is its plaintext, with these decrypted texts in it (one for a
        /// string; every string in a list or mapping that holds `!vault` values or came from an
        /// encrypted file). `value` shows a `!vault` string as `{"__ansible_vault": ENVELOPE}`
        /// and a value of an encrypted file as `"<secret>"`.
        case secret([String])
        /// Encrypted, and no password given decrypts it: using it is this error (as in Ansible,
        /// a vaulted variable needs its password only when it is used). `text` is empty.
        case sealed(UserError)
    }

    public init(value: InventoryValue, text: String, location: SourceLocation, secrecy: Secrecy = .none) {
        self.value = value
        self.text = text
        self.location = location
        self.secrecy = secrecy
    }

    public var isSecret: Bool { secrecy != .none }
}
