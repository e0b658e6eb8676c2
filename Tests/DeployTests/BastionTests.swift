import Deploy
import Foundation
import Inventory
import LabSupport
import SSH
import XCTest

/// Deploys to controllers that only a bastion reaches (`scripts/lab bastion up`: nodes 71-73 in
/// network namespace gp-behind, the bastion at 10.250.0.2), next to node 79 reached directly.
final class BastionTests: XCTestCase {
    private var scratch: URL!
    private let behind = [71, 72, 73]
    private let direct = 79

    override func setUpWithError() throws {
        try BastionLab.up()
        // benchmarks/bastion.sh may have moved it behind the bastion.
        try Lab.shell(Lab.repository.path + "/scripts/lab", "bastion", "out", String(direct), "--dir", Lab.directory)
        try LabDeploy.startNode(direct)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-bastion-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// The bastion's, the behind nodes' and node 79's keys; `withoutBastion` leaves the bastion's out.
    private func knownHosts(withoutBastion: Bool = false) throws -> String {
        let path = scratch.appendingPathComponent(withoutBastion ? "known_hosts.partial" : "known_hosts").path
        var lines = try String(contentsOfFile: BastionLab.knownHosts, encoding: .utf8).split(separator: "\n").map(String.init)
        if withoutBastion { lines.removeAll { $0.hasPrefix(BastionLab.bastion + " ") } }
        let key = try String(contentsOfFile: "\(Lab.directory)/nodes/node\(direct)/ssh_host_ed25519_key.pub", encoding: .utf8)
        lines.append("\(Lab.address(direct)) " + key.split(separator: " ").prefix(2).joined(separator: " "))
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Nodes 71-73 with `route` (ssh arguments before the known_hosts option), node 79 direct.
    private func hosts(_ route: String, knownHosts: String? = nil, direct includeDirect: Bool = true) throws -> [InventoryHost] {
        let file = try knownHosts ?? self.knownHosts()
        var text = "[behind]\n"
        for node in behind {
            text += "node\(node) ansible_host=\(BastionLab.address(node)) ansible_ssh_private_key_file=\(Lab.clientKey)\n"
        }
        text += "[behind:vars]\nansible_ssh_common_args='\(route) -o UserKnownHostsFile=\(file)'\n"
        if includeDirect {
            text += "[direct]\nnode\(direct) ansible_host=\(Lab.address(direct)) ansible_ssh_private_key_file=\(Lab.clientKey) "
                + "ansible_ssh_common_args='-o UserKnownHostsFile=\(file)'\n"
        }
        let path = scratch.appendingPathComponent("hosts-\(UUID().uuidString).ini").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try Inventory.load(path: path).hosts
    }

    private var jump: String { "-J root@\(BastionLab.bastion)" }

    private func deploy(_ hosts: [InventoryHost], workers: Int,
                        progress: DeployProgress = DeployProgress(enabled: false) { _ in }) throws -> [HostReport] {
        Deployment.run(try LabDeploy.inputs(try LabDeploy.playbook(workers: workers), anyHosts: hosts),
                       options: DeployOptions(), progress: progress)
    }

    /// A command on a node, through the bastion for the nodes behind it.
    private func run(_ node: Int, _ command: String) throws -> String {
        var target = SSHTarget(host: node == direct ? Lab.address(node) : BastionLab.address(node), identityFile: Lab.clientKey,
                               knownHostsFile: try knownHosts(), globalKnownHostsFiles: [], connectTimeout: 5)
        if node != direct { target.proxy = .jump([SSHTarget(host: BastionLab.bastion, identityFile: Lab.clientKey,
                                                            knownHostsFile: target.knownHostsFile, globalKnownHostsFiles: [])]) }
        let connection = try SSHConnection.connect(to: target)
        defer { connection.close() }
        return try connection.run(command).stdoutText
    }

    private func sha(_ node: Int) throws -> String {
        String(try run(node, "sha256sum < /etc/glance/glance-api.conf").prefix(64))
    }

    private func settings(_ node: Int) throws -> String {
        try run(node, "grep -E '^(bind_host|workers) = ' /etc/glance/glance-api.conf")
    }

    /// A workers value the nodes do not have yet, so that the deploy changes them.
    private func newWorkers() throws -> Int {
        try settings(71).contains("workers = 2") ? 3 : 2
    }

    func testPingAndDeployThroughTheBastion() throws {
        let hosts = try hosts(jump, direct: false)
        let pings = Ping.run(hosts: hosts, options: ConnectionOptions(), forks: 3)
        XCTAssertEqual(pings.map(\.hostname), ["node71", "node72", "node73"], "\(pings.map(\.error))")
        let workers = try newWorkers()
        let reports = try deploy(hosts, workers: workers)
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.map(\.error))")
        XCTAssertEqual(reports.map(\.health), ["ok", "ok", "ok"])
        XCTAssertEqual(reports.map(\.restarted), [["glance-api"], ["glance-api"], ["glance-api"]])
        for node in behind {
            XCTAssertEqual(try settings(node), "bind_host = \(BastionLab.address(node))\nworkers = \(workers)\n")
            XCTAssertEqual(try run(node, "python3 -c \"import urllib.request as u; print(u.urlopen('http://\(BastionLab.address(node)):9292/versions').status)\""),
                           "200\n")
        }
        let again = try deploy(hosts, workers: workers)
        XCTAssertEqual(again.map(\.status), [.unchanged, .unchanged, .unchanged], "\(again.map(\.error))")
    }

    /// The CLI exits while its bastion session lingers (it would close a second after its last
    /// tunnel): the session must be closed properly first. A pump still encrypting while
    /// OpenSSL's exit handlers ran crashed glance-push after its output; the bastion's sshd log
    /// shows the difference ("Received disconnect … bye", not "Connection closed").
    func testTheCLIClosesItsBastionSessionBeforeExiting() throws {
        var text = "[controllers]\n"
        for index in 0..<60 { text += "t\(index) ansible_host=\(BastionLab.address(behind[index % 3]))\n" }
        text += "[all:vars]\nansible_ssh_private_key_file=\(Lab.clientKey)\n"
            + "ansible_ssh_common_args='\(jump) -o UserKnownHostsFile=\(try knownHosts())'\n"
        let path = scratch.appendingPathComponent("sixty.ini").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let log = BastionLab.directory + "/sshd.log"
        let seen = try String(contentsOfFile: log, encoding: .utf8).count
        let run = try Lab.shell(Lab.repository.path + "/.build/debug/glance-push", "ping", "-i", path, "--forks", "60", timeout: 120)
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("60 hosts: 60 ok, 0 failed in "), run.output)
        Thread.sleep(forTimeInterval: 0.5)
        let lines = try String(contentsOfFile: log, encoding: .utf8).dropFirst(seen).split(whereSeparator: \.isNewline)
        let ports = lines.compactMap { line -> Substring? in
            guard line.hasPrefix("Accepted publickey for root from 10.250.0.1 port ") else { return nil }
            return line.split(separator: " ").dropFirst(7).first
        }
        XCTAssertEqual(ports.count, 1, "one bastion connection for 60 hosts: \(lines)")
        for port in ports {
            XCTAssertTrue(lines.contains("Received disconnect from 10.250.0.1 port \(port):11: bye"), "\(lines)")
        }
    }

