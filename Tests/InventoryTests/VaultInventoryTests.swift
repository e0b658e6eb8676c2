import Foundation
import Inventory
import Vault
import XCTest

/// group_vars/ and host_vars/ encrypted by the real ansible-vault (Fixtures/vault, made by
/// scripts/gen-vault-fixtures): inline `!vault` values (1.1, and 1.2 labelled `prod` nested in
/// a mapping) and a host_vars file encrypted whole for `prod`.
final class VaultInventoryTests: XCTestCase {
    static let defaultPassword = VaultKeyring.Identity(label: "default", password: VaultPassword("correct horse battery"))
    static let prodPassword = VaultKeyring.Identity(label: "prod", password: VaultPassword("prod staple 42"))

    private func fixture() throws -> String {
        try FixturePaths.root().appendingPathComponent("vault").path
    }

    private func load(_ identities: [VaultKeyring.Identity]) throws -> Inventory {
        try Inventory.load(path: try fixture() + "/hosts.ini", keyring: VaultKeyring(identities))
    }

    private func loadError(_ identities: [VaultKeyring.Identity]) throws -> String {
        do {
            _ = try load(identities)
            return "loaded"
        } catch {
            return "\(error)".replacingOccurrences(of: try fixture(), with: "$FIXTURE")
        }
    }

