import ArgumentParser
import Foundation
import Playbook
import Vault

/// `--playbook` and `--secrets`, and the hosts the playbook's plays reach.
struct PlaybookOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Playbook (YAML plays binding host patterns to puppet-glance roles).")
    var playbook: String = "playbooks/site.yml"

    @Option(help: "Secrets file, mode 0600 (default: secrets.yml beside the playbook, if present).")
    var secrets: String?

    /// The playbook and its secrets, decrypted with `keyring`.
    func load(keyring: VaultKeyring) throws -> Playbook {
        let secretsPath = secrets ?? URL(fileURLWithPath: playbook).deletingLastPathComponent()
            .appendingPathComponent("secrets.yml").path
        let loadedSecrets: Secrets?
        if secrets != nil || FileManager.default.fileExists(atPath: secretsPath) {
            loadedSecrets = try Secrets.load(path: secretsPath, keyring: keyring)
        } else {
            loadedSecrets = nil
        }
        return try Playbook.load(path: playbook, secrets: loadedSecrets, keyring: keyring)
    }
}
