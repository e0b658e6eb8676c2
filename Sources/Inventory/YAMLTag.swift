import Yams

/// A YAML tag glance-push does not read. Yams keeps a tag as written and gives an untagged value
/// the tag its resolver finds (`42` is `!!int`, `<<` is `!!merge`). The core schema's tags, and
/// `!!timestamp` and `!!value` (kept as text), read as YAML says; any other tag would be read as
/// its plain text and a merge key as a key named `<<`, losing what they mean, so the files
/// glance-push reads refuse them.
public enum YAMLTag: Sendable, Hashable {
    /// Ansible's `!vault` (or its older `!vault-encrypted`): ciphertext.
    case vault
    /// Ansible's `!unsafe`: a value whose `{{ }}` must never be expanded.
    case unsafe
    /// A merge key, `<<: *defaults` (YAML 1.1's `!!merge`), which Ansible expands.
    case merge
    /// Any other tag, as written (`!!binary`, `!something`).
    case other(String)

    private static let readNames: Set<String> = Set([
        Tag.Name.str, .seq, .map, .bool, .int, .float, .null, .timestamp, .value,
    ].map(\.rawValue))
    private static let yamlPrefix = "tag:yaml.org,2002:"

    /// nil when glance-push reads the node's tag as YAML says.
    public init?(of node: Node) {
        let name = node.tag.description
        if Self.readNames.contains(name) { return nil }
        switch name {
        case "!vault", "!vault-encrypted": self = .vault
        case "!unsafe": self = .unsafe
        case Tag.Name.merge.rawValue: self = .merge
        case let written where written.hasPrefix(Self.yamlPrefix):
            self = .other("!!" + written.dropFirst(Self.yamlPrefix.count))
        case let written: self = .other(written)
        }
    }

    /// The first node, `node` itself or one under it (mapping keys included), in document
    /// order, whose tag glance-push does not read; a scalar tagged `!vault` is read when
    /// `allowingVault` (a `!vault` key, or a `!vault` list or mapping, never is).
    public static func first(in node: Node, allowingVault: Bool = false) -> (node: Node, tag: YAMLTag)? {
        if let tag = YAMLTag(of: node), !(allowingVault && tag == .vault && node.scalar != nil) { return (node, tag) }
        switch node {
        case .scalar:
            return nil
        case .sequence(let items):
            for item in items {
                if let found = first(in: item, allowingVault: allowingVault) { return found }
            }
            return nil
        case .mapping(let entries):
            for (key, value) in entries {
                if let found = first(in: key) ?? first(in: value, allowingVault: allowingVault) { return found }
            }
            return nil
        }
    }

    /// The scalars tagged `!vault` in `node`, in document order.
    public static func vaultScalars(in node: Node) -> [Node] {
        switch node {
        case .scalar: return YAMLTag(of: node) == .vault ? [node] : []
        case .sequence(let items): return items.flatMap(vaultScalars)
        case .mapping(let entries): return entries.flatMap { vaultScalars(in: $0.value) }
        }
    }

    /// Why a value with this tag is refused, naming the value by `subject` (`variable 'x'`);
    /// each kind of file adds what to do instead.
    public func refusal(of subject: String) -> String {
        switch self {
        case .vault: return "\(subject) has a !vault tag where only a string value can be encrypted with Ansible Vault"
        case .unsafe: return "\(subject) has Ansible's !unsafe tag, which glance-push does not support yet"
        case .merge: return "\(subject) uses a YAML merge key ('<<'), which glance-push does not support yet"
        case .other(let written): return "\(subject) has the YAML tag '\(written)', which glance-push does not read"
        }
    }
}
