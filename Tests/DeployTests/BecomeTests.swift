@testable import Deploy
import Foundation
import Inventory
import LabSupport
import SSH
import XCTest

/// Become on lab nodes set up as production is (scripts/lab): nodes 31-35 refuse root logins;
/// `deploy` becomes root with sudo without a password, `deploy-pw` with one. Node 36 lets root
/// in, for the same checks without become. What is on a node is read from this machine, from the
/// node's own copy of its paths (scripts/lab bind-mounts them), never through the connection
/// under test.
final class BecomeTests: XCTestCase {
    private var scratch = ""
    private var knownHosts: String { scratch + "/known_hosts" }

    override func setUpWithError() throws {
        try BecomeLab.up()
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-become-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // The lab's known_hosts.full is rewritten by every up-nodes: these nodes' keys, from their files.
        let lines = try (BecomeLab.nodes + [BecomeLab.rootNode]).map { node in
            let key = try String(contentsOfFile: "\(Lab.directory)/nodes/node\(node)/ssh_host_ed25519_key.pub", encoding: .utf8)
            return Lab.address(node) + " " + key.split(separator: " ").prefix(2).joined(separator: " ")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    // MARK: - Helpers

    private func host(_ node: Int, user: String, become: Bool = true, _ extra: [String: String] = [:]) -> InventoryHost {
        var vars = ["ansible_host": Lab.address(node), "ansible_user": user, "ansible_ssh_private_key_file": Lab.clientKey,
                    "ansible_ssh_common_args": "-o UserKnownHostsFile=\(knownHosts)"]
        if become { vars["ansible_become"] = "true" }
        return InventoryHost(name: "node\(node)", vars: vars.merging(extra) { $1 })
    }

    /// A path on the node, as this machine sees the node's private copy.
    private func onNode(_ node: Int, _ path: String) -> String {
        "\(Lab.directory)/nodes/node\(node)/root\(path)"
    }

    private struct FileState: Equatable {
        var bytes: Data
        var uid: UInt32, gid: UInt32, mode: UInt32
        var inode: UInt, mtime: [Int]
    }

    private func state(_ node: Int, _ path: String = "/etc/glance/glance-api.conf") throws -> FileState {
        var info = stat()
        guard stat(onNode(node, path), &info) == 0 else { throw Lab.LabError(message: "no \(path) on node\(node)") }
        return FileState(bytes: FileManager.default.contents(atPath: onNode(node, path)) ?? Data(), uid: info.st_uid,
                         gid: info.st_gid, mode: info.st_mode & 0o7777, inode: info.st_ino,
                         mtime: [info.st_mtim.tv_sec, info.st_mtim.tv_nsec])
    }

    private func glanceAPIPID(_ node: Int) -> String? {
        (try? String(contentsOfFile: onNode(node, "/run/glance/glance-api.pid"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func releases(_ node: Int) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: onNode(node, "/var/lib/glance-push/releases"))) ?? []).sorted()
    }

    private func versionsStatus(_ node: Int) throws -> String {
        try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                      "http://\(Lab.address(node)):9292/versions", timeout: 30).output
    }

    /// lab.yml with a `workers` value the node does not have yet, so that the deploy changes it.
    private func changingPlaybook(_ node: Int) throws -> String {
        let text = String(decoding: try state(node).bytes, as: UTF8.self)
        let workers = (2...5).first { !text.contains("\nworkers = \($0)\n") } ?? 2
        return try LabDeploy.playbook(workers: workers)
    }

    /// Deploys `host` (through HostConnector.ssh) and checks what a deploy promises: the file
    /// written exactly as planned (bytes, root:glance, 0640), glance-api restarted (started, on a fresh node) and healthy,
    /// a release recorded.
    @discardableResult
    private func deployAndCheck(_ node: Int, _ host: InventoryHost, file: StaticString = #filePath, line: UInt = #line) throws
        -> HostReport {
        let playbook = try changingPlaybook(node)
        let before = (pid: glanceAPIPID(node), releases: releases(node), file: try state(node))
        // A fresh node's glance-api has never run: the deploy starts it; otherwise it restarts it.
        let wasRunning = before.pid.map { FileManager.default.fileExists(atPath: "/proc/\($0)") } ?? false
        let inputs = try LabDeploy.inputs(playbook, anyHosts: [host])
        let reports = Deployment.run(inputs, options: DeployOptions(), progress: DeployProgress(enabled: false) { _ in })
        let report = try XCTUnwrap(reports.first, file: file, line: line)
        XCTAssertEqual(report.status, .changed, report.error ?? "", file: file, line: line)
        XCTAssertNil(report.error, file: file, line: line)
        XCTAssertTrue(report.changedFiles.contains("/etc/glance/glance-api.conf"), "\(report.changedFiles)", file: file, line: line)
        XCTAssertEqual(wasRunning ? report.restarted : report.started, ["glance-api"], "\(report)", file: file, line: line)
        XCTAssertEqual(wasRunning ? report.started : report.restarted, [], file: file, line: line)
        XCTAssertEqual(report.health, "ok", file: file, line: line)

        // What the node has now is what a new plan wants, byte for byte.
        let connection = try HostConnector.ssh.open(host, ConnectionOptions())
        defer { connection.close() }
        let vouched = try PlannedHost.gather(try XCTUnwrap(inputs.first), connection: connection)
        XCTAssertTrue(vouched.vouchedByRecord, "the convergence record was written through sudo", file: file, line: line)
        XCTAssertTrue(vouched.changes.isEmpty, "\(vouched.changes)", file: file, line: line)
        let planned = try PlannedHost.gather(try XCTUnwrap(inputs.first), connection: connection, useRecord: false)
        XCTAssertTrue(planned.changes.isEmpty, "\(planned.changes)", file: file, line: line)
        let conf = try XCTUnwrap(planned.plan.files.first { $0.path == "/etc/glance/glance-api.conf" }, file: file, line: line)
        XCTAssertEqual([conf.owner, conf.group, String(conf.mode, radix: 8)], ["root", "glance", "640"], file: file, line: line)
        let after = try state(node)
        XCTAssertEqual(after.bytes, Data(conf.content.utf8), file: file, line: line)
        XCTAssertEqual([after.uid, after.gid, after.mode], [0, try BecomeLab.gid("glance"), 0o640], file: file, line: line)
        XCTAssertNotEqual(after.inode, before.file.inode, "renamed into place", file: file, line: line)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: onNode(node, "/etc/glance"))
            .filter { $0.contains(SSHConnection.temporaryMarker) }, [], file: file, line: line)

        let pid = try XCTUnwrap(glanceAPIPID(node), file: file, line: line)
        XCTAssertNotEqual(pid, before.pid, "glance-api restarted", file: file, line: line)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/proc/\(pid)"), file: file, line: line)
        XCTAssertEqual(try versionsStatus(node), "200", file: file, line: line)
        // A new release, the oldest pruned once the node keeps its 10.
        XCTAssertEqual(releases(node).count, min(before.releases.count + 1, DeployOptions().keepReleases), file: file, line: line)
        XCTAssertTrue(releases(node).contains(try XCTUnwrap(report.release, file: file, line: line)), file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: onNode(node, NodeLock.path)), "unlocked", file: file, line: line)
        return report
    }

    /// The command lines of every process of this machine (the nodes' too: one pid namespace),
    /// and their environments, read until `body` returns.
    private func watchingProcesses(_ body: () throws -> Void) rethrows -> [String] {
        let seen = ProcessLines()
        // Two semaphores: with one, the waiting side could take back its own stop signal and
        // leave the watcher scanning for the rest of the run.
        let stop = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)
        let watcher = Thread {
            while stop.wait(timeout: .now() + .milliseconds(20)) == .timedOut { seen.scan() }
            stopped.signal()
        }
        watcher.start()
        defer {
            stop.signal()
            stopped.wait()
        }
        try body()
        return seen.lines
    }

    // MARK: - Tests

    func testRootCannotLogInToTheseNodesAndDeployCan() throws {
        let key = SSHTarget(host: Lab.address(31), user: "root", identityFile: Lab.clientKey, knownHostsFile: knownHosts,
                            connectTimeout: 5)
        XCTAssertThrowsError(try SSHConnection.connect(to: key)) {
            XCTAssertEqual(($0 as? SSHError)?.kind, .authentication, "\($0)")
        }
        var deploy = key
        deploy.user = "deploy"
        let connection = try SSHConnection.connect(to: deploy)
        defer { connection.close() }
        XCTAssertEqual(try connection.run("id -un; hostname").stdoutText, "deploy\nnode31\n")
    }

    func testDeployAsDeployWithSudoWithoutAPassword() throws {
        try deployAndCheck(31, host(31, user: "deploy"))
    }

    /// deploy-pw's password has blanks, quotes, `$`, `\` and `;`: it goes on stdin exactly, and
    /// no process on the node ever has it on its command line or in its environment.
    func testDeployAsAUserWhoseSudoWantsThePasswordNeverShowsIt() throws {
        let password = try BecomeLab.password
        let lines = try watchingProcesses {
            try deployAndCheck(32, host(32, user: "deploy-pw", ["ansible_become_password": password]))
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("sudo -k -S -p  -u root -- /bin/sh -c glance_push_session=") },
                      "the deploy's sudo commands were seen")
        XCTAssertEqual(lines.filter { $0.contains(password) }, [])
    }

    /// A wrong sudo password on one host stops the whole deploy before any host is changed, the
    /// NOPASSWD host too: exit 1, the message, nothing of the password anywhere.
    func testAWrongPasswordChangesNothingAnywhereAndExits1() throws {
        let wrong = "wrong-\(UUID().uuidString.prefix(8)) pw"
        let inventory = try writeInventory([
            "node33 ansible_host=\(Lab.address(33)) ansible_user=deploy-pw ansible_become_password='\(wrong)'",
            "node34 ansible_host=\(Lab.address(34)) ansible_user=deploy",
        ])
        let playbook = try changingPlaybook(33)
        let before = try [33, 34].map { (try state($0), releases($0), glanceAPIPID($0)) }
        let report = scratch + "/report.json"
        let run = try cli(["deploy", "-i", inventory, "-p", playbook, "--report", report, "-vvv"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.hasSuffix("""
            glance-push: error: sudo refused the become password of 1 host; nothing was changed on any host:
              node33: sudo: wrong password for deploy-pw on node33 (ansible_become_password)

            """), run.stderr)
        let written = try String(contentsOfFile: report, encoding: .utf8)
        let hosts = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [[String: Any]])
        XCTAssertEqual(hosts.map { $0["host"] as? String }, ["node33", "node34"])
        XCTAssertEqual(hosts.map { $0["status"] as? String }, ["failed", "not touched"])
        XCTAssertEqual(hosts[0]["error"] as? String, "connect: sudo: wrong password for deploy-pw on node33 (ansible_become_password)")
        for text in [run.stdout, run.stderr, written] { XCTAssertFalse(text.contains(wrong), text) }
        for (index, node) in [33, 34].enumerated() {
            XCTAssertEqual(try state(node), before[index].0, "node\(node)'s glance-api.conf: bytes, owner, mode, inode, mtime")
            XCTAssertEqual(releases(node), before[index].1)
            XCTAssertEqual(glanceAPIPID(node), before[index].2)
            XCTAssertFalse(FileManager.default.fileExists(atPath: onNode(node, NodeLock.path)))
        }
    }

    /// The lock records the connection's sshd session process, under sudo as without it: a live
    /// holder is refused, a dead one's lock is taken over.
    func testTheNodeLockTellsALiveRunFromADeadOneUnderSudoToo() throws {
        for (node, host) in [(35, host(35, user: "deploy")), (BecomeLab.rootNode, host(BecomeLab.rootNode, user: "root", become: false))] {
            try? FileManager.default.removeItem(atPath: onNode(node, NodeLock.path))
            let first = try HostConnector.ssh.open(host, ConnectionOptions())
            XCTAssertEqual(first is SudoHost, node == 35)
            XCTAssertNil(try NodeLock(run: "first").acquire(on: first, host: host.name))
            let fields = NodeLock.fields(try String(contentsOfFile: onNode(node, NodeLock.path), encoding: .utf8)
                .split(separator: "\n").map(String.init))
            let session = try XCTUnwrap(fields["session"]?.split(separator: " ").first.map(String.init))
            let command = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "/proc/\(session)/cmdline")), as: UTF8.self)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\0"))
            XCTAssertEqual(command, "sshd: \(host.vars["ansible_user"] ?? "")@notty", "node\(node)")

            let second = try HostConnector.ssh.open(host, ConnectionOptions())
            defer { second.close() }
            XCTAssertThrowsError(try NodeLock(run: "second").acquire(on: second, host: host.name)) {
                XCTAssertTrue("\($0)".hasSuffix("(run first); another deploy is working on this node"), "\($0)")
            }
            first.close()
            for _ in 0..<50 where FileManager.default.fileExists(atPath: "/proc/\(session)") { Thread.sleep(forTimeInterval: 0.1) }
            let recovered = try NodeLock(run: "second").acquire(on: second, host: host.name)
            XCTAssertEqual(recovered?.hasPrefix(NodeLock.holderDescription() + " since "), true, recovered ?? "nil")
            try NodeLock(run: "second").release(on: second)
            XCTAssertFalse(FileManager.default.fileExists(atPath: onNode(node, NodeLock.path)))
        }
    }

    /// Every command that connects works under become, with and without a password, and -vvv
    /// shows the sudo command lines, never the password.
    func testPingReleasesRestartAndRollbackUnderBecome() throws {
        let password = try BecomeLab.password
        let inventory = try writeInventory([
            "node31 ansible_host=\(Lab.address(31)) ansible_user=deploy",
            "node32 ansible_host=\(Lab.address(32)) ansible_user=deploy-pw ansible_become_password=\(Self.iniQuoted(password))",
        ])
        XCTAssertEqual(try Inventory.load(path: inventory).host(named: "node32")?.vars["ansible_become_password"], password)
        var outputs: [String] = []
        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let result = try cli(arguments)
            outputs += [result.stdout, result.stderr]
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stdout)\(result.stderr)")
            return result
        }
        let ping = try run(["ping", "-i", inventory])
        XCTAssertTrue(ping.stdout.contains("node31  \(Lab.address(31))  ok      node31"), ping.stdout)
        XCTAssertTrue(ping.stdout.contains("node32  \(Lab.address(32))  ok      node32"), ping.stdout)

        let original = try state(32)
        let report = scratch + "/deploy.json"
        let deploy = try run(["deploy", "-i", inventory, "--limit", "node32", "-p", try changingPlaybook(32), "--report", report, "-vvv"])
        XCTAssertTrue(deploy.stderr.contains("command=sudo -k -S -p '' -u root -- /bin/sh -c \"glance_push_session=$PPID\"'"),
                      "-vvv shows the commands")
        let deployed = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
            as? [[String: Any]])?.first)
        let release = try XCTUnwrap(deployed["release"] as? String)

        let listed = try run(["releases", "-i", inventory, "--host", "node32"])
        XCTAssertTrue(listed.stdout.contains(release), listed.stdout)

        let pid = glanceAPIPID(32)
        let restart = try run(["restart", "-i", inventory, "--limit", "node32", "--rolling"])
        XCTAssertTrue(restart.stdout.contains("node32"), restart.stdout)
        XCTAssertNotEqual(glanceAPIPID(32), pid)
        XCTAssertEqual(try versionsStatus(32), "200")

        let rollback = try run(["rollback", "-i", inventory, "--host", "node32"])
        XCTAssertTrue(rollback.stdout.hasPrefix("node32: restored release \(release) (recorded as "), rollback.stdout)
        let restored = try state(32)
        XCTAssertEqual(restored.bytes, original.bytes, "the bytes before the deploy")
        XCTAssertEqual([restored.uid, restored.gid, restored.mode], [original.uid, original.gid, original.mode])
        XCTAssertEqual(try versionsStatus(32), "200")
        for text in outputs + [try String(contentsOfFile: report, encoding: .utf8)] {
            XCTAssertFalse(text.contains(password), text)
        }
    }

    /// `-K` asks on the terminal without echo; with no terminal it says so (exit 1).
    func testAskBecomePassReadsTheTerminalWithoutEcho() throws {
        let password = try BecomeLab.password
        let inventory = try writeInventory(["node32 ansible_host=\(Lab.address(32)) ansible_user=deploy-pw"])
        // Backspace works as in a shell: a typo, erased.
        let typed = try onTerminal(["ping", "-i", inventory, "-K"], typing: "x\u{7f}" + password + "\r")
        XCTAssertEqual(typed.status, 0, typed.transcript)
        XCTAssertTrue(typed.transcript.hasPrefix("BECOME password: \r\nnode32  \(Lab.address(32))  ok      node32"), typed.transcript)
        XCTAssertFalse(typed.transcript.contains(password), typed.transcript)
        XCTAssertTrue(typed.transcript.hasSuffix("\r\n<echo on>"), typed.transcript)

        let wrong = try onTerminal(["ping", "-i", inventory, "-K"], typing: "not-the-password\r")
        XCTAssertEqual(wrong.status, 1, wrong.transcript)
        XCTAssertTrue(wrong.transcript.hasSuffix("""
            node32: sudo: wrong password for deploy-pw on node32 (--ask-become-pass)\r\n<echo on>
            """), wrong.transcript)
        XCTAssertFalse(wrong.transcript.contains("not-the-password"))

        // Ctrl-C at the prompt: 130, and the terminal echoes again.
        let interrupted = try onTerminal(["ping", "-i", inventory, "-K"], typing: "abc\u{3}")
        XCTAssertEqual(interrupted.status, 130, interrupted.transcript)
        XCTAssertEqual(interrupted.transcript, "BECOME password: \r\n<echo on>")

        let missing = try cli(["ping", "-i", inventory])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, """
            glance-push: error: sudo refused the become password of 1 host; nothing was changed on any host:
              node32: sudo: a password is required for deploy-pw on node32 to become root: set ansible_become_password \
            or pass --ask-become-pass (-K)

            """)

        let noTerminal = try cli(["ping", "-i", inventory, "-K"], withoutTerminal: true)
        XCTAssertEqual(noTerminal.status, 1)
        XCTAssertEqual(noTerminal.stdout, "")
        XCTAssertEqual(noTerminal.stderr, """
            glance-push: error: --ask-become-pass (-K) needs a terminal to ask for the sudo password on, and there is none \
            (/dev/tty: No such device or address); set ansible_become_password in the inventory instead

            """)
    }

    // MARK: - The CLI

    private var binary: String { Lab.repository.path + "/.build/debug/glance-push" }

    private func writeInventory(_ lines: [String]) throws -> String {
        let path = scratch + "/hosts-\(UUID().uuidString.prefix(6)).ini"
        try """
            [controllers]
            \(lines.joined(separator: "\n"))

            [controllers:vars]
            ansible_become=true
            ansible_ssh_private_key_file=\(Lab.clientKey)
            ansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts)'

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An INI host-line value (read as `shlex.split`): double quotes, `\` and `"` escaped.
    private static func iniQuoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The binary's stdout and stderr apart; `withoutTerminal` runs it in a new session (setsid),
    /// which has no controlling terminal.
    private func cli(_ arguments: [String], withoutTerminal: Bool = false) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = scratch + "/stdout", err = scratch + "/stderr"
        let prefix = withoutTerminal ? ["setsid", "-w"] : []
        let result = try Lab.shell(arguments: prefix + ["sh", "-c", "exec \"$0\" \"$@\" </dev/null >\(out) 2>\(err)", binary] + arguments,
                                   timeout: 600)
        return (result.status, try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: err, encoding: .utf8))
    }

    /// Runs the binary on a new pseudo-terminal (Python's pty), waits for the prompt, types
    /// `typing` (read from the driver's stdin, never a command line), and returns all the terminal
    /// showed, then `<echo on>` or `<echo off>`: whether the terminal echoes again afterwards.
    private func onTerminal(_ arguments: [String], typing: String) throws -> (status: Int32, transcript: String) {
        let driver = """
            import os, pty, select, sys, termios
            typed = sys.stdin.buffer.read()
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            seen, sent = b"", False
            while True:
                ready, _, _ = select.select([fd], [], [], 60)
                if not ready:
                    break
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if not sent and seen.endswith(b"BECOME password: "):
                    os.write(fd, typed)
                    sent = True
            _, status = os.waitpid(pid, 0)
            echo = termios.tcgetattr(fd)[3] & termios.ECHO
            sys.stdout.buffer.write(seen + b"<echo %s>" % (b"on" if echo else b"off"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let result = try Lab.shell(arguments: ["python3", "-c", driver, binary] + arguments, input: Data(typing.utf8), timeout: 120)
        return (result.status, result.output)
    }
}

/// Command lines and environments of every process, collected by a watcher thread.
private final class ProcessLines: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Set<String>()

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return collected.sorted()
    }

    /// /proc/PID/cmdline (arguments joined by blanks, as ps shows them) and /proc/PID/environ.
    func scan() {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        var found: [String] = []
        for pid in pids where pid.allSatisfy(\.isNumber) {
            for part in ["cmdline", "environ"] {
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(part)"), !data.isEmpty else { continue }
                let text = String(decoding: data, as: UTF8.self)
                found.append(part == "cmdline" ? text.split(separator: "\0", omittingEmptySubsequences: false)
                    .joined(separator: " ").trimmingCharacters(in: .whitespaces) : text)
            }
        }
        lock.lock()
        collected.formUnion(found)
        lock.unlock()
    }
}
