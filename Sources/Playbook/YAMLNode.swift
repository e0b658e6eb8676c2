import Basics
import Inventory
import Vault
import Yams

/// A YAML value that remembers where it was written, so every error can name `file:line:column`.
public struct YAMLNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// A scalar's text; `isPlain` is false for quoted and block scalars.
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
        /// `~`, `null` or nothing at all.
        case null
    }

    public var content: Content
    public var location: SourceLocation
    /// A scalar decrypted from Ansible Vault (a `!vault` value, or any value of secrets.yml
    /// encrypted whole): its text is used as written and shown as `<secret>`.
    public var isSecret: Bool

    public init(_ content: Content, at location: SourceLocation, isSecret: Bool = false) {
        self.content = content
        self.location = location
        self.isSecret = isSecret
    }

    /// The texts of the secret scalars in this node, in document order.
    var secretTexts: [String] {
        switch content {
        case .scalar(let text, _): return isSecret ? [text] : []
        case .sequence(let items): return items.flatMap(\.secretTexts)
        case .mapping(let entries): return entries.flatMap(\.value.secretTexts)
        case .null: return []
        }
    }

    /// "a string", "a list", "a mapping": what this is, for messages.
    public var kindName: String {
        switch content {
        case .scalar: return "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "nothing"
        }
    }

    /// Parses one YAML document with `Yams.compose`; an empty document is `.null`. A tag
    /// glance-push does not read is refused; a `!vault` string is decrypted with `keyring`
    /// (an error at its place when no password given decrypts it). secrets.yml may be
    /// encrypted whole: every value of it is then secret and located at the vault header. A
    /// playbook encrypted whole is refused.
    static func parse(_ text: String, file: String, as document: YAMLDocument = .playbook,
                      keyring: VaultKeyring = VaultKeyring()) throws -> YAMLNode {
        if document == .playbook, VaultCipherText.isEncrypted(text) {
            throw UserError("this playbook is encrypted with Ansible Vault as a whole, which glance-push does not read "
                + "(every value would be secret, role names and host patterns too): decrypt it (ansible-vault decrypt "
                + "\(file)) and encrypt only its secret values (ansible-vault encrypt_string), or move them to "
                + "secrets.yml beside it", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let (plaintext, wasEncrypted) = try AnsibleVault.plaintext(of: text, file: file, keyring: keyring)
        let context = Context(file: file, document: document, keyring: keyring,
                              header: wasEncrypted ? SourceLocation(file: file, line: 1, column: 1) : nil)
        do {
            guard let node = try Yams.compose(yaml: plaintext) else {
                return YAMLNode(.null, at: SourceLocation(file: file, line: 1, column: 1))
            }
            return try YAMLNode(node, context: context, keys: [])
        } catch let error as YamlError {
            guard wasEncrypted else { throw UserError.yaml(error, file: file) }
            throw UserError("invalid YAML in the decrypted text: \(UserError.yaml(error, file: "line").description)",
                            at: context.header)
        }
    }

    /// What every node of one document is read with.
    fileprivate struct Context {
        var file: String
        var document: YAMLDocument
        var keyring: VaultKeyring
        /// The vault header of a file encrypted whole: where its nodes are, and that they are secret.
        var header: SourceLocation?

        func location(of node: Node) -> SourceLocation {
            header ?? SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        }
    }

    /// `keys` are the mapping keys above the node, outermost first.
    fileprivate init(_ node: Node, context: Context, keys: [String]) throws {
        let location = context.location(of: node)
        if let tag = YAMLTag(of: node) {
            guard tag == .vault, context.header == nil, case .scalar(let scalar) = node else {
                throw context.document.refusal(tag, keys: keys, at: location)
            }
            let cipherText = try AnsibleVault.cipherText(scalar.string, at: location)
            self.init(.scalar(try AnsibleVault.decrypt(cipherText, at: location, keyring: context.keyring), isPlain: false),
                      at: location, isSecret: true)
            return
        }
        let isSecret = context.header != nil
        switch node {
        case .scalar(let scalar):
            if node.tag.description == Tag.Name.null.rawValue {
                self.init(.null, at: location)
            } else {
                let isPlain = scalar.style == .plain || scalar.style == .any
                self.init(.scalar(scalar.string, isPlain: isPlain), at: location, isSecret: isSecret)
            }
        case .sequence(let sequence):
            let items = try sequence.map { try YAMLNode($0, context: context, keys: keys) }
            self.init(.sequence(items), at: location)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            for (keyNode, valueNode) in mapping {
                entries.append(try YAMLEntry(keyNode, valueNode, after: entries, context: context, keys: keys))
            }
            self.init(.mapping(entries), at: location)
        }
    }
}

public struct YAMLEntry: Sendable, Equatable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLNode
}

extension YAMLEntry {
    /// `earlier` are the entries before it in the same mapping, to refuse a duplicate key.
    fileprivate init(_ keyNode: Node, _ valueNode: Node, after earlier: [YAMLEntry], context: YAMLNode.Context,
                     keys: [String]) throws {
        let keyLocation = context.location(of: keyNode)
        guard case .scalar(let keyScalar) = keyNode else {
            throw UserError("a mapping key must be a plain name", at: keyLocation)
        }
        let name = keyScalar.string
        if let tag = YAMLTag(of: keyNode) {
            // A merge key belongs to the mapping it merges into; another tag to its own key.
            throw context.document.refusal(tag, keys: tag == .merge ? keys : keys + [name], at: keyLocation)
        }
        if let first = earlier.first(where: { $0.key == name }) {
            throw UserError("duplicate key '\(name)' (first at line \(first.keyLocation.line))", at: keyLocation)
        }
        self.init(key: name, keyLocation: keyLocation,
                  value: try YAMLNode(valueNode, context: context, keys: keys + [name]))
    }
}

/// The file a YAML document is, for what a refusal tells the operator to do instead.
enum YAMLDocument: Sendable {
    case playbook
    case secrets

    /// A playbook names a value by its nearest key, secrets.yml by the secret's name.
    func refusal(_ tag: YAMLTag, keys: [String], at location: SourceLocation) -> UserError {
        switch self {
        case .playbook:
            let name = keys.last
            return UserError(tag.refusal(of: name.map { "'\($0)'" } ?? "this value") + "; "
                + insteadInPlaybook(tag, name: name ?? "NAME"), at: location)
        case .secrets:
            return UserError(tag.refusal(of: keys.first.map { "secret '\($0)'" } ?? "this value") + "; "
                + insteadInSecrets(tag), at: location)
        }
    }

    private func insteadInPlaybook(_ tag: YAMLTag, name: String) -> String {
        switch tag {
        case .vault:
            return "encrypt the string value itself (ansible-vault encrypt_string --name \(name))"
        case .unsafe:
            return "glance-push expands every '{{ }}' in a playbook; put the value in group_vars/ or host_vars/ "
                + "without the tag (inventory values are used as written) and write '{{ \(name) }}' here"
        case .merge:
            return "write the merged keys out"
        case .other:
            return "remove the tag"
        }
    }

    private func insteadInSecrets(_ tag: YAMLTag) -> String {
        switch tag {
        case .vault: return "encrypt the value itself (ansible-vault encrypt_string), or the whole file"
        case .unsafe: return "remove the tag (secret values are used as written)"
        case .merge: return "write the merged keys out"
        case .other: return "remove the tag"
        }
    }
}

extension UserError {
    static func yaml(_ error: YamlError, file: String) -> UserError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text), " } ?? ""
            return UserError("invalid YAML: \(detail)\(problem)",
                             at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return UserError("invalid YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}
