import Deploy
import Foundation
import Inventory
import LabSupport
import Playbook
import SSH
import XCTest

/// Helpers for deploy tests on chosen lab nodes.
enum LabDeploy {
    static var labPlaybook: String { Lab.repository.path + "/playbooks/lab.yml" }

    static func connect(_ node: Int) throws -> SSHConnection {
        try SSHConnection.connect(to: SSHTarget(host: Lab.address(node), identityFile: Lab.clientKey,
                                                knownHostsFile: Lab.knownHosts, connectTimeout: 5))
    }

    @discardableResult
    static func run(_ node: Int, _ command: String) throws -> String {
        let connection = try connect(node)
        defer { connection.close() }
        return try connection.run(command).stdoutText
    }

    /// lab.yml with `workers` set to `workers`: a one-value change of glance-api.conf. Without
    /// `syncDB` the play runs no glance-manage one-shot (`sync_db: false`): tests of rollouts,
    /// restarts and interrupts, on nodes an earlier lab.yml deploy migrated, spend their time on
    /// what they test (db_sync and db_load_metadefs take 7 s a node on this machine).
    static func playbook(workers: Int, syncDB: Bool = true) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("lab-workers-\(workers)\(syncDB ? "" : "-nosync").yml").path
        try labText(workers: workers, syncDB: syncDB).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// lab.yml's files without its one-shots: what a tearDown deploys to put back nodes that a
    /// lab.yml deploy in its setUp has migrated.
    static func restorePlaybook() throws -> String { try playbook(workers: 1, syncDB: false) }

    static func labText(workers: Int, syncDB: Bool = true) throws -> String {
        let text = try String(contentsOfFile: labPlaybook, encoding: .utf8)
        XCTAssertTrue(text.contains("      workers: 1\n"), "lab.yml changed: the tests set its workers")
        return text.replacingOccurrences(of: "      workers: 1\n",
                                         with: "      workers: \(workers)\n" + (syncDB ? "" : "      sync_db: false\n"))
    }

    static func hosts(_ nodes: [Int]) throws -> [InventoryHost] {
        let inventory = try Inventory.load(path: Lab.inventory)
        return nodes.compactMap { inventory.host(named: "node\($0)") }
    }

    static func inputs(_ playbookPath: String, hosts: [InventoryHost]) throws -> [DeployInput] {
        let inventory = try Inventory.load(path: Lab.inventory)
        let playbook = try Playbook.load(path: playbookPath, secrets: nil)
        return try playbook.deployInputs(try playbook.targets(in: inventory, selected: hosts))
    }

    /// Inputs for hosts that need not be in the lab inventory: every play of the playbook applies.
    static func inputs(_ playbookPath: String, anyHosts hosts: [InventoryHost]) throws -> [DeployInput] {
        let playbook = try Playbook.load(path: playbookPath, secrets: nil)
        return try playbook.deployInputs(hosts.map { PlaybookTarget(host: $0, plays: playbook.plays) })
    }

    static func deploy(_ playbookPath: String, nodes: [Int], options: DeployOptions = DeployOptions(),
                       progress: DeployProgress = DeployProgress(enabled: false) { _ in }) throws -> [HostReport] {
        Deployment.run(try inputs(playbookPath, hosts: try hosts(nodes)), options: options, progress: progress)
    }

    static func sha(_ node: Int, _ path: String = "/etc/glance/glance-api.conf") throws -> String {
        String(try run(node, "sha256sum < \(path)").prefix(64))
    }

    static func sshdPID(_ node: Int) throws -> Int32 {
        let text = try String(contentsOfFile: "\(Lab.directory)/nodes/node\(node)/sshd.pid", encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Lab.LabError(message: "no sshd pid") }
        return pid
    }

    /// Kills a node's sshd and every session it serves (all started by the lab, found by pid).
    static func killNode(_ node: Int) throws {
        let listener = try sshdPID(node)
        let children = try Lab.shell("ps", "-o", "pid=", "--ppid", String(listener)).output
            .split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
        for pid in children + [listener] { kill(pid, SIGKILL) }
    }

    static func startNode(_ node: Int) throws {
        let result = try Lab.shell(Lab.repository.path + "/scripts/lab", "start-node", String(node), "--dir", Lab.directory)
        guard result.status == 0 else { throw Lab.LabError(message: result.output) }
    }
}

/// The order of restarts as the nodes saw it: hooks that append `EVENT NODE SECONDS` (seconds
/// since boot, /proc/uptime) to one log, and each node's glance-api start time from /proc.
enum RestartOrder {
    /// A pre_restart or post_restart command that logs `event` for the host.
    static func hook(_ event: String, log: String) -> String {
        "echo \(event) {{ inventory_hostname }} $(cut -d' ' -f1 /proc/uptime) >> \(log)"
    }

    static func assertNodeByNode(log: String, nodes: [Int], run: (Int, String) throws -> String,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        var times: [String: Double] = [:]
        for entry in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            let fields = entry.split(separator: " ")
            XCTAssertEqual(fields.count, 3, String(entry), file: file, line: line)
            times["\(fields[0]) \(fields.dropFirst().first ?? "")"] = fields.last.flatMap { Double($0) }
        }
        XCTAssertEqual(times.count, 2 * nodes.count, "\(times)", file: file, line: line)
        var previous = 0.0
        for node in nodes {
            let name = "node\(node)"
            let pre = try XCTUnwrap(times["pre \(name)"], file: file, line: line)
            let post = try XCTUnwrap(times["post \(name)"], file: file, line: line)
            let ticks = try run(node, "cut -d' ' -f22 /proc/$(cat /run/glance/glance-api.pid)/stat; getconf CLK_TCK")
                .split(separator: "\n").compactMap { Double($0) }
            XCTAssertEqual(ticks.count, 2, file: file, line: line)
            let started = ticks[0] / ticks[1]
            XCTAssertLessThan(previous, pre, "\(name)'s pre_restart ran before the previous node was done", file: file, line: line)
            XCTAssertLessThanOrEqual(pre, started, "\(name)'s glance-api started before its pre_restart", file: file, line: line)
            XCTAssertLessThanOrEqual(started, post, "\(name)'s post_restart ran before its glance-api started", file: file, line: line)
            previous = post
        }
    }
}
