import Basics
import Vault

/// Ansible Vault in the files glance-push reads: a whole file encrypted with `ansible-vault
/// encrypt` (the header on its first line, as Ansible's `is_encrypted` wants it), and values
/// encrypted one by one (`!vault`, `YAMLTag.vault`). A `VaultError` becomes a `UserError` here,
/// at the place of what could not be read.
public enum AnsibleVault {
    /// The line (1-based) of a vault header after blank lines, where Ansible does not look for
    /// one: such a file is refused, not read as YAML text.
    public static func misplacedHeaderLine(of text: String) -> Int? {
        var lineNumber = 1
        var rest = Substring(text)
        while let first = rest.first, first == "\u{FEFF}" || first.isWhitespace {
            if first.isNewline { lineNumber += 1 }
            rest = rest.dropFirst()
        }
        return rest.hasPrefix(VaultCipherText.headerPrefix) && lineNumber > 1 ? lineNumber : nil
    }

    /// The text of `file`, decrypted when it is an encrypted file. A header after blank lines,
    /// a malformed envelope, no password or a wrong one are errors at the header's line.
    public static func plaintext(of text: String, file: String, keyring: VaultKeyring) throws(UserError)
        -> (text: String, wasEncrypted: Bool) {
        if let line = misplacedHeaderLine(of: text) {
            throw UserError("this file starts with an Ansible Vault header after blank lines, where Ansible does not "
                + "read one: remove the lines above '\(VaultCipherText.headerPrefix)'",
                at: SourceLocation(file: file, line: line, column: 1))
        }
        guard VaultCipherText.isEncrypted(text) else { return (text, false) }
        let header = SourceLocation(file: file, line: 1, column: 1)
        return (try decrypt(try cipherText(text, at: header), at: header, keyring: keyring), true)
    }

    /// A `!vault` value's envelope, parsed (no password needed): a malformed one is refused
    /// where it is written, whether or not the value is used.
    public static func cipherText(_ envelope: String, at location: SourceLocation) throws(UserError) -> VaultCipherText {
        do {
            return try VaultCipherText(envelope)
        } catch {
            throw UserError("\(error)", at: location)
        }
    }

    /// The plaintext as UTF-8 text, as Ansible needs it.
    public static func decrypt(_ cipherText: VaultCipherText, at location: SourceLocation,
                               keyring: VaultKeyring) throws(UserError) -> String {
        let plaintext: [UInt8]
        do {
            plaintext = Array(try cipherText.decrypt(with: keyring))
        } catch {
            throw UserError("\(error)", at: location)
        }
        guard let text = String(validating: plaintext, as: UTF8.self) else {
            throw UserError("the decrypted Ansible Vault data is not UTF-8 text", at: location)
        }
        return text
    }
}
