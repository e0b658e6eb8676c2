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

    /// Parses one YAML document with `Yams.compose`; an empty document is `.null`.
    static func parse(_ text: String, file: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return YAMLNode(.null, at: SourceLocation(file: file, line: 1, column: 1))
            }
            return try YAMLNode(node, file: file)
        } catch let error as YamlError {
            throw UserError.yaml(error, file: file)
        }
    }

    private init(_ node: Node, file: String) throws {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            let isPlain = scalar.style == .plain || scalar.style == .any
            if isPlain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                self.init(.null, at: location)
            } else {
                self.init(.scalar(scalar.string, isPlain: isPlain), at: location)
            }
        case .sequence(let sequence):
            self.init(.sequence(try sequence.map { try YAMLNode($0, file: file) }), at: location)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            for (keyNode, valueNode) in mapping {
                let keyLocation = SourceLocation(
                    file: file, line: keyNode.mark?.line ?? 0, column: keyNode.mark?.column ?? 0)
                guard case .scalar(let key) = keyNode else {
                    throw UserError("a mapping key must be a plain name", at: keyLocation)
                }
                if let first = entries.first(where: { $0.key == key.string }) {
                    throw UserError("duplicate key '\(key.string)' (first at line \(first.keyLocation.line))",
                                    at: keyLocation)
                }
                entries.append(YAMLEntry(key: key.string, keyLocation: keyLocation,
                                         value: try YAMLNode(valueNode, file: file)))
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
