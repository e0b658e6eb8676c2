/// A value that must never be shown: a become password from the inventory or the terminal.
/// Every way Swift prints a value (`"\(secret)"`, `String(describing:)`, `debugPrint`, `dump`)
/// gives `<secret>`; only `revealed` has the text, for the one place that sends it (a command's
/// stdin on the node).
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    public let revealed: String

    public init(_ value: String) {
        revealed = value
    }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// Ansible's connection variables whose values are passwords. Their values are secrets however
/// they are written (inventory line, `:vars`, group_vars/host_vars): `inventory --list/--host`
/// prints them as `<secret>` and a playbook's `{{ ansible_become_password }}` is a secret.
public enum SecretVariables {
    public static let names: Set<String> = [
        "ansible_become_password", "ansible_become_pass", "ansible_sudo_pass", "ansible_su_pass",
        "ansible_password", "ansible_ssh_pass", "ansible_ssh_password",
        "ansible_private_key_passphrase", "ansible_ssh_private_key_passphrase",
    ]

    public static func contains(_ name: String) -> Bool { names.contains(name) }

    /// How output shows such a value.
    public static let masked = "<secret>"
}
