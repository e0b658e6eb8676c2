import Foundation
import LabSupport
import XCTest

/// A vaulted inventory variable deployed to a real node (lab node 41): `--check --diff`,
/// `--report` and the `-vvv` log show `<secret>` where it lands and never the value or the
/// password; a wrong password touches nothing.
final class VaultDeployTests: XCTestCase {
    private static let node = 41
    private static let value = "db-pass-0f9c2e"
    private static let password = "correct horse battery"
    private var scratch = URL(fileURLWithPath: "/nonexistent")

    override func setUpWithError() throws {
        let result = try Lab.shell(Lab.repository.path + "/scripts/lab", "up-nodes", String(Self.node), "--dir", Lab.directory)
        guard result.status == 0 else { throw XCTSkip("scripts/lab up-nodes \(Self.node) failed: \(result.output)") }
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-vault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("group_vars"), withIntermediateDirectories: true)
        let fixtures = Lab.repository.appendingPathComponent("Tests/InventoryTests/Fixtures/vault")
        // db_user and the !vault db_password (format 1.1, vault id default) of the fixture.
        let vaulted = try String(contentsOf: fixtures.appendingPathComponent("group_vars/controllers.yml"), encoding: .utf8)
            .components(separatedBy: "rabbit:")[0]
        try vaulted.write(to: scratch.appendingPathComponent("group_vars/controllers.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("default.pass"),
                                         to: scratch.appendingPathComponent("default.pass"))
        try "not it\n".write(to: scratch.appendingPathComponent("wrong.pass"), atomically: true, encoding: .utf8)
        try """
            [controllers]
            node\(Self.node) ansible_host=\(Lab.address(Self.node)) ansible_user=root ansible_ssh_private_key_file=\(Lab.clientKey)

            """.write(to: scratch.appendingPathComponent("hosts.ini"), atomically: true, encoding: .utf8)
        let playbook = try String(contentsOfFile: Lab.repository.path + "/playbooks/lab.yml", encoding: .utf8) + """
                glance::notify::rabbitmq:
                  default_transport_url: "rabbit://{{ db_user }}:{{ db_password }}@127.0.0.3:5672/"

            """
        try playbook.write(to: scratch.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func glancePush(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = { (name: String) in self.scratch.appendingPathComponent(name).path }
        return try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push", "deploy", "-i", path("hosts.ini"),
                                         "-p", path("site.yml"), "--known-hosts", Lab.directory + "/known_hosts.full"]
                             + arguments)
    }

    func testCheckDiffReportAndLogMaskTheVaultedValue() throws {
        let report = scratch.appendingPathComponent("report.json").path
        let run = try glancePush(["--vault-password-file", scratch.appendingPathComponent("default.pass").path,
                                  "--check", "--diff", "--report", report, "-vvv"])
        XCTAssertEqual(run.status, 0, run.output)
        let reportText = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(run.output.contains("exec"), "-vvv must log the commands sent")
        XCTAssertTrue(run.output.contains("+transport_url = rabbit://glance:<secret>@127.0.0.3:5672/"), run.output)
        XCTAssertTrue(reportText.contains("transport_url = rabbit:\\/\\/glance:<secret>@127.0.0.3:5672"), reportText)
        for text in [Self.value, Self.password] {
            XCTAssertFalse(run.output.contains(text), "\(text) printed")
            XCTAssertFalse(reportText.contains(text), "\(text) in the report")
        }
    }

    func testAWrongPasswordTouchesNothing() throws {
        let before = try Lab.shell("ssh", "-i", Lab.clientKey, "-o", "UserKnownHostsFile=" + Lab.directory + "/known_hosts.full",
                                   "-o", "BatchMode=yes", "root@" + Lab.address(Self.node),
                                   "sha256sum /etc/glance/glance-api.conf; ls /var/lib/glance-push/releases 2>/dev/null | wc -l")
        let run = try glancePush(["--vault-password-file", scratch.appendingPathComponent("wrong.pass").path])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.output, "glance-push: error: \(scratch.appendingPathComponent("site.yml").path):17:30: variable "
            + "'db_password' (\(scratch.appendingPathComponent("group_vars/controllers.yml").path):2:14) cannot be used: "
            + "decryption failed (wrong vault password for vault id 'default'?)\n")
        let after = try Lab.shell("ssh", "-i", Lab.clientKey, "-o", "UserKnownHostsFile=" + Lab.directory + "/known_hosts.full",
                                  "-o", "BatchMode=yes", "root@" + Lab.address(Self.node),
                                  "sha256sum /etc/glance/glance-api.conf; ls /var/lib/glance-push/releases 2>/dev/null | wc -l")
        XCTAssertEqual(after.output, before.output)
        XCTAssertEqual(after.status, 0, after.output)
    }
}
