import Deploy
import Foundation
import HTTPLoad
import Inventory
import LabSupport
import Playbook
import XCTest

/// Zero-downtime rolling through a real HAProxy (scripts/lab-haproxy on 127.0.0.7:9292) in front
/// of lab controllers, with steady client load counted request by request: with the play's
/// `load_balancer` drain, 0 requests fail; without it, the same rollout fails some (so the test
/// would fail if drain did nothing). The balancer host is lab node 100, whose sshd reaches
/// HAProxy's admin socket.
final class ZeroDowntimeTests: XCTestCase {
    private static let balancerNode = 100
    private var scratch: URL!
    /// `GET /versions`, `GET /v2/images` and the download of the lab's 64 KiB image (exact bytes).
    private var loadRequests: [LoadGenerator.Request] = []

    override func setUpWithError() throws {
        try Lab.up(10)
        try Lab.shell(Lab.repository.path + "/scripts/lab", "up-nodes", String(Self.balancerNode), "--dir", Lab.directory)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-lb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        _ = try? Lab.shell(Lab.repository.path + "/scripts/lab", "haproxy", "down", "--dir", Lab.directory)
        _ = try? Lab.shell(Lab.repository.path + "/scripts/lab", "stop-node", String(Self.balancerNode), "--dir", Lab.directory)
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// Converges `nodes` on lab.yml and puts HAProxy in front of them, every server UP.
    private func prepare(_ nodes: [Int]) throws {
        let converged = try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: nodes)
        XCTAssertFalse(converged.contains { $0.status == .failed }, "\(converged.compactMap(\.error))")
        let up = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "haproxy", "up"] + nodes.map(String.init)
            + ["--dir", Lab.directory])
        XCTAssertEqual(up.status, 0, up.output)
        let image = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "haproxy", "image"] + nodes.map(String.init)
            + ["--dir", Lab.directory])
        XCTAssertEqual(image.status, 0, image.output)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Lab.directory + "/haproxy/image.bin"))
        loadRequests = LoadGenerator.glanceRequests
            + [LoadGenerator.Request(path: image.output.trimmingCharacters(in: .whitespacesAndNewlines), expect: .body(bytes))]
        try waitAllUp(nodes)
    }

    private func waitAllUp(_ nodes: [Int]) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let state = try Lab.shell(Lab.repository.path + "/scripts/lab", "haproxy", "status", "--dir", Lab.directory).output
            let up = state.split(separator: "\n").filter { $0.contains(" glance_api ") && $0.split(separator: " ")[5] == "2" }
            if up.count == nodes.count { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        XCTFail("HAProxy never saw all of \(nodes) UP")
    }

    private var balancer: InventoryHost {
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        return InventoryHost(name: "lb1", vars: [
            "ansible_host": Lab.address(Self.balancerNode), "ansible_user": "root",
            "ansible_ssh_private_key_file": Lab.clientKey,
            "ansible_ssh_common_args": "-o UserKnownHostsFile=\(knownHosts) -o StrictHostKeyChecking=accept-new",
        ])
    }

    private func balancing(for host: InventoryHost) -> Balancing {
        Balancing(balancers: [balancer], backend: "glance_api", server: host.name,
                  socket: Lab.directory + "/haproxy/admin.sock", drainTimeout: 10, upTimeout: 20)
    }

    private func load(during rollout: () throws -> Void) rethrows -> LoadGenerator.Summary {
        let generator = LoadGenerator(host: "127.0.0.7", port: 9292, requests: loadRequests, rate: 40, workers: 4, maxSeconds: 300)
        generator.start()
        Thread.sleep(forTimeInterval: 0.5)
        try rollout()
        Thread.sleep(forTimeInterval: 0.5)
        return generator.stop()
    }

    private func rollingRestart(_ nodes: [Int], drained: Bool) throws -> (RollingRestart.Outcome, LoadGenerator.Summary) {
        try prepare(nodes)
        let targets = try LabDeploy.hosts(nodes).map { host in
            RollingRestart.Target(host: host, healthURL: "http://\(Lab.address(Int(host.name.dropFirst(4)) ?? 0)):9292/versions",
                                  balancing: drained ? balancing(for: host) : nil)
        }
        var outcome: RollingRestart.Outcome?
        let summary = try load {
            outcome = try RollingRestart.run(targets, options: RollingRestart.Options(batch: ["1"], forks: 10),
                                             progress: DeployProgress(enabled: false) { _ in })
        }
        let result = try XCTUnwrap(outcome)
        XCTAssertEqual(result.hosts.map(\.status), nodes.map { _ in .restarted }, "\(result.hosts.compactMap(\.error))")
        return (result, summary)
    }

    func testRollingRestartOfThreeBehindHAProxyLosesNoRequestWithDrainAndSomeWithout() throws {
        let (_, drained) = try rollingRestart([1, 2, 3], drained: true)
        XCTAssertEqual(drained.failed, 0, "with drain: \(drained)")
        XCTAssertGreaterThan(drained.sent, 200, "the load ran through the rollout: \(drained)")
        let (_, undrained) = try rollingRestart([1, 2, 3], drained: false)
        XCTAssertGreaterThan(undrained.failed, 0, "without drain the same rollout must lose requests: \(undrained)")
        print("zero-downtime restart --rolling, 3 controllers: drained \(drained); undrained \(undrained)")
    }

    /// Ten controllers with the drain only: the comparison without it is made on three (above),
    /// to keep the suite's time within CI's budget.
    func testRollingRestartOfTenBehindHAProxyLosesNoRequestWithDrain() throws {
        let (_, drained) = try rollingRestart(Array(1...10), drained: true)
        XCTAssertEqual(drained.failed, 0, "with drain: \(drained)")
        print("zero-downtime restart --rolling, 10 controllers: drained \(drained)")
    }

    /// lab.yml with `workers`, no glance-manage one-shot, `serial: 1`, the play's `load_balancer`
    /// (unless `drained` is false) and `extra` play keys.
    private func playbook(workers: Int, drained: Bool, extra: String = "") throws -> String {
        let path = scratch.appendingPathComponent("lb-\(workers)-\(drained).yml").path
        let balancer = drained ? """
              load_balancer:
                hosts: loadbalancers
                backend: glance_api
                socket: \(Lab.directory)/haproxy/admin.sock
                drain_timeout: 10
                up_timeout: 20

            """ : ""
        try LabDeploy.labText(workers: workers, syncDB: false)
            .replacingOccurrences(of: "- hosts: controllers\n", with: "- hosts: controllers\n  serial: 1\n" + balancer + extra)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The playbook's own `load_balancer`, its hosts found by the resolver as the CLI does.
    private func deploy(_ path: String, nodes: [Int], check: Bool = false, healthTimeout: Double = 60) throws -> [HostReport] {
        let playbook = try Playbook.load(path: path, secrets: nil)
        let targets = try playbook.targets(in: try Inventory.load(path: Lab.inventory), selected: try LabDeploy.hosts(nodes))
        let inputs = try playbook.deployInputs(targets) { setting in
            XCTAssertEqual(setting.hosts, "loadbalancers")
            return [self.balancer]
        }
        return Deployment.run(inputs, options: DeployOptions(check: check, healthTimeout: healthTimeout), progress: DeployProgress(enabled: false) { _ in })
    }

    /// `srv_admin_state` of `show servers state`: 8 is drained (SRV_ADMF_FDRAIN).
    private func adminState(_ node: Int) throws -> String? {
        let state = try Lab.shell(Lab.repository.path + "/scripts/lab", "haproxy", "status", "--dir", Lab.directory).output
        let fields = state.split(separator: "\n").map { $0.split(separator: " ") }.first { $0.count > 6 && $0[3] == "node\(node)" }
        return fields.map { String($0[6]) }
    }

    func testDeploySerialBehindHAProxyLosesNoRequestWithDrainAndAFailedHostStaysDrained() throws {
        let nodes = [1, 2, 3]
        try prepare(nodes)
        let checked = try deploy(try playbook(workers: 2, drained: true), nodes: nodes, check: true)
        XCTAssertEqual(checked.map(\.status), [.wouldChange, .wouldChange, .wouldChange])
        XCTAssertEqual(checked[1].loadBalancer, "would drain glance_api/node2 on lb1, wait for its sessions to end, "
            + "restart, set it ready, wait until HAProxy sees it UP")

        var reports: [HostReport] = []
        let drained = try load { reports = try deploy(try playbook(workers: 2, drained: true), nodes: nodes) }
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.compactMap(\.error))")
        XCTAssertEqual(reports.map(\.loadBalancer), nodes.map { _ in "drained from lb1, ready again" })
        XCTAssertEqual(drained.failed, 0, "with drain: \(drained)")

        let undrained = try load { reports = try deploy(try playbook(workers: 1, drained: false), nodes: nodes) }
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.compactMap(\.error))")
        XCTAssertGreaterThan(undrained.failed, 0, "without drain the same rollout must lose requests: \(undrained)")
        print("zero-downtime deploy --serial 1, 3 controllers: drained \(drained); undrained \(undrained)")

        // node2's glance-api cannot start: its pre_restart hook spoils the file it reads.
        let spoiler = "  pre_restart: \"[ {{ inventory_hostname }} != node2 ] || echo not-ini >> /etc/glance/glance-api.conf\"\n"
        let failing = try load {
            reports = try deploy(try playbook(workers: 2, drained: true, extra: spoiler), nodes: nodes, healthTimeout: 20)
        }
        XCTAssertEqual(reports.map(\.status), [.changed, .failed, .failed], "\(reports.compactMap(\.error))")
        XCTAssertEqual(reports[2].error, "not restarted: 1 host failed in earlier batches (--max-fail 0); "
            + "files are written, run deploy again")
        XCTAssertEqual(try adminState(2), "8", "the failed host stays drained")
        XCTAssertEqual(try adminState(3), "0")
        XCTAssertEqual(failing.failed, 0, "clients never saw the failed host: \(failing)")

        // glance-push edits the file in place and keeps lines it does not manage: take the
        // spoiling line out by hand, and the next deploy finishes the restarts it owes.
        try LabDeploy.run(2, "sed -i '/^not-ini$/d' /etc/glance/glance-api.conf")
        let repaired = try deploy(try playbook(workers: 2, drained: true), nodes: nodes)
        XCTAssertEqual(repaired.map(\.status), [.unchanged, .changed, .changed], "\(repaired.compactMap(\.error))")
        XCTAssertEqual(try adminState(2), "0", "ready again once healthy")
    }

    /// Ten controllers, `deploy --serial 1` with the drain only (as the restart above): the
    /// comparison without it is made on three, in the test before, to keep CI's time. The hooks
    /// log each node's pre_restart and post_restart, so the order is read from the nodes' side.
    func testDeploySerialOfTenBehindHAProxyLosesNoRequestWithDrain() throws {
        let nodes = Array(1...10)
        try prepare(nodes)
        let log = scratch.appendingPathComponent("hooks.log").path
        let hooks = """
              pre_restart: "\(RestartOrder.hook("pre", log: log))"
              post_restart: "\(RestartOrder.hook("post", log: log))"

            """
        let started = Date()
        var reports: [HostReport] = []
        let drained = try load { reports = try deploy(try playbook(workers: 2, drained: true, extra: hooks), nodes: nodes) }
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(reports.map(\.status), nodes.map { _ in .changed }, "\(reports.compactMap(\.error))")
        XCTAssertEqual(reports.map(\.loadBalancer), nodes.map { _ in "drained from lb1, ready again" })
        XCTAssertEqual(drained.failed, 0, "with drain: \(drained)")
        XCTAssertGreaterThan(drained.sent, 40 * 10, "the load ran through the rollout: \(drained)")
        try RestartOrder.assertNodeByNode(log: log, nodes: nodes, run: LabDeploy.run)
        print("zero-downtime deploy --serial 1, 10 controllers: drained \(drained); rollout \(String(format: "%.1f", seconds)) s")
    }
}
