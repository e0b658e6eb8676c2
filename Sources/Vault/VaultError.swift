/// Why a vault value could not be read. Messages never contain a password or a decrypted byte;
/// the caller puts the `file:line` of the value in front.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The envelope or the hex inside it is not what `ansible-vault` writes.
    case malformed(String)
    /// No password was given at all.
    case noPassword
    /// Every password tried failed the HMAC check. `tried` are their vault ids in the order tried;
    /// `label` is the vault id the envelope names (format 1.2), if any.
    case wrongPassword(tried: [String], label: String?)
    /// A password file or script could not give a password.
    case passwordSource(String)

    public var description: String {
        switch self {
        case .malformed(let reason):
            return "malformed Ansible Vault data: \(reason)"
        case .noPassword:
            return "this is encrypted with Ansible Vault and no vault password was given; "
                + "use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE"
        case .wrongPassword(let tried, let label):
            let ids = tried.map { "'\($0)'" }.joined(separator: ", ")
            var text = "decryption failed (wrong vault password for vault id\(tried.count == 1 ? "" : "s") \(ids)?)"
            if let label, !label.isEmpty, !tried.contains(label) {
                text += "; it was encrypted for vault id '\(label)': give --vault-id \(label)@FILE"
            }
            return text
        case .passwordSource(let reason):
            return reason
        }
    }
}
