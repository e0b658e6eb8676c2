/// The vault passwords a command was given, each under its vault id (`default` unless a
/// `--vault-id LABEL@…` names one), in the order Ansible collects them: every `--vault-id`, then
/// every `--vault-password-file`, then `--ask-vault-pass`.
public struct VaultKeyring: Sendable {
    public static let defaultLabel = "default"

    public struct Identity: Sendable {
        public var label: String
        public var password: VaultPassword

        public init(label: String, password: VaultPassword) {
            self.label = label
            self.password = password
        }
    }

    public private(set) var identities: [Identity]

    public init(_ identities: [Identity] = []) {
        self.identities = identities
    }

    public var isEmpty: Bool { identities.isEmpty }

    public mutating func add(_ identity: Identity) {
        identities.append(identity)
    }

    /// The passwords to try on a value whose header names `label`: those of that vault id
    /// first, then every other one in order. Ansible tries them all too (its vault_id_match
    /// setting, off by default, would stop after the first group); a wrong password fails the
    /// HMAC check, so the order changes only how many are tried.
    func candidates(for label: String?) -> [Identity] {
        guard let label else { return identities }
        return identities.filter { $0.label == label } + identities.filter { $0.label != label }
    }
}