    func testDecryptedValuesAreTheExactTextsAndSecret() throws {
        let inventory = try load([Self.defaultPassword, Self.prodPassword])
        let ctl01 = try XCTUnwrap(inventory.host(named: "ctl01"))
        XCTAssertEqual(ctl01.vars["db_password"], "db-pass-0f9c2e")
        XCTAssertEqual(ctl01.vars["rabbit"], #"{"password": "rabbit-pass-77aa01", "user": "glance"}"#)
        XCTAssertEqual(ctl01.vars["api_key"], "key-from-vault-file-3e1d")
        XCTAssertEqual(ctl01.vars["workers"], "4")
        XCTAssertEqual(ctl01.vars["db_user"], "ctl01-user")
        XCTAssertEqual(ctl01.secrets, [
            "db_password": ["db-pass-0f9c2e"], "rabbit": ["rabbit-pass-77aa01"],
            "api_key": ["key-from-vault-file-3e1d"], "workers": ["4"], "db_user": ["ctl01-user"],
        ])
        XCTAssertEqual(ctl01.sealed, [:])
        let ctl02 = try XCTUnwrap(inventory.host(named: "ctl02"))
        XCTAssertEqual(ctl02.vars["db_user"], "glance")
        XCTAssertEqual(Set(ctl02.secrets.keys), ["db_password", "rabbit"])
        XCTAssertEqual(inventory.variables(of: "ctl01")["api_key"]?.location.description,
                       try fixture() + "/host_vars/ctl01.yml:1:1")
    }

    func testInlineValuesInHostVarsBeatGroupVars() throws {
        let inline = try String(contentsOfFile: try fixture() + "/group_vars/controllers.yml", encoding: .utf8)
        let directory = try temporaryInventory("[controllers]\nctl01\n", files: [
            "group_vars/all.yml": "db_password: plain-group-value\n",
            "host_vars/ctl01/vault.yml": inline,
        ])
        let inventory = try Inventory.load(path: directory + "/hosts.ini",
                                           keyring: VaultKeyring([Self.prodPassword, Self.defaultPassword]))
        let host = try XCTUnwrap(inventory.host(named: "ctl01"))
        XCTAssertEqual(host.vars["db_password"], "db-pass-0f9c2e")
        XCTAssertEqual(host.secrets["db_password"], ["db-pass-0f9c2e"])
        XCTAssertEqual(inventory.variables(of: "ctl01")["db_password"]?.location.description,
                       directory + "/host_vars/ctl01/vault.yml:2:14")
    }

    func testAFileEncryptedWholeNeedsItsPasswordToLoad() throws {
        XCTAssertEqual(try loadError([]), "$FIXTURE/host_vars/ctl01.yml:1:1: this is encrypted with Ansible Vault and no "
            + "vault password was given; use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE")
        XCTAssertEqual(try loadError([Self.defaultPassword]), "$FIXTURE/host_vars/ctl01.yml:1:1: decryption failed (wrong "
            + "vault password for vault id 'default'?); it was encrypted for vault id 'prod': give --vault-id prod@FILE")
    }

    /// As in Ansible, an inline value needs its password only when it is used.
    func testAnInlineValueNoPasswordDecryptsIsSealedUntilUsed() throws {
        let inventory = try load([Self.prodPassword])
        let ctl02 = try XCTUnwrap(inventory.host(named: "ctl02"))
        XCTAssertNil(ctl02.vars["db_password"])
        XCTAssertEqual(ctl02.sealed["db_password"]?.description, try fixture() + "/group_vars/controllers.yml:2:14: "
            + "decryption failed (wrong vault password for vault id 'prod'?)")
        XCTAssertEqual(ctl02.vars["rabbit"], #"{"password": "rabbit-pass-77aa01", "user": "glance"}"#)

        let directory = try temporaryInventory("[controllers]\nctl01\n", files: [
            "group_vars/controllers.yml": try String(contentsOfFile: try fixture() + "/group_vars/controllers.yml", encoding: .utf8),
        ])
        let unlocked = try Inventory.load(path: directory + "/hosts.ini")
        XCTAssertEqual(unlocked.host(named: "ctl01")?.sealed["rabbit"]?.description, directory
            + "/group_vars/controllers.yml:11:13: this is encrypted with Ansible Vault and no vault password was given; "
            + "use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE")
        XCTAssertEqual(unlocked.host(named: "ctl01")?.vars["db_user"], "glance")
    }

    /// `ansible-inventory --list` prints a `!vault` value as `{"__ansible_vault": ENVELOPE}` with
    /// or without the password, and a value of an encrypted file decrypted: glance-push prints
    /// that one as "<secret>", and everything else as ansible-inventory does.
    func testListMatchesAnsibleInventoryButForTheEncryptedFile() throws {
        let fixture = try fixture()
        let ours = try load([Self.defaultPassword, Self.prodPassword]).ansibleListJSON()
        var theirs = try AnsibleInventoryOracle.run(fixture + "/hosts.ini", [
            "--list", "--vault-password-file", fixture + "/default.pass", "--vault-id", "prod@" + fixture + "/prod.pass",
        ]).trimmingCharacters(in: .newlines)
        for (clear, masked) in [(#""api_key": "key-from-vault-file-3e1d""#, #""api_key": "<secret>""#),
                                (#""workers": 4"#, #""workers": "<secret>""#),
                                (#""db_user": "ctl01-user""#, #""db_user": "<secret>""#)] {
            XCTAssertTrue(theirs.contains(clear), clear)
            theirs = theirs.replacingOccurrences(of: clear, with: masked)
        }
        XCTAssertEqual(ours, theirs)
        XCTAssertFalse(ours.contains("pass-"), "no decrypted value is listed")
        XCTAssertTrue(ours.contains(#""__ansible_vault": "$ANSIBLE_VAULT;1.2;AES256;prod\n"#))
    }

    func testMisplacedHeaderAndMalformedEnvelopes() throws {
        let envelope = "$ANSIBLE_VAULT;1.1;AES256\n3030\n"
        let directory = try temporaryInventory("[web]\nh1\n", files: [
            "group_vars/web.yml": "\n\n" + envelope,
            "host_vars/h1.yml": "a: 1\nb: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  zz\n",
        ])
        func error(_ body: () throws -> Inventory) -> String {
            do { _ = try body(); return "loaded" } catch { return "\(error)" }
        }
        XCTAssertEqual(error { try Inventory.load(path: directory + "/hosts.ini") }, directory + "/group_vars/web.yml:3:1: "
            + "this file starts with an Ansible Vault header after blank lines, where Ansible does not read one: "
            + "remove the lines above '$ANSIBLE_VAULT'")
        try FileManager.default.removeItem(atPath: directory + "/group_vars/web.yml")
        XCTAssertEqual(error { try Inventory.load(path: directory + "/hosts.ini") },
                       directory + "/host_vars/h1.yml:2:4: malformed Ansible Vault data: the vault text is not hex")
    }
}
