/// A whole file encrypted with Ansible Vault (`ansible-vault encrypt`), which glance-push does
/// not read yet. Values encrypted one by one are `YAMLTag.vault`.
public enum AnsibleVault {
    /// The line (1-based) of the vault header, `$ANSIBLE_VAULT;1.1;AES256` or
    /// `$ANSIBLE_VAULT;1.2;AES256;label`, when the text starts with one (after blank lines).
    public static func headerLine(of text: String) -> Int? {
        var lineNumber = 1
        var rest = Substring(text)
        while let first = rest.first, first == "\u{FEFF}" || first.isWhitespace {
            if first.isNewline { lineNumber += 1 }
            rest = rest.dropFirst()
        }
        return rest.hasPrefix("$ANSIBLE_VAULT;") ? lineNumber : nil
    }

    /// The refusal's first part; each kind of file adds what to do instead.
    public static let encryptedFile = "this file is encrypted with Ansible Vault, which glance-push does not support yet"
}