    func testWithoutTheBastionTheControllersCannotBeReached() throws {
        let started = Date()
        let pings = Ping.run(hosts: try hosts("-o ConnectTimeout=2", direct: false), options: ConnectionOptions(connectRetries: 0), forks: 3)
        XCTAssertEqual(pings.map(\.error), behind.map { "connect to 10.251.0.\($0) port 22 timed out after 2.0s" })
        XCTAssertLessThan(Date().timeIntervalSince(started), 3.5)
    }

    func testTwoHopsAndAProxyCommandReachTheControllers() throws {
        // Node 72's sshd is the second hop for the others (itself it could only reach in a loop).
        let viaNode72 = try hosts("-J root@\(BastionLab.bastion),root@\(BastionLab.address(72))", direct: false)
            .filter { $0.name != "node72" }
        let twoHops = Ping.run(hosts: viaNode72, options: ConnectionOptions(), forks: 3)
        XCTAssertEqual(twoHops.map(\.hostname), ["node71", "node73"], "\(twoHops.map(\.error))")
        let file = try knownHosts()
        let command = "-o \"ProxyCommand=ssh -F /dev/null -i \(Lab.clientKey) -o UserKnownHostsFile=\(file) -o BatchMode=yes "
            + "-W %h:%p %r@\(BastionLab.bastion)\""
        let hosts = try hosts(command, direct: false)
        XCTAssertEqual(Ping.run(hosts: hosts, options: ConnectionOptions(), forks: 3).map(\.hostname), ["node71", "node72", "node73"])
        let workers = try newWorkers()
        let reports = try deploy(hosts, workers: workers)
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.map(\.error))")
        XCTAssertEqual(try settings(73), "bind_host = 10.251.0.73\nworkers = \(workers)\n")
    }

    func testABastionWhoseKeyIsUnknownIsRefusedAndOtherHostsGoOn() throws {
        let file = try knownHosts(withoutBastion: true)
        let offered = String(try Lab.shell("ssh-keygen", "-lf", BastionLab.directory + "/ssh_host_ed25519_key.pub").output
            .split(separator: " ")[1])
        let pings = Ping.run(hosts: try hosts(jump, knownHosts: file), options: ConnectionOptions(), forks: 4)
        let refusal = """
            via bastion root@10.250.0.2: host key for 10.250.0.2 is not known: the server offers ssh-ed25519 \(offered), \
            which is not in \(file), /etc/ssh/ssh_known_hosts or /etc/ssh/ssh_known_hosts2; refused (add it to known_hosts, \
            or use --host-key-policy accept-new to record unknown keys)
            """
        XCTAssertEqual(pings.map(\.error), [refusal, refusal, refusal, nil])
        XCTAssertEqual(pings.map(\.hostname), [nil, nil, nil, "node79"])
    }

    /// The bastion's sshd is killed (with every session it serves) while files are written:
    /// each host behind it fails on its own with the bastion named, node 79 is deployed, no
    /// node has a half-written file, and the next deploy, with the bastion back, completes.
    func testABastionDyingMidDeployFailsOnlyTheHostsBehindIt() throws {
        let hosts = try hosts(jump)
        let converged = try deploy(hosts, workers: 1)
        XCTAssertFalse(converged.contains { $0.status == .failed }, "\(converged.map(\.error))")
        let before = try behind.map(sha)
        let killer = DeployProgress(enabled: true) { line in
            if line.hasPrefix("node71  files") { try? BastionLab.kill() }
        }
        let reports = try deploy(hosts, workers: 4, progress: killer)
        XCTAssertEqual(reports.map(\.host), ["node71", "node72", "node73", "node79"])
        XCTAssertEqual(reports.map(\.status), [.failed, .failed, .failed, .changed], "\(reports.map(\.error))")
        let lost = ["ssh: via bastion root@10.250.0.2: connection to the bastion lost (it was closed or reset)",
                    "ssh: via bastion root@10.250.0.2: connection to the bastion lost (sending to it failed)"]
        for report in reports.prefix(3) {
            XCTAssertTrue(lost.contains(report.error ?? ""), report.error ?? "no error")
        }
        XCTAssertEqual(try run(direct, "grep -c '^workers = 4$' /etc/glance/glance-api.conf"), "1\n")
        try BastionLab.up()
        let meanwhile = try behind.map(sha)
        let next = try deploy(hosts, workers: 4)
        XCTAssertEqual(next.map(\.status), [.changed, .changed, .changed, .unchanged], "\(next.map(\.error))")
        XCTAssertEqual(next.prefix(3).map(\.restarted), [["glance-api"], ["glance-api"], ["glance-api"]])
        let after = try behind.map(sha)
        // Byte for byte what the same playbook wrote on node 79 directly, but for bind_host.
        func file(_ node: Int) throws -> String {
            try run(node, "cat /etc/glance/glance-api.conf")
                .replacingOccurrences(of: "\nbind_host = \(node == direct ? Lab.address(node) : BastionLab.address(node))\n",
                                      with: "\nbind_host = ADDRESS\n")
        }
        let written = try file(direct)
        XCTAssertTrue(written.contains("\nbind_host = ADDRESS\n"))
        for (index, node) in behind.enumerated() {
            XCTAssertEqual(try file(node), written, "node\(node)")
            XCTAssertTrue([before[index], after[index]].contains(meanwhile[index]), "node\(node) held a partial glance-api.conf")
            XCTAssertEqual(try settings(node), "bind_host = \(BastionLab.address(node))\nworkers = 4\n")
            XCTAssertEqual(try run(node, "ls -A /etc/glance | grep -c glance-push-tmp || true"), "0\n")
        }
    }
}
