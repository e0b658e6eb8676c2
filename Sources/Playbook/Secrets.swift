import Basics
import Foundation
import Inventory
import Vault

/// Named secret values from `secrets.yml` (a flat mapping `name: value`).
/// Values are never printed: `description` lists the names only.
public struct Secrets: Sendable, Equatable, CustomStringConvertible {
    private var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// Secret names, sorted.
    public var names: [String] { values.keys.sorted() }

    public func value(named name: String) -> String? { values[name] }

    public var description: String { "Secrets(\(names.joined(separator: ", ")))" }

    /// Reads a secrets file, refusing one that group or others could read or that anyone could
    /// execute (mode wider than 0600), even when it is encrypted with Ansible Vault (whole, or
    /// value by value), which `keyring` decrypts.
    public static func load(path: String, keyring: VaultKeyring = VaultKeyring()) throws -> Secrets {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw UserError("cannot read secrets file '\(path)'")
        }
        guard let permissions = attributes[.posixPermissions] as? NSNumber else {
            throw UserError("cannot read the mode of secrets file '\(path)'")
        }
        let mode = permissions.uint32Value & 0o7777
        if mode & ~UInt32(0o600) != 0 {
            let octal = "0" + String(mode, radix: 8)
            throw UserError("secrets file '\(path)' has mode \(octal), wider than 0600; "
                + "run 'chmod 600 \(path)'")
        }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read secrets file '\(path)'")
        }
        return try parse(text, file: path, keyring: keyring)
    }

    /// Parses `name: value` lines. Error messages name the secret and its place, never its value.
    public static func parse(_ text: String, file: String, keyring: VaultKeyring = VaultKeyring()) throws -> Secrets {
        let root = try YAMLNode.parse(text, file: file, as: .secrets, keyring: keyring)
        switch root.content {
        case .null:
            return Secrets([:])
        case .mapping(let entries):
            var values: [String: String] = [:]
            for entry in entries {
                guard case .scalar(let value, _) = entry.value.content else {
                    throw UserError("secret '\(entry.key)' must be a single value, not \(entry.value.kindName)",
                                    at: entry.value.location)
                }
                values[entry.key] = value
            }
            return Secrets(values)
        default:
            throw UserError("a secrets file must be a mapping of names to values", at: root.location)
        }
    }
}
