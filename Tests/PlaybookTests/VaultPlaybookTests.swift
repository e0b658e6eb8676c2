import Basics
import Foundation
import Inventory
import Playbook
import Vault
import XCTest

/// secrets.yml and playbooks with values encrypted by the real ansible-vault (Fixtures/vault,
/// made by scripts/gen-vault-fixtures): the exact decrypted values, each secret where it lands.
final class VaultPlaybookTests: XCTestCase {
    static let keyring = VaultKeyring([
        .init(label: "default", password: VaultPassword("correct horse battery")),
        .init(label: "prod", password: VaultPassword("prod staple 42")),
    ])

    private func path(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("vault/" + name).path
    }

    /// A copy of a secrets fixture with mode 0600, which git does not keep.
    private func secretsFile(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: try path(name), toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        return copy
    }

    /// A host of the inventory fixture whose db_password came out of a `!vault` value.
    private let host = InventoryHost(name: "ctl01", vars: ["ansible_host": "10.0.0.11", "db_user": "glance",
                                                           "db_password": "db-pass-0f9c2e"],
                                     secrets: ["db_password": ["db-pass-0f9c2e"]])

    func testSecretsFileEncryptedWholeWithALabel() throws {
        let file = try secretsFile("secrets.yml")
        let secrets = try Secrets.load(path: file, keyring: Self.keyring)
        XCTAssertEqual(secrets, Secrets(["rabbit": "rabbit-secret-19d0", "glance_db": "db-secret-8c41"]))
        let onlyDefault = VaultKeyring([.init(label: "default", password: VaultPassword("correct horse battery"))])
        XCTAssertEqual(Sample.error { try Secrets.load(path: file, keyring: onlyDefault) },
                       file + ":1:1: decryption failed (wrong vault password for vault id 'default'?); "
                       + "it was encrypted for vault id 'prod': give --vault-id prod@FILE")
    }

    func testSecretsFileWithAnInlineValue() throws {
        let file = try secretsFile("secrets-inline.yml")
        let secrets = try Secrets.load(path: file, keyring: Self.keyring)
        XCTAssertEqual(secrets, Secrets(["rabbit": "rabbit-plain-value", "glance_db": "db-inline-secret-a7f3"]))
        let wrong = VaultKeyring([.init(label: "default", password: VaultPassword("correct horse"))])
        XCTAssertEqual(Sample.error { try Secrets.load(path: file, keyring: wrong) },
                       file + ":2:12: decryption failed (wrong vault password for vault id 'default'?)")
    }

