import Basics
import Foundation
import Vault

/// `-e`/`--extra-vars`, read as Ansible's `load_extra_vars` reads them, in order, later keys
/// replacing earlier ones: `@FILE` (YAML or JSON, as a vars file: encrypted whole or with
/// `!vault` values, which are secret), `{…}` or `[…]` (YAML or JSON text), else `key=value`
/// words (`AnsibleKeyValue`; the values are strings). Beyond Ansible, text with no `=` at all
/// is read as a YAML mapping (`-e 'port: 9292'`), where Ansible would keep it as an unused
/// `_raw_params`. Their precedence is above every inventory variable.
public struct ExtraVars: Sendable, Equatable {
    public private(set) var variables: [String: InventoryVariable] = [:]

    public init() {}

    public var isEmpty: Bool { variables.isEmpty }

    /// Names `-e` cannot set: glance-push names a host by the inventory, and Ansible sets its
    /// magic variables itself whatever `-e` says (VariableManager._get_magic_variables).
    static let reserved: Set<String> = [
        "inventory_hostname", "playbook_dir", "ansible_playbook_python", "ansible_config_file", "groups", "hostvars",
        "play_hosts", "ansible_play_hosts", "ansible_play_hosts_all", "ansible_play_batch", "role_names",
        "ansible_role_names", "ansible_play_role_names", "ansible_dependent_role_names", "ansible_play_name",
        "role_name", "role_path", "role_uuid", "ansible_collection_name", "ansible_role_name",
    ]

    /// `arguments` in command-line order; an error names the argument as `-e #N` (1-based) or
    /// the file's `file:line:column`.
    public static func parse(_ arguments: [String], keyring: VaultKeyring = VaultKeyring()) throws(UserError) -> ExtraVars {
        var extra = ExtraVars()
        for (offset, argument) in arguments.enumerated() where !argument.isEmpty {
            let name = "-e #\(offset + 1)"
            let found = try variables(of: argument, named: name, keyring: keyring)
            for (key, variable) in found {
                if reserved.contains(key) {
                    let reason = key == "inventory_hostname" ? "it is the host's name in the inventory"
                        : "Ansible sets it itself, whatever -e says"
                    throw UserError("-e cannot set '\(key)': \(reason)", at: variable.location)
                }
                extra.variables[key] = variable
            }
        }
        return extra
    }

    private static func variables(of argument: String, named name: String, keyring: VaultKeyring) throws(UserError)
        -> [String: InventoryVariable] {
        let here = SourceLocation(file: name)
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw UserError("cannot read extra vars file '\(path)'", at: here)
            }
            return try VarsFiles.parse(text, file: path, keyring: keyring, kind: "an extra vars file")
        }
        if argument.hasPrefix("/") || argument.hasPrefix(".") {
            throw UserError("'\(argument)' looks like a file: write -e @\(argument) (as Ansible asks)", at: here)
        }
        if argument.hasPrefix("{") || argument.hasPrefix("[") {
            return try VarsFiles.parse(argument, file: name, keyring: keyring, kind: "-e YAML or JSON")
        }
        let parsed: (pairs: [(String, String)], others: [String])
        do {
            parsed = try AnsibleKeyValue.parse(argument)
        } catch {
            throw UserError("'\(argument)': \(error.message)", at: here)
        }
        if parsed.pairs.isEmpty {
            return try VarsFiles.parse(argument, file: name, keyring: keyring, kind: "-e text without '='")
        }
        if let other = parsed.others.first {
            throw UserError("'\(other)' is not key=value (Ansible would keep it as _raw_params, which nothing reads); "
                + "quote a value with spaces: key='a b'", at: here)
        }
        var variables: [String: InventoryVariable] = [:]
        for (key, value) in parsed.pairs {
            variables[key] = InventoryVariable(value: .string(value), text: value, location: here)
        }
        return variables
    }
}

extension Inventory {
    /// The inventory with `extra` set on every host, above all of its own variables.
    public func applying(_ extra: ExtraVars) -> Inventory {
        extra.isEmpty ? self : overlaying(extra.variables)
    }
}
