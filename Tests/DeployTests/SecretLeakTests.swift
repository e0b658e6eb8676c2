import Deploy
import Foundation
import LabSupport
import XCTest

/// Secrets in secrets.yml never reach the terminal, the report, the -vvv log (which holds every
/// command sent) or a diff, even when a deploy fails; files holding them are root:glance 0640.
final class SecretLeakTests: XCTestCase {
    private let secrets = [
        "glance_keystone": "Kst0ne-S3cret-4711",
        "glance_db": "Db-Pa55word-0815",
        "rabbit": "Rabb1t-Pa55-9999",
    ]
    private var scratch: URL!

    override func setUpWithError() throws {
        try Lab.up(7)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try secrets.map { "\($0.key): \"\($0.value)\"" }.sorted().joined(separator: "\n")
            .write(to: scratch.appendingPathComponent("secrets.yml"), atomically: true, encoding: .utf8)
        chmod(scratch.appendingPathComponent("secrets.yml").path, 0o600)
        // node6: a MySQL URL whose db_sync must fail; node7: glance-api on the port sshd holds,
        // so its health check fails. Both carry every secret.
        func play(_ node: Int, database: String, port: Int) -> String {
            """
            - hosts: node\(node)
              roles:
                glance::api:
                  bind_host: "{{ ansible_host }}"
                  workers: 1
                  auth_strategy: noauth
                  paste_deploy_flavor: ""
                  enabled_backends: ["fs:file"]
                  default_backend: fs
                  bind_port: \(port)
                  database_connection: "\(database)"
                  database_max_retries: 1
                  database_retry_interval: 1
                glance::api::authtoken:
                  password: "{{ secret.glance_keystone }}"
                glance::notify::rabbitmq:
                  default_transport_url: "rabbit://glance:{{ secret.rabbit }}@127.0.0.3:5672/"
                glance::backend::multistore::file: { id: fs, filesystem_store_datadir: /var/lib/glance/images }

            """
        }
        let playbook = play(6, database: "mysql+pymysql://glance:{{ secret.glance_db }}@127.0.0.9/glance", port: 9292)
            + play(7, database: "sqlite:////var/lib/glance/glance.sqlite", port: 22)
        try playbook.write(to: scratch.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
        _ = try? LabDeploy.deploy(try LabDeploy.restorePlaybook(), nodes: [6, 7])
    }

    private func glancePush(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push"] + arguments)
    }

    func testNoSecretInOutputReportLogsOrDiffs() throws {
        let report = scratch.appendingPathComponent("report.json").path
        let run = try glancePush(["deploy", "-i", Lab.inventory, "-p", scratch.appendingPathComponent("site.yml").path,
                                  "--limit", "node6:node7", "--diff", "--report", report, "-vvv", "--health-timeout", "8"])
        XCTAssertEqual(run.status, 2, run.output)
        let reportText = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(run.output.contains("exec"), "-vvv must log the commands sent")
        XCTAssertTrue(run.output.contains("<secret>"), "the diff must show masked secrets")
        XCTAssertTrue(reportText.contains("\"host\" : \"node6\""), reportText)
        XCTAssertTrue(run.output.contains("node6: FAILED: one-shot: glance-db-sync ended with exit status"), run.output)
        XCTAssertTrue(run.output.contains("node7: FAILED: health: http://127.0.0.17:22/versions not healthy after 8 s"), run.output)
        for (name, value) in secrets {
            XCTAssertFalse(run.output.contains(value), "secret \(name) printed")
            XCTAssertFalse(reportText.contains(value), "secret \(name) in the report")
        }
        for node in [6, 7] {
            XCTAssertEqual(try LabDeploy.run(node, "stat -c '%U:%G %a' /etc/glance/glance-api.conf"), "root:glance 640\n")
            XCTAssertTrue(try LabDeploy.run(node, "cat /etc/glance/glance-api.conf").contains(secrets["rabbit"] ?? "?"),
                          "the node itself must hold the real value")
        }
    }

    func testSecretsFileReadableByOthersIsRefusedBeforeAnyHost() throws {
        let path = scratch.appendingPathComponent("secrets.yml").path
        chmod(path, 0o644)
        let before = try LabDeploy.sha(7)
        let run = try glancePush(["deploy", "-i", Lab.inventory, "-p", scratch.appendingPathComponent("site.yml").path,
                                  "--limit", "node7"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.output, "glance-push: error: secrets file '\(path)' has mode 0644, wider than 0600; run 'chmod 600 \(path)'\n")
        XCTAssertEqual(try LabDeploy.sha(7), before)
    }
}
