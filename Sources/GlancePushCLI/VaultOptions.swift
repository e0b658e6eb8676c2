import Basics
import ArgumentParser
import Inventory
import Vault

/// Ansible's vault password flags, on every command that reads an inventory or a playbook.
/// Passwords are collected as Ansible collects them: each `--vault-id`, then each
/// `--vault-password-file` (vault id `default`), then `--ask-vault-pass` (`default`). Unlike
/// Ansible, which only warns about a password file it cannot read while another one works,
/// any source that gives no password is an error.
struct VaultOptions: ParsableArguments {
    @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")],
            help: ArgumentHelp("Vault password file (vault id 'default'); an executable one is run and its stdout is the password (repeatable).",
                               valueName: "file"))
    var vaultPasswordFiles: [String] = []

    @Flag(name: [.customLong("ask-vault-pass"), .customLong("ask-vault-password"), .customShort("J")],
          help: "Ask for the vault password (vault id 'default') on the terminal.")
    var askVaultPass = false

    @Option(name: .customLong("vault-id"),
            help: ArgumentHelp("A vault password by vault id: LABEL@FILE or LABEL@prompt (repeatable).", valueName: "label@source"))
    var vaultIDs: [String] = []

    func validate() throws {
        if askVaultPass && !vaultPasswordFiles.isEmpty {
            throw ValidationError("--ask-vault-pass and --vault-password-file cannot be used together (as in Ansible); "
                + "use --vault-id LABEL@prompt beside password files")
        }
        for id in vaultIDs where Self.split(id).source.isEmpty {
            throw ValidationError("--vault-id '\(id)' names no password source: give LABEL@FILE or LABEL@prompt")
        }
    }

    /// The passwords, read (and asked for) now; an empty keyring when no flag was given.
    func keyring() throws -> VaultKeyring {
        var keyring = VaultKeyring()
        for id in vaultIDs {
            let (label, source) = Self.split(id)
            if source == "prompt" || source == "prompt_ask_vault_pass" {
                let prompt = source == "prompt" ? "Vault password (\(label)): " : "Vault password: "
                keyring.add(.init(label: label, password: try PasswordPrompt.password(prompt, flag: "--vault-id \(id)")))
            } else {
                keyring.add(.init(label: label, password: try Self.password(file: source, label: label, flag: "--vault-id")))
            }
        }
        for file in vaultPasswordFiles {
            keyring.add(.init(label: VaultKeyring.defaultLabel,
                              password: try Self.password(file: file, label: VaultKeyring.defaultLabel, flag: "--vault-password-file")))
        }
        if askVaultPass {
            keyring.add(.init(label: VaultKeyring.defaultLabel,
                              password: try PasswordPrompt.password("Vault password: ", flag: "--ask-vault-pass")))
        }
        return keyring
    }

    /// Ansible's `split_vault_id`: before the first `@` is the label (`default` when empty or
    /// absent), after it the source.
    static func split(_ id: String) -> (label: String, source: String) {
        guard let at = id.firstIndex(of: "@") else { return (VaultKeyring.defaultLabel, id) }
        let label = String(id[..<at])
        return (label.isEmpty ? VaultKeyring.defaultLabel : label, String(id[id.index(after: at)...]))
    }

    private static func password(file: String, label: String, flag: String) throws -> VaultPassword {
        do {
            return try VaultPasswordFile.password(at: file, label: label)
        } catch {
            throw UserError("\(flag): \(error)")
        }
    }
}
