import Basics
import Inventory
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

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
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
    /// glance-push does not read, or a file encrypted with Ansible Vault, is refused.
    static func parse(_ text: String, file: String, as document: YAMLDocument = .playbook) throws -> YAMLNode {
        if let line = AnsibleVault.headerLine(of: text) {
            throw UserError(AnsibleVault.encryptedFile + "; " + document.insteadOfEncryptedFile(file),
                            at: SourceLocation(file: file, line: line, column: 1))
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return YAMLNode(.null, at: SourceLocation(file: file, line: 1, column: 1))
            }
            return try YAMLNode(node, file: file, document: document, keys: [])
        } catch let error as YamlError {
            throw UserError.yaml(error, file: file)
        }
    }

    /// `keys` are the mapping keys above the node, outermost first.
    fileprivate init(_ node: Node, file: String, document: YAMLDocument, keys: [String]) throws {
        let location = Self.location(of: node, file: file)
        if let tag = YAMLTag(of: node) { throw document.refusal(tag, keys: keys, at: location) }
        switch node {
        case .scalar(let scalar):
            if node.tag.description == Tag.Name.null.rawValue {
                self.init(.null, at: location)
            } else {
                let isPlain = scalar.style == .plain || scalar.style == .any
                self.init(.scalar(scalar.string, isPlain: isPlain), at: location)
            }
        case .sequence(let sequence):
            let items = try sequence.map { try YAMLNode($0, file: file, document: document, keys: keys) }
            self.init(.sequence(items), at: location)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            for (keyNode, valueNode) in mapping {
                entries.append(try YAMLEntry(keyNode, valueNode, after: entries, file: file, document: document, keys: keys))
            }
            self.init(.mapping(entries), at: location)
        }
    }

    fileprivate static func location(of node: Node, file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }
}

public struct YAMLEntry: Sendable, Equatable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLNode
}

extension YAMLEntry {
    /// `earlier` are the entries before it in the same mapping, to refuse a duplicate key.
    fileprivate init(_ keyNode: Node, _ valueNode: Node, after earlier: [YAMLEntry], file: String,
                     document: YAMLDocument, keys: [String]) throws {
        let keyLocation = YAMLNode.location(of: keyNode, file: file)
        guard case .scalar(let keyScalar) = keyNode else {
            throw UserError("a mapping key must be a plain name", at: keyLocation)
        }
        let name = keyScalar.string
        if let tag = YAMLTag(of: keyNode) {
            // A merge key belongs to the mapping it merges into; another tag to its own key.
            throw document.refusal(tag, keys: tag == .merge ? keys : keys + [name], at: keyLocation)
        }
        if let first = earlier.first(where: { $0.key == name }) {
            throw UserError("duplicate key '\(name)' (first at line \(first.keyLocation.line))", at: keyLocation)
        }
        self.init(key: name, keyLocation: keyLocation,
                  value: try YAMLNode(valueNode, file: file, document: document, keys: keys + [name]))
    }
}

/// The file a YAML document is, for what a refusal tells the operator to do instead.
enum YAMLDocument: Sendable {
    case playbook
    case secrets

    func insteadOfEncryptedFile(_ file: String) -> String {
        switch self {
        case .playbook:
            return "decrypt it (ansible-vault decrypt \(file)) and move its secrets to secrets.yml beside it "
                + "(mode 0600), used as '{{ secret.NAME }}'"
        case .secrets:
            return "decrypt it (ansible-vault decrypt \(file)) and keep it mode 0600"
        }
    }

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
            return "move the secret to secrets.yml beside the playbook (mode 0600) and write '{{ secret.\(name) }}' here"
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
        case .vault: return "write the value itself here: secrets.yml is read only when its mode is 0600"
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
