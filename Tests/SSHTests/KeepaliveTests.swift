import Foundation
import LabSupport
import SSH
import XCTest

/// ServerAliveInterval on real nodes. libssh2 reads the socket only when called, so an idle
/// connection answers none of the server's ClientAlive probes: node 82 (`ClientAliveInterval 1`,
/// `ClientAliveCountMax 1`, `LogLevel DEBUG`) drops such a client within the idle time used here
/// (it did between 4 and 10 s). sshd's debug log shows each probe answered ("Got 100/… for
/// keepalive": on the idle reader's channel) and each keepalive of ours ("rtype
/// keepalive@libssh2.org").
final class KeepaliveTests: XCTestCase {
    private static let strictNode = 82
    private static let silentNode = 83
    /// Seconds a connection stays idle in these tests.
    private static let idle = 12.0
    private var scratch = ""
    private var stopped: [pid_t] = []

    override class func setUp() {
        super.setUp()
        XCTAssertNoThrow(try Lab.script("sshd-options", "\(strictNode)", "ClientAliveInterval 1", "ClientAliveCountMax 1",
                                        "LogLevel DEBUG"))
        XCTAssertNoThrow(try Lab.script("start-node", "\(strictNode)"))
        XCTAssertNoThrow(try Lab.script("start-node", "\(silentNode)"))
    }

    override class func tearDown() {
        for node in [strictNode, silentNode] { XCTAssertNoThrow(try Lab.script("stop-node", "\(node)")) }
        XCTAssertNoThrow(try Lab.script("sshd-options", "\(strictNode)"))
        super.tearDown()
    }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-keepalive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try Lab.writeKnownHosts(scratch + "/known_hosts", nodes: [Self.strictNode, Self.silentNode])
    }

    override func tearDownWithError() throws {
        for pid in stopped { kill(pid, SIGCONT) }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func connect(_ node: Int, interval: Int, countMax: Int = 3) throws -> SSHConnection {
        var target = SSHTarget(host: Lab.address(node), identityFile: Lab.clientKey, knownHostsFile: scratch + "/known_hosts",
                               globalKnownHostsFiles: [], connectTimeout: 5)
        target.serverAliveInterval = interval
        target.serverAliveCountMax = countMax
        return try SSHConnection.connect(to: target)
    }

    private func count(_ text: String, in log: String) -> Int {
        log.components(separatedBy: text).count - 1
    }

    /// The failure keepalives prevent: with them off, the idle connection is dropped.
    func testWithoutKeepalivesAnIdleConnectionIsDroppedByClientAlive() throws {
        let before = Lab.logSize(Self.strictNode)
        let connection = try connect(Self.strictNode, interval: 0)
        defer { connection.close() }
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node\(Self.strictNode)\n")
        Thread.sleep(forTimeInterval: Self.idle)
        XCTAssertThrowsError(try connection.run("hostname")) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .disconnected, "\(error)")
        }
        XCTAssertTrue(try Lab.sshdLog(Self.strictNode, after: before, waitingFor: "Timeout, client not responding")
            .contains("Timeout, client not responding from user root 127.0.0.1"))
    }

    func testAnIdleConnectionSendsKeepalivesAndLives() throws {
        let before = Lab.logSize(Self.strictNode)
        let connection = try connect(Self.strictNode, interval: 2)
        defer { connection.close() }
        let first = try connection.run("echo $SSH_CONNECTION").stdoutText
        Thread.sleep(forTimeInterval: Self.idle)
        XCTAssertEqual(try connection.run("echo $SSH_CONNECTION").stdoutText, first, "the same TCP connection")
        let log = try Lab.sshdLog(Self.strictNode, after: before, waitingFor: "rtype keepalive@libssh2.org", timeout: 5)
        XCTAssertGreaterThanOrEqual(count("rtype keepalive@libssh2.org want_reply 1", in: log), 4, log)
        XCTAssertEqual(count("Timeout, client not responding", in: log), 0, log)
    }

    /// The default interval (15 s) sends one keepalive in these seconds (the first, at once), yet
    /// the server's probes are answered by the idle reads, so the connection lives.
    func testWithTheDefaultIntervalTheProbesAreAnsweredToo() throws {
        let before = Lab.logSize(Self.strictNode)
        var target = SSHTarget(host: Lab.address(Self.strictNode), identityFile: Lab.clientKey,
                               knownHostsFile: scratch + "/known_hosts", globalKnownHostsFiles: [], connectTimeout: 5)
        XCTAssertEqual(target.serverAliveInterval, 15)
        XCTAssertEqual(target.serverAliveCountMax, 3)
        target.operationTimeout = 30
        let connection = try SSHConnection.connect(to: target)
        defer { connection.close() }
        Thread.sleep(forTimeInterval: Self.idle)
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node\(Self.strictNode)\n")
        let log = try Lab.sshdLog(Self.strictNode, after: before, waitingFor: " for keepalive", timeout: 5)
        XCTAssertGreaterThanOrEqual(count(" for keepalive", in: log), 1, log)
        XCTAssertEqual(count("rtype keepalive@libssh2.org want_reply 1", in: log), 1, log)
        XCTAssertEqual(count("Timeout, client not responding", in: log), 0, log)
    }

    /// A server that stops answering (its session process stopped with SIGSTOP) counts as lost
    /// after ServerAliveInterval × (ServerAliveCountMax + 1) seconds; the next call says why.
    func testAServerThatAnswersNothingCountsAsLost() throws {
        let connection = try connect(Self.silentNode, interval: 2, countMax: 1)
        defer { connection.close() }
        let session = try XCTUnwrap(pid_t(try connection.run("echo $PPID").stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertTrue(try String(contentsOfFile: "/proc/\(session)/cmdline", encoding: .utf8).hasPrefix("sshd: root@notty"))
        XCTAssertEqual(kill(session, SIGSTOP), 0)
        stopped.append(session)
        Thread.sleep(forTimeInterval: 6)
        let started = Date()
        XCTAssertThrowsError(try connection.run("hostname")) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .disconnected)
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("127.0.0.93: connection lost: the server answered nothing for "), text)
            XCTAssertTrue(text.hasSuffix(" s, keepalives included (ServerAliveInterval 2, ServerAliveCountMax 1)"), text)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "known before the call, not found by timing out")
    }
}
