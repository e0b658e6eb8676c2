import Foundation
import LabSupport
import XCTest

/// What the background start of a node reported (set before the semaphore is signalled).
private final class StartError: @unchecked Sendable {
    var message: String?
}

/// Connect retries as the built binary does them on lab node 84 (`LogLevel VERBOSE`, so sshd
/// logs every connection): a node that starts listening after the first attempt is reached on a
/// retry, as `-v` and `--report` say; an authentication failure is tried once.
final class ConnectRetryTests: XCTestCase {
    private static let node = 84
    private var scratch = ""
    private var inventory: String { scratch + "/hosts.ini" }
    private var report: String { scratch + "/report.json" }

    override class func setUp() {
        super.setUp()
        XCTAssertNoThrow(try Lab.script("sshd-options", "\(node)", "LogLevel VERBOSE"))
        XCTAssertNoThrow(try Lab.script("start-node", "\(node)"))
    }

    override class func tearDown() {
        XCTAssertNoThrow(try Lab.script("stop-node", "\(node)"))
        XCTAssertNoThrow(try Lab.script("sshd-options", "\(node)"))
        super.tearDown()
    }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-retry-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try Lab.writeKnownHosts(scratch + "/known_hosts", nodes: [Self.node])
    }

    override func tearDownWithError() throws {
        try Lab.script("start-node", "\(Self.node)")
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func writeInventory(key: String) throws {
        try """
            [controllers]
            node\(Self.node) ansible_host=\(Lab.address(Self.node)) ansible_ssh_private_key_file=\(key)

            """.write(toFile: inventory, atomically: true, encoding: .utf8)
    }

    /// `deploy --check` (reads the node, changes nothing) with `-v` and a report; stdout and
    /// stderr apart.
    private func deployCheck(retries: Int) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = Lab.repository.appendingPathComponent(".build/debug/glance-push")
        process.arguments = ["deploy", "-i", inventory, "-p", Lab.repository.path + "/playbooks/lab.yml", "--check",
                             "--known-hosts", scratch + "/known_hosts", "--connect-retries", "\(retries)", "-v",
                             "--report", report]
        let out = scratch + "/out", err = scratch + "/err"
        for path in [out, err] { try Data().write(to: URL(fileURLWithPath: path)) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: err, encoding: .utf8))
    }

    private func reportedHost() throws -> [String: Any] {
        let hosts = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [[String: Any]]
        return try XCTUnwrap(hosts?.first)
    }

    func testANodeThatStartsListeningLateIsReachedOnARetry() throws {
        try writeInventory(key: Lab.clientKey)
        try Lab.script("stop-node", "\(Self.node)")
        let started = DispatchSemaphore(value: 0)
        let startError = StartError()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.2)
            do { try Lab.script("start-node", "\(Self.node)") } catch { startError.message = "\(error)" }
            started.signal()
        }
        let run = try deployCheck(retries: 6)
        started.wait()
        XCTAssertNil(startError.message)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let host = try reportedHost()
        let attempts = try XCTUnwrap(host["connectAttempts"] as? Int, "\(host)")
        XCTAssertGreaterThanOrEqual(attempts, 2)
        XCTAssertNil(host["error"])
        let retries = run.stderr.split(separator: "\n").filter { $0.contains("connect failed; retrying") }
        XCTAssertEqual(retries.count, attempts - 1, run.stderr)
        for (index, line) in retries.enumerated() {
            XCTAssertTrue(line.contains("attempt=\(index + 1) of 7 host=127.0.0.94 reason=cannot connect to 127.0.0.94 port 22: Connection refused retry in="), String(line))
        }
        XCTAssertTrue(run.stdout.contains("node84: connected at attempt \(attempts) (\(attempts - 1) transient failures retried)\n"), run.stdout)
    }

    func testAnAuthenticationFailureIsTriedOnce() throws {
        let stranger = scratch + "/stranger"
        try TestAgent.makeKey(stranger)
        try writeInventory(key: stranger)
        let before = Lab.logSize(Self.node)
        let run = try deployCheck(retries: 3)
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        let host = try reportedHost()
        XCTAssertEqual(host["connectAttempts"] as? Int, 1)
        XCTAssertEqual(host["error"] as? String, """
            ssh: permission denied for root@127.0.0.94: server offered publickey; tried key file \(stranger) (rejected by the server)
            """)
        XCTAssertFalse(run.stderr.contains("retrying"), run.stderr)
        let log = try Lab.sshdLog(Self.node, after: before)
        XCTAssertEqual(log.components(separatedBy: "Connection from 127.0.0.1").count - 1, 1, log)
    }
}
