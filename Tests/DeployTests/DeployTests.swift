import Deploy
import Foundation
import Inventory
import LabSupport
import Planner
import Playbook
import SSH
import XCTest

/// Real deploys of playbooks/lab.yml to lab nodes 1-3, each running a real glance-api.
final class DeployTests: XCTestCase {
    private let nodes = [1, 2, 3]

    override func setUpWithError() throws {
        try Lab.up(3)
    }

    private func connect(_ node: Int) throws -> SSHConnection {
        try SSHConnection.connect(to: SSHTarget(host: Lab.address(node), identityFile: Lab.clientKey,
                                                knownHostsFile: Lab.knownHosts, connectTimeout: 5))
    }

    private func run(_ node: Int, _ command: String) throws -> String {
        let connection = try connect(node)
        defer { connection.close() }
        return try connection.run(command).stdoutText
    }

    /// Back to a node as the package left it: packaged config files, no database, no glance-api.
    private func resetNode(_ node: Int) throws {
        _ = try run(node, """
            service glance-api stop >/dev/null 2>&1 || true
            for f in glance-api.conf glance-cache.conf glance-image-import.conf; do
              install -o root -g glance -m 0640 /usr/share/glance-common/$f /etc/glance/$f
            done
            rm -rf /var/lib/glance/glance.sqlite /var/lib/glance-push/releases /var/lib/glance-push/lock
            """)
    }

    private func deploy(_ playbookPath: String, nodes: [Int], check: Bool = false) throws -> [HostReport] {
        let inventory = try Inventory.load(path: Lab.repository.path + "/inventories/lab.ini")
        let playbook = try Playbook.load(path: playbookPath, secrets: nil)
        let selected = nodes.compactMap { inventory.host(named: "node\($0)") }
        let inputs = try playbook.deployInputs(try playbook.targets(in: inventory, selected: selected))
        return Deployment.run(inputs, options: DeployOptions(check: check, diff: check), progress: DeployProgress(enabled: false) { _ in })
    }

    private var labPlaybook: String { Lab.repository.path + "/playbooks/lab.yml" }

    private func pid(_ node: Int) throws -> String {
        try run(node, "cat /run/glance/glance-api.pid 2>/dev/null")
    }

    private func fingerprint(_ node: Int) throws -> String {
        try run(node, "cd /etc/glance && stat -c '%n %Y %i %a %U:%G' glance-api.conf glance-cache.conf glance-image-import.conf && sha256sum glance-api.conf")
    }

    private func status(_ node: Int, _ path: String) throws -> Int {
        let answer = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://\(Lab.address(node)):9292\(path)")
        return Int(answer.output) ?? 0
    }

