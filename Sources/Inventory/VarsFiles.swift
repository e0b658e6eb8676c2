import Basics
import Foundation
import Vault
import Yams

/// group_vars/ and host_vars/ beside an inventory, found as Ansible's host_group_vars plugin
/// finds them: `NAME`, `NAME.yml`, `NAME.yaml` or `NAME.json` (the first that exists), or a
/// `NAME/` directory whose files are read in sorted order, recursively, skipping hidden files
/// and `~` backups. Later files replace earlier top-level keys.
enum VarsFiles {
    static let extensions = ["", ".yml", ".yaml", ".json"]

    static func load(directory: String, name: String, keyring: VaultKeyring) throws(UserError) -> [String: InventoryVariable] {
        var merged: [String: InventoryVariable] = [:]
        for path in files(directory: directory, name: name) {
            for (key, variable) in try parse(path: path, keyring: keyring) { merged[key] = variable }
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

    static func parse(path: String, keyring: VaultKeyring) throws(UserError) -> [String: InventoryVariable] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read vars file '\(path)'")
        }
        return try parse(text, file: path, keyring: keyring)
    }

    /// A file encrypted whole is decrypted first; each of its variables is then secret, located
    /// at the vault header (the plaintext's lines are not the file's). A `!vault` value is kept
    /// encrypted (`InventoryVariable.Secrecy.sealed`) when no password given decrypts it.
    /// `kind` names the document in the refusal of one that is not a mapping.
    static func parse(_ text: String, file: String, keyring: VaultKeyring,
                      kind: String = "a vars file") throws(UserError) -> [String: InventoryVariable] {
        let (plaintext, wasEncrypted) = try AnsibleVault.plaintext(of: text, file: file, keyring: keyring)
        let root: Node?
        do {
            root = try Yams.compose(yaml: plaintext)
        } catch let error as YamlError {
            throw yamlError(error, file: file, decrypted: wasEncrypted)
        } catch {
            throw UserError("\(error)", at: SourceLocation(file: file))
        }
        guard let root else { return [:] }
        let header = SourceLocation(file: file, line: 1, column: 1)
        func place(_ node: Node) -> SourceLocation { wasEncrypted ? header : location(node, file: file) }
        if let tag = YAMLTag(of: root) { throw refusal(tag, of: "the document", at: place(root)) }
        guard root.tag.description != Tag.Name.null.rawValue else { return [:] }
        guard case .mapping(let mapping) = root else {
            throw UserError("\(kind) must hold a mapping of variable names to values", at: place(root))
        }
        var variables: [String: InventoryVariable] = [:]
        for (key, value) in mapping {
            let name = if let scalar = key.scalar { scalar.string } else { try YAMLValue.value(of: key).compactJSON }
            try refuseTags(key: key, value: value, name: name, file: file, at: wasEncrypted ? header : nil)
            if wasEncrypted {
                variables[name] = InventoryVariable(value: .string("<secret>"), text: try YAMLValue.text(of: value),
                                                    location: header, secrecy: .secret(YAMLValue.scalarTexts(of: value)))
            } else {
                variables[name] = try variable(value, file: file, keyring: keyring)
            }
        }
        return variables
    }

    /// A variable, decrypting the `!vault` values in it with `keyring`.
    private static func variable(_ value: Node, file: String, keyring: VaultKeyring) throws(UserError) -> InventoryVariable {
        let listed = try YAMLValue.value(of: value)
        let vaulted = YAMLTag.vaultScalars(in: value)
        guard !vaulted.isEmpty else {
            return InventoryVariable(value: listed, text: try YAMLValue.text(of: value), location: location(value, file: file))
        }
        for node in vaulted {
            _ = try AnsibleVault.cipherText(node.scalar?.string ?? "", at: location(node, file: file))
        }
        var plaintexts: [String] = []
        do {
            let text = try YAMLValue.text(of: value) { envelope, node throws(UserError) in
                let at = location(node, file: file)
                let plaintext = try AnsibleVault.decrypt(try AnsibleVault.cipherText(envelope, at: at), at: at, keyring: keyring)
                plaintexts.append(plaintext)
                return .string(plaintext)
            }
            return InventoryVariable(value: listed, text: text, location: location(value, file: file),
                                     secrecy: .secret(plaintexts))
        } catch {
            return InventoryVariable(value: listed, text: "", location: location(value, file: file), secrecy: .sealed(error))
        }
    }

    /// A top-level `<<` merges into the document; any other tag belongs to the variable.
    /// `place`: where to report it instead of the node's mark (a decrypted file's header).
    private static func refuseTags(key: Node, value: Node, name: String, file: String,
                                   at place: SourceLocation?) throws(UserError) {
        if let (node, tag) = YAMLTag.first(in: key) {
            let subject = tag == .merge ? "the document" : "variable '\(name)'"
            throw refusal(tag, of: subject, at: place ?? location(node, file: file))
        }
        if let (node, tag) = YAMLTag.first(in: value, allowingVault: place == nil) {
            throw refusal(tag, of: "variable '\(name)'", at: place ?? location(node, file: file))
        }
    }

    /// What to do instead of a tag glance-push does not read.
    private static func refusal(_ tag: YAMLTag, of subject: String, at location: SourceLocation) -> UserError {
        let instead: String
        switch tag {
        case .vault: instead = "encrypt the value itself (ansible-vault encrypt_string), or the whole file"
        case .unsafe: instead = "remove the tag (glance-push does not expand '{{ }}' in inventory values)"
        case .merge: instead = "write the merged keys out"
        case .other: instead = "remove the tag"
        }
        return UserError(tag.refusal(of: subject) + "; " + instead, at: location)
    }

    private static func location(_ node: Node, file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// In a decrypted file, the line is the plaintext's (`ansible-vault view` shows it).
    private static func yamlError(_ error: YamlError, file: String, decrypted: Bool) -> UserError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            if decrypted {
                return UserError("invalid YAML at line \(mark.line), column \(mark.column) of the decrypted text: \(problem)",
                                 at: SourceLocation(file: file, line: 1, column: 1))
            }
            return UserError("invalid YAML: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return UserError("invalid YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}
