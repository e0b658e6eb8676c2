import Foundation
import XCTest

/// The vault flags on the commands: bad input exits 1 naming the flag or `file:line`, and what
/// a vault decrypts prints as `<secret>` in plans (fixtures of InventoryTests and
/// PlaybookTests, made by the real ansible-vault).
final class VaultCommandTests: SnapshotTestCase {
    static let plaintexts = ["db-pass-0f9c2e", "rabbit-pass-77aa01", "key-from-vault-file-3e1d", "ctl01-user",
                             "keystone-pass-5b2c90", "rabbit-secret-19d0", "db-secret-8c41", "correct horse", "prod staple"]

    private static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// `$S/vault/`: the inventory fixture, the playbook fixture and its secrets file (0600).
    override func setUpWithError() throws {
        try super.setUpWithError()
        let scratch = try XCTUnwrap(scratch)
        let vault = scratch.path("vault")
        try FileManager.default.copyItem(atPath: Self.tests.appendingPathComponent("InventoryTests/Fixtures/vault").path,
                                         toPath: vault)
        let playbooks = Self.tests.appendingPathComponent("PlaybookTests/Fixtures/vault")
        try FileManager.default.copyItem(atPath: playbooks.appendingPathComponent("site.yml").path, toPath: vault + "/site.yml")
        try FileManager.default.copyItem(atPath: playbooks.appendingPathComponent("secrets.yml").path,
                                         toPath: vault + "/vault-secrets.yml")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: vault + "/vault-secrets.yml")
        try "not the password\n".write(toFile: scratch.path("wrong.pass"), atomically: true, encoding: .utf8)
        let inline = try String(contentsOfFile: vault + "/group_vars/controllers.yml", encoding: .utf8)
            .components(separatedBy: "rabbit:")[0].replacingOccurrences(of: "db_password:", with: "ansible_user:")
        try FileManager.default.createDirectory(atPath: scratch.path("connection/group_vars"), withIntermediateDirectories: true)
        try "[controllers]\nctl01 ansible_host=127.0.0.250 ansible_port=1\n"
            .write(toFile: scratch.path("connection/hosts.ini"), atomically: true, encoding: .utf8)
        try inline.write(toFile: scratch.path("connection/group_vars/all.yml"), atomically: true, encoding: .utf8)
    }

    private let passwords = "--vault-password-file $S/vault/default.pass --vault-id prod@$S/vault/prod.pass"

    func testBadVaultInputExits1() throws {
        try withStandardInputFromDevNull {
            try assertSnapshots([
                ("plan-vault-password-file-missing", "plan -i $S/hosts.ini -p $S/site.yml --vault-password-file $S/missing.pass"),
                ("plan-vault-id-without-source", "plan -i $S/hosts.ini -p $S/site.yml --vault-id prod@"),
                ("deploy-ask-vault-pass-and-file", "deploy -i $S/hosts.ini -p $S/site.yml --ask-vault-pass --vault-password-file $S/wrong.pass"),
                ("inventory-ask-vault-pass-no-terminal", "inventory -i $S/hosts.ini --list --ask-vault-pass"),
                ("ping-vault-id-prompt-no-terminal", "ping -i $S/hosts.ini --vault-id prod@prompt"),
                ("releases-vault-id-missing-file", "releases -i $S/hosts.ini --vault-id prod@$S/missing.pass"),
                ("plan-vault-no-password", "plan -i $S/vault/hosts.ini -p $S/vault/site.yml --secrets $S/vault/vault-secrets.yml"),
                ("plan-vault-wrong-password", "plan -i $S/vault/hosts.ini -p $S/vault/site.yml --secrets $S/vault/vault-secrets.yml "
                    + "--vault-password-file $S/wrong.pass --vault-id prod@$S/vault/prod.pass"),
                ("deploy-vaulted-connection-variable", "deploy -i $S/connection/hosts.ini -p $S/site.yml " + passwords),
            ])
        }
    }

    func testPlanMasksEveryDecryptedValue() throws {
        let plan = "plan -i $S/vault/hosts.ini -p $S/vault/site.yml --secrets $S/vault/vault-secrets.yml " + passwords
        try assertSnapshots([("plan-vault", plan + " --host ctl01")])
        for words in [plan, plan + " --json"] {
            let run = CLIRun.inProcess(try XCTUnwrap(scratch).arguments(words))
            XCTAssertEqual(run.status, 0, run.standardError)
            for plaintext in Self.plaintexts {
                XCTAssertFalse(run.standardOutput.contains(plaintext) || run.standardError.contains(plaintext), plaintext)
            }
            // ctl02's user is in clear; ctl01's came from its encrypted host_vars file.
            XCTAssertTrue(run.standardOutput.contains("glance:<secret>@db1"), words)
            XCTAssertTrue(run.standardOutput.contains("<secret>:<secret>@db1"), words)
        }
    }

    /// Values of a vault-encrypted `-e @FILE` are secrets too.
    func testVaultedExtraVarsFileIsMaskedInThePlan() throws {
        let scratch = try XCTUnwrap(scratch)
        let playbook = try String(contentsOfFile: scratch.path("site.yml"), encoding: .utf8)
            .replacingOccurrences(of: "/var/lib/glance/glance.sqlite", with: "/var/lib/glance/{{ api_key }}.sqlite")
        try playbook.write(toFile: scratch.path("extra-site.yml"), atomically: true, encoding: .utf8)
        try assertSnapshots([("plan-vault-extra-vars-file", "plan -i $S/hosts.ini -p $S/extra-site.yml --host ctl01 "
            + "-e @$S/vault/host_vars/ctl01.yml --vault-id prod@$S/vault/prod.pass")])
    }

    func testInventoryListShowsCiphertextNeverPlaintext() throws {
        try assertSnapshots([("inventory-vault-list", "inventory -i $S/vault/hosts.ini --list " + passwords)])
    }

    /// Runs `body` with /dev/null as standard input, so that no prompt can wait for a terminal.
    private func withStandardInputFromDevNull(_ body: () throws -> Void) throws {
        let saved = dup(STDIN_FILENO)
        let null = open("/dev/null", O_RDONLY)
        XCTAssertGreaterThanOrEqual(saved, 0)
        XCTAssertGreaterThanOrEqual(null, 0)
        dup2(null, STDIN_FILENO)
        close(null)
        defer {
            dup2(saved, STDIN_FILENO)
            close(saved)
        }
        try body()
    }
}