    func testFirstDeployConvergesAndSecondChangesNothing() throws {
        for node in nodes { try resetNode(node) }
        let first = try deploy(labPlaybook, nodes: nodes)
        XCTAssertEqual(first.map(\.status), [.changed, .changed, .changed], "\(first.map { $0.error ?? "" })")
        // The reset stopped glance-api: it is started (its pidfile says it is not running).
        XCTAssertEqual(first.map(\.started), [["glance-api"], ["glance-api"], ["glance-api"]])
        XCTAssertEqual(first.map(\.restarted), [[], [], []])
        XCTAssertEqual(first.map(\.health), ["ok", "ok", "ok"])
        XCTAssertEqual(first.map(\.changedFiles), Array(repeating: ["/etc/glance/glance-api.conf", "/etc/glance/glance-cache.conf"], count: 3))
        for node in nodes {
            XCTAssertEqual(try status(node, "/versions"), 200)
            let config = try run(node, "cat /etc/glance/glance-api.conf")
            XCTAssertTrue(config.contains("\nbind_host = \(Lab.address(node))\n"), "node\(node)")
            XCTAssertEqual(try run(node, "stat -c '%U:%G %a' /etc/glance/glance-api.conf"), "root:glance 640\n")
            // A release was recorded; the second deploy below (planning against these very files
            // and finding nothing to change) shows the files are the plan byte for byte.
            XCTAssertTrue(try run(node, "ls /var/lib/glance-push/releases").hasPrefix("20"))
        }
        let pids = try nodes.map(pid)
        let fingerprints = try nodes.map(fingerprint)
        let second = try deploy(labPlaybook, nodes: nodes)
        XCTAssertEqual(second.map(\.status), [.unchanged, .unchanged, .unchanged])
        XCTAssertEqual(try nodes.map(pid), pids)
        XCTAssertEqual(try nodes.map(fingerprint), fingerprints)

        // An image uploaded to node 2 is listed by node 2 (each node has its own database).
        let created = try Lab.shell("curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d",
                                    #"{"name": "cirros-node2", "disk_format": "raw", "container_format": "bare"}"#,
                                    "http://\(Lab.address(2)):9292/v2/images").output
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, created)
        let upload = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H",
                                   "Content-Type: application/octet-stream", "--data-binary", "image bytes",
                                   "http://\(Lab.address(2)):9292/v2/images/\(id)/file")
        XCTAssertEqual(upload.output, "204")
        XCTAssertTrue(try Lab.shell("curl", "-s", "http://\(Lab.address(2)):9292/v2/images").output.contains(id))
        XCTAssertFalse(try Lab.shell("curl", "-s", "http://\(Lab.address(1)):9292/v2/images").output.contains(id))
    }

    func testChangedParameterTouchesOnlyThatFileOnTheLimitedHost() throws {
        let converge = try deploy(labPlaybook, nodes: nodes)
        XCTAssertFalse(converge.contains { $0.status == .failed }, "\(converge.map { $0.error ?? "" })")
        let changed = FileManager.default.temporaryDirectory.appendingPathComponent("lab-workers-\(UUID().uuidString).yml").path
        try String(contentsOfFile: labPlaybook, encoding: .utf8).replacingOccurrences(of: "workers: 1", with: "workers: 2")
            .write(toFile: changed, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: changed) }
        let pids = try nodes.map(pid)
        let fingerprints = try nodes.map(fingerprint)

        let check = try deploy(changed, nodes: nodes, check: true)
        XCTAssertEqual(check.map(\.status), [.wouldChange, .wouldChange, .wouldChange])
        XCTAssertTrue(check[0].diff?.contains("-workers = 1\n+workers = 2\n") == true, check[0].diff ?? "")
        for (node, report) in zip(nodes, check) {
            XCTAssertTrue(report.diff?.hasPrefix("--- a/etc/glance/glance-api.conf\tnode\(node)\n"
                + "+++ b/etc/glance/glance-api.conf\tnode\(node)\n@@ ") == true, "each diff names its host: \(report.diff ?? "")")
        }
        XCTAssertEqual(try nodes.map(pid), pids)
        XCTAssertEqual(try nodes.map(fingerprint), fingerprints)

        let limited = try deploy(changed, nodes: [2])
        XCTAssertEqual(limited.map(\.host), ["node2"])
        XCTAssertEqual(limited[0].status, .changed, limited[0].error ?? "")
        XCTAssertEqual(limited[0].changedFiles, ["/etc/glance/glance-api.conf"])
        XCTAssertEqual(limited[0].restarted, ["glance-api"])
        XCTAssertEqual(limited[0].packagesInstalled, [])
        XCTAssertNotEqual(try pid(2), pids[1])
        XCTAssertEqual([try pid(1), try pid(3)], [pids[0], pids[2]])
        XCTAssertEqual([try fingerprint(1), try fingerprint(3)], [fingerprints[0], fingerprints[2]])
        XCTAssertTrue(try run(2, "grep -c '^workers = 2$' /etc/glance/glance-api.conf").hasPrefix("1"))
        XCTAssertEqual(try status(2, "/versions"), 200)

        XCTAssertEqual(try deploy(labPlaybook, nodes: [2]).first?.status, .changed)
    }

    func testTwoDeploysToOneNodeOneIsRefusedByTheLock() throws {
        XCTAssertFalse(try deploy(labPlaybook, nodes: [3]).contains { $0.status == .failed })
        let holder = try connect(3)
        defer { holder.close() }
        try NodeLock(run: "other-run").acquire(on: holder, host: "node3")
        let before = try fingerprint(3)
        let refused = try deploy(labPlaybook, nodes: [3])
        XCTAssertEqual(refused.first?.status, .failed)
        XCTAssertTrue(refused.first?.error?.hasPrefix("lock: /var/lib/glance-push/lock is held by ") == true, refused.first?.error ?? "")
        XCTAssertTrue(refused.first?.error?.hasSuffix("(run other-run); another deploy is working on this node") == true)
        XCTAssertEqual(try fingerprint(3), before)
        try NodeLock(run: "other-run").release(on: holder)
    }
}
