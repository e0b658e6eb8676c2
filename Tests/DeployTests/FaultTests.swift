import Deploy
import Foundation
import LabSupport
import SSH
import XCTest

/// Faults on real nodes: a node dying mid-deploy, a full disk, hosts that cannot be reached or
/// trusted. Each time the failed host is named with its reason, its files are whole (old or
/// new), and the other hosts are not harmed.
final class FaultTests: XCTestCase {
    override func setUpWithError() throws {
        try Lab.up(7)
    }

    private func converge(_ nodes: [Int]) throws {
        let reports = try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: nodes)
        XCTAssertFalse(reports.contains { $0.status == .failed }, "\(reports.map { $0.error ?? "" })")
    }

    func testNodeDyingWhileFilesAreWrittenIsReportedAndRecovered() throws {
        try converge([4, 5])
        let before = try [4, 5].map { try LabDeploy.sha($0) }
        let killed = DeployProgress(enabled: true) { line in
            if line.hasPrefix("node5  files") { try? LabDeploy.killNode(5) }
        }
        let reports = try LabDeploy.deploy(try LabDeploy.playbook(workers: 3), nodes: [4, 5], progress: killed)
        XCTAssertEqual(reports.map(\.status), [.changed, .failed])
        XCTAssertTrue(reports[1].error?.hasPrefix("ssh: connection lost") == true
                      || reports[1].error?.hasPrefix("ssh: ") == true, reports[1].error ?? "")
        try LabDeploy.startNode(5)
        // Whole files only: node 5 still has the old bytes (its write never completed).
        XCTAssertEqual(try LabDeploy.sha(5), before[1])
        XCTAssertNotEqual(try LabDeploy.sha(4), before[0])
        let next = try LabDeploy.deploy(try LabDeploy.playbook(workers: 3), nodes: [5])
        XCTAssertEqual(next.first?.status, .changed, next.first?.error ?? "")
        XCTAssertEqual(next.first?.recoveredLock?.contains(" since "), true, "the dead run's lock must be taken over")
        XCTAssertEqual(try LabDeploy.run(5, "grep -c '^workers = 3$' /etc/glance/glance-api.conf"), "1\n")
        XCTAssertEqual(try LabDeploy.run(5, "ls -A /etc/glance | grep -c glance-push-tmp"), "0\n")
        try converge([4, 5])
    }

    func testWorkLeftByAnInterruptedRunIsFinishedByTheNext() throws {
        try converge([4])
        let pid = try LabDeploy.run(4, "cat /run/glance/glance-api.pid")
        let cancellation = Cancellation()
        let interrupting = DeployProgress(enabled: true, cancellation: cancellation) { line in
            if line.hasPrefix("node4  files") { cancellation.cancel() }
        }
        let changed = try LabDeploy.playbook(workers: 6)
        let first = try LabDeploy.deploy(changed, nodes: [4], progress: interrupting)
        XCTAssertEqual(first.first?.status, .interrupted)
        XCTAssertEqual(first.first?.changedFiles, ["/etc/glance/glance-api.conf"])
        XCTAssertEqual(try LabDeploy.run(4, "cat /run/glance/glance-api.pid"), pid, "nothing restarted yet")
        XCTAssertEqual(try LabDeploy.run(4, "cat /var/lib/glance-push/pending"), "restart glance-api\noneshot glance-db-sync\noneshot glance-db-load-metadefs\n")
        // The files are already as planned; the marker makes the next run restart all the same.
        let second = try LabDeploy.deploy(changed, nodes: [4])
        XCTAssertEqual(second.first?.status, .changed, second.first?.error ?? "")
        XCTAssertEqual(second.first?.changedFiles, [])
        XCTAssertEqual(second.first?.restarted, ["glance-api"])
        XCTAssertEqual(second.first?.health, "ok")
        XCTAssertNotEqual(try LabDeploy.run(4, "cat /run/glance/glance-api.pid"), pid)
        XCTAssertEqual(try LabDeploy.run(4, "test -e /var/lib/glance-push/pending; echo $?"), "1\n")
        XCTAssertEqual(try LabDeploy.deploy(changed, nodes: [4]).first?.status, .unchanged)
        try converge([4])
    }

    func testFullDiskFailsTheWriteAndKeepsTheOldFile() throws {
        try converge([6])
        let pid = try LabDeploy.sshdPID(6)
        let etc = "\(Lab.directory)/nodes/node6/root/etc/glance"
        let before = try LabDeploy.sha(6)
        let releasesBefore = try LabDeploy.run(6, "ls /var/lib/glance-push/releases")
        // A tmpfs holding just the current files, over /etc/glance in node 6's mount namespace.
        let mount = try Lab.shell("sh", "-c", """
            set -e
            size=$(( $(du -sk '\(etc)' | cut -f1) + 64 ))
            nsenter -t \(pid) -m -- sh -c "mount -t tmpfs -o size=${size}k gp-full /etc/glance && cp -a '\(etc)'/. /etc/glance/ && \
              (dd if=/dev/zero of=/etc/glance/.filler bs=4k 2>/dev/null || true)"
            """)
        XCTAssertEqual(mount.status, 0, mount.output)
        defer { _ = try? Lab.shell("nsenter", "-t", String(pid), "-m", "--", "umount", "/etc/glance") }
        let reports = try LabDeploy.deploy(try LabDeploy.playbook(workers: 4), nodes: [6])
        XCTAssertEqual(reports.first?.status, .failed)
        let error = reports.first?.error ?? ""
        XCTAssertTrue(error.hasPrefix("ssh: writing /etc/glance/glance-api.conf failed: no space left on device ("), error)
        XCTAssertTrue(error.hasSuffix("the old file is untouched"), error)
        XCTAssertEqual(try LabDeploy.sha(6), before)
        XCTAssertEqual(try LabDeploy.run(6, "ls -A /etc/glance | grep -c glance-push-tmp"), "0\n")
        XCTAssertEqual(try LabDeploy.run(6, "ls /var/lib/glance-push/releases"), releasesBefore, "no release for a change that did not happen")
        XCTAssertEqual(try LabDeploy.run(6, "test -e /var/lib/glance-push/lock; echo $?"), "1\n")
    }

    func testUnreachableSilentAndRefusingHostsFailAloneWithTheirReasons() throws {
        let listener = try SilentPort()
        defer { listener.close() }
        var hosts = try LabDeploy.hosts([7])
        let good = hosts[0].vars
        hosts.append(.init(name: "nothing-listens", vars: good.merging(["ansible_host": "127.0.0.250"]) { $1 }))
        hosts.append(.init(name: "silent", vars: good.merging(["ansible_host": "127.0.0.1", "ansible_port": String(listener.port)]) { $1 }))
        let stranger = FileManager.default.temporaryDirectory.appendingPathComponent("stranger-\(UUID().uuidString)").path
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger).status, 0)
        hosts.append(.init(name: "refused", vars: good.merging(["ansible_host": Lab.address(6), "ansible_ssh_private_key_file": stranger]) { $1 }))
        let started = Date()
        let options = DeployOptions(connection: ConnectionOptions(connectTimeout: 3))
        let reports = Deployment.run(try LabDeploy.inputs(LabDeploy.labPlaybook, anyHosts: hosts), options: options,
                                     progress: DeployProgress(enabled: false) { _ in })
        // No host waits past its own limits: the silent one's 3 attempts of 3 s and their backoff
        // (under 13 s) in parallel with the others, then node7's restart and health check (up to
        // about 10 s on a loaded 2-core machine). A host hanging on a missed timeout takes 120 s.
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        guard reports.count == 4 else { return XCTFail("\(reports.map(\.host))") }
        XCTAssertEqual(reports.map(\.host), ["node7", "nothing-listens", "silent", "refused"])
        XCTAssertNotEqual(reports[0].status, .failed, reports[0].error ?? "")
        // Both are transient, so tried three times (the default two retries); the refused key once.
        XCTAssertEqual(reports[1].error, "ssh: cannot connect to 127.0.0.250 port 22: Connection refused (3 attempts)")
        XCTAssertEqual(reports[2].error, "ssh: timed out during the SSH handshake with [127.0.0.1]:\(listener.port) (3 attempts)")
        XCTAssertEqual(reports.map(\.connectAttempts), [1, 3, 3, 1])
        XCTAssertEqual(reports[3].error, "ssh: permission denied for root@127.0.0.16: server offered publickey; tried key file \(stranger) (rejected by the server)")
    }

    func testChangedHostKeyIsRefusedEvenForCheck() throws {
        let knownHosts = FileManager.default.temporaryDirectory.appendingPathComponent("kh-\(UUID().uuidString)").path
        let wrongKey = try String(contentsOfFile: "\(Lab.directory)/nodes/node1/ssh_host_ed25519_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        try "\(Lab.address(4)) \(wrongKey)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let fingerprint = String(try Lab.shell("ssh-keygen", "-lf", "\(Lab.directory)/nodes/node4/ssh_host_ed25519_key.pub")
            .output.split(separator: " ")[1])
        for check in [true, false] {
            let options = DeployOptions(check: check, connection: ConnectionOptions(knownHostsFile: knownHosts, hostKeyPolicy: .acceptNew))
            let reports = try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: [4], options: options)
            XCTAssertEqual(reports.first?.status, .failed)
            XCTAssertTrue(reports.first?.error?.hasPrefix(
                "ssh: host key for 127.0.0.14 has CHANGED: the server offers ssh-ed25519 \(fingerprint), which does not match \(knownHosts).") == true,
                reports.first?.error ?? "")
        }
        XCTAssertEqual(try String(contentsOfFile: knownHosts, encoding: .utf8), "\(Lab.address(4)) \(wrongKey)\n")
    }
}

/// A port that accepts TCP connections and never speaks.
final class SilentPort {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(fd) }
}