    private func settings() throws -> [String: ConfigSetting] {
        let playbook = try Playbook.load(path: try path("site.yml"), secrets: nil, keyring: Self.keyring)
        let outputs = try playbook.render(host: host, release: .debian12Zed, includes: { _ in true })
        return Dictionary(outputs.flatMap(\.settings).map { ("\($0.section)/\($0.key)", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func testInlineRoleParameterIsDecryptedAndMaskedAsSecret() throws {
        let password = try XCTUnwrap(try settings()["keystone_authtoken/password"])
        XCTAssertEqual(password.value, .set("keystone-pass-5b2c90"))
        XCTAssertTrue(password.isSecret)
        XCTAssertEqual(password.secretValues, ["keystone-pass-5b2c90"])
        XCTAssertEqual(password.maskedValue, .set("<secret>"))
    }

    /// The vaulted inventory variable is `<secret>` exactly where it was interpolated.
    func testVaultedInventoryVariableIsMaskedWhereItLands() throws {
        let connection = try XCTUnwrap(try settings()["database/connection"])
        XCTAssertEqual(connection.value, .set("mysql+pymysql://glance:db-pass-0f9c2e@db1/glance"))
        XCTAssertTrue(connection.isSecret)
        XCTAssertEqual(connection.secretValues, ["db-pass-0f9c2e"])
        XCTAssertEqual(connection.maskedValue, .set("mysql+pymysql://glance:<secret>@db1/glance"))
        let bind = try XCTUnwrap(try settings()["DEFAULT/bind_host"])
        XCTAssertFalse(bind.isSecret)
    }

    /// puppet's os_workers counted from a vaulted CPU count would tell it.
    func testWorkersFromAVaultedCPUCountAreSecret() throws {
        var vaulted = host
        vaulted.vars["ansible_processor_vcpus"] = "16"
        vaulted.secrets["ansible_processor_vcpus"] = ["16"]
        let playbook = try Playbook.load(path: try path("site.yml"), secrets: nil, keyring: Self.keyring)
        let workers = try playbook.render(host: vaulted, release: .debian12Zed, includes: { _ in true })
            .flatMap(\.settings).first { $0.section == "DEFAULT" && $0.key == "workers" }
        XCTAssertEqual(workers?.value, .set("8"))
        XCTAssertEqual(workers?.isSecret, true)
        vaulted.vars["ansible_processor_vcpus"] = nil
        vaulted.secrets = [:]
        vaulted.sealed = ["ansible_processor_vcpus": UserError("no password", at: SourceLocation(file: "h.yml", line: 3, column: 2))]
        XCTAssertEqual(Sample.error { try playbook.render(host: vaulted, release: .debian12Zed, includes: { _ in true }) },
                       try path("site.yml") + ":3:5: variable 'ansible_processor_vcpus' (h.yml:3:2) cannot be used for "
                       + "the default workers: no password")
    }

    func testASealedVariableIsAnErrorWhereItIsUsed() throws {
        var sealedHost = host
        sealedHost.vars["db_password"] = nil
        sealedHost.secrets = [:]
        sealedHost.sealed = ["db_password": UserError("decryption failed (wrong vault password for vault id 'prod'?)",
                                                       at: SourceLocation(file: "group_vars/controllers.yml", line: 2, column: 14))]
        let playbook = try Playbook.load(path: try path("site.yml"), secrets: nil, keyring: Self.keyring)
        XCTAssertEqual(Sample.error { try playbook.render(host: sealedHost, release: .debian12Zed, includes: { _ in true }) },
                       try path("site.yml") + ":6:28: variable 'db_password' (group_vars/controllers.yml:2:14) cannot be "
                       + "used: decryption failed (wrong vault password for vault id 'prod'?)")
    }

    func testAPlaybookWithoutItsPasswordIsRefusedAtTheValue() throws {
        XCTAssertEqual(Sample.error { try Playbook.load(path: try self.path("site.yml"), secrets: nil) },
                       try path("site.yml") + ":10:17: this is encrypted with Ansible Vault and no vault password was "
                       + "given; use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE")
    }

    /// A decrypted value in a message is `<secret>`, and one that is not of the parameter's type
    /// says so without quoting it.
    func testMessagesNeverQuoteADecryptedValue() throws {
        let text = try String(contentsOfFile: try path("site.yml"), encoding: .utf8)
            .replacingOccurrences(of: "      password: !vault", with: "      memcache_pool_maxsize: !vault")
            .replacingOccurrences(of: "      auth_url: http://keystone:5000\n", with: "      auth_url: http://keystone:5000\n      password: x\n")
        XCTAssertEqual(Sample.error { try Playbook.parse(text, file: "site.yml", secrets: nil, keyring: Self.keyring) },
                       "site.yml:11:30: 'memcache_pool_maxsize' must be an integer from 1 to 9223372036854775807, got <secret>")
    }

    func testPlayKeysCannotBeVaulted() throws {
        let vaulted = try String(contentsOfFile: try path("site.yml"), encoding: .utf8)
            .components(separatedBy: "password: ")[1]
        let text = "- hosts: controllers\n  pre_restart: " + vaulted.replacingOccurrences(of: "\n          ", with: "\n    ")
            + "  roles: {}\n"
        XCTAssertEqual(Sample.error { try Playbook.parse(text, file: "site.yml", secrets: nil, keyring: Self.keyring) },
                       "site.yml:2:16: 'pre_restart' cannot be encrypted with Ansible Vault: glance-push prints and logs "
                       + "it (only role parameters can be secret)")
    }
}
