import Basics
import Foundation
import Yams

/// group_vars/ and host_vars/ beside an inventory, found as Ansible's host_group_vars plugin
/// finds them: `NAME`, `NAME.yml`, `NAME.yaml` or `NAME.json` (the first that exists), or a
/// `NAME/` directory whose files are read in sorted order, recursively, skipping hidden files
/// and `~` backups. Later files replace earlier top-level keys.
enum VarsFiles {
    static let extensions = ["", ".yml", ".yaml", ".json"]

    static func load(directory: String, name: String) throws(UserError) -> [String: InventoryVariable] {
        var merged: [String: InventoryVariable] = [:]
        for path in files(directory: directory, name: name) {
            for (key, variable) in try parse(path: path) { merged[key] = variable }
        }
        return merged
    }

    static func files(directory: String, name: String) -> [String] {
        let base = (directory as NSString).appendingPathComponent(name)
        for ext in extensions {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + ext, isDirectory: &isDirectory) else { continue }
            return isDirectory.boolValue ? filesInDirectory(base + ext) : [base + ext]
        }
        return []
    }

    private static func filesInDirectory(_ path: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        var found: [String] = []
        for entry in entries.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        where !entry.hasPrefix(".") && !entry.hasSuffix("~") {
            let full = (path as NSString).appendingPathComponent(entry)
            let ext = (entry as NSString).pathExtension
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if ext.isEmpty { found += filesInDirectory(full) }
            } else if ext.isEmpty || extensions.contains("." + ext) {
                found.append(full)
            }
        }
        return found
    }

    static func parse(path: String) throws(UserError) -> [String: InventoryVariable] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read vars file '\(path)'")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws(UserError) -> [String: InventoryVariable] {
        if let line = AnsibleVault.headerLine(of: text) {
            throw UserError(AnsibleVault.encryptedFile + "; move its secrets to the playbook's secrets.yml (mode 0600) "
                + "and use them as '{{ secret.NAME }}'", at: SourceLocation(file: file, line: line, column: 1))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw UserError("\(error)", at: SourceLocation(file: file))
        }
        guard let root else { return [:] }
        if let tag = YAMLTag(of: root) { throw refusal(tag, of: "the document", at: location(root, file: file)) }
        guard root.tag.description != Tag.Name.null.rawValue else { return [:] }
        guard case .mapping(let mapping) = root else {
            throw UserError("a vars file must hold a mapping of variable names to values", at: location(root, file: file))
        }
        var variables: [String: InventoryVariable] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? YAMLValue.value(of: key).compactJSON
            try refuseTags(key: key, value: value, name: name, file: file)
            variables[name] = InventoryVariable(value: YAMLValue.value(of: value), text: YAMLValue.text(of: value),
                                                location: location(value, file: file))
        }
        return variables
    }

    /// A top-level `<<` merges into the document; any other tag belongs to the variable.
    private static func refuseTags(key: Node, value: Node, name: String, file: String) throws(UserError) {
        if let (node, tag) = YAMLTag.first(in: key) {
            let subject = tag == .merge ? "the document" : "variable '\(name)'"
            throw refusal(tag, of: subject, secretName: name, at: location(node, file: file))
        }
        if let (node, tag) = YAMLTag.first(in: value) {
            throw refusal(tag, of: "variable '\(name)'", secretName: name, at: location(node, file: file))
        }
    }

    /// What to do instead of a tag glance-push does not read.
    private static func refusal(_ tag: YAMLTag, of subject: String, secretName: String = "NAME",
                                at location: SourceLocation) -> UserError {
        let instead: String
        switch tag {
        case .vault: instead = "move the secret to the playbook's secrets.yml (mode 0600) and use it as '{{ secret.\(secretName) }}'"
        case .unsafe: instead = "remove the tag (glance-push does not expand '{{ }}' in inventory values)"
        case .merge: instead = "write the merged keys out"
        case .other: instead = "remove the tag"
        }
        return UserError(tag.refusal(of: subject) + "; " + instead, at: location)
    }

    private static func location(_ node: Node, file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    private static func yamlError(_ error: YamlError, file: String) -> UserError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return UserError("invalid YAML: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return UserError("invalid YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}
