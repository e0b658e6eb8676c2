import Foundation
import LabSupport
import SSH
import XCTest

/// `connectRetrying`: which failures are tried again, how long it waits, what it reports.
final class ConnectRetryTests: XCTestCase {
    /// Node 84 is started by the host-key test; it is stopped again when the class is done.
    override class func tearDown() {
        XCTAssertNoThrow(try Lab.script("stop-node", "84"))
        super.tearDown()
    }

    /// The waits a fake `sleep` was asked for, in order.
    private final class Waits: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: [Double] = []
        func append(_ value: Double) { lock.lock(); seconds.append(value); lock.unlock() }
        var all: [Double] { lock.lock(); defer { lock.unlock() }; return seconds }
    }

    func testBackoffDoublesUpToItsCapWithJitterDownToHalf() {
        let backoff = ConnectBackoff.standard
        for (attempt, full) in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0), (30, 8.0)] {
            for _ in 0..<50 {
                let delay = backoff.delay(beforeRetry: attempt)
                XCTAssertGreaterThanOrEqual(delay, full / 2, "attempt \(attempt)")
                XCTAssertLessThanOrEqual(delay, full, "attempt \(attempt)")
            }
        }
        let spread = Set((0..<50).map { _ in backoff.delay(beforeRetry: 3) })
        XCTAssertGreaterThan(spread.count, 10, "jittered")
    }

    func testARefusedConnectIsTriedAgainAndTheLastErrorCountsTheAttempts() {
        let waits = Waits()
        var target = SSHTarget(host: "127.0.0.250", port: 1, identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts,
                               connectTimeout: 2)
        target.connectRetries = 3
        let backoff = ConnectBackoff(base: 0.5, cap: 8) { waits.append($0) }
        XCTAssertThrowsError(try SSHConnection.connectRetrying(to: target, backoff: backoff)) { error in
            let sshError = error as? SSHError
            XCTAssertEqual(sshError?.kind, .connect)
            XCTAssertEqual(sshError?.connectAttempts, 4)
            XCTAssertEqual("\(error)", "127.0.0.250: cannot connect to 127.0.0.250 port 1: Connection refused (4 attempts)")
        }
        let seconds = waits.all
        XCTAssertEqual(seconds.count, 3)
        for (wait, full) in zip(seconds, [0.5, 1.0, 2.0]) {
            XCTAssertTrue((full / 2...full).contains(wait), "\(seconds)")
        }
    }

    /// A server that accepts the TCP connection and never speaks: the handshake times out,
    /// which may pass (an sshd starting up), so it is tried again.
    func testAHandshakeTimeoutIsTriedAgain() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let waits = Waits()
        var target = SSHTarget(host: "127.0.0.1", port: listener.port, identityFile: Lab.clientKey,
                               knownHostsFile: Lab.knownHosts, connectTimeout: 0.5)
        target.connectRetries = 1
        XCTAssertThrowsError(try SSHConnection.connectRetrying(to: target, backoff: ConnectBackoff(base: 0.5, cap: 8) { waits.append($0) })) {
            XCTAssertEqual(($0 as? SSHError)?.kind, .timeout)
            XCTAssertEqual(($0 as? SSHError)?.isTransient, true)
            XCTAssertEqual("\($0)", "127.0.0.1: timed out during the SSH handshake with [127.0.0.1]:\(listener.port) (2 attempts)")
        }
        XCTAssertEqual(waits.all.count, 1)
    }

    /// A host-key problem is never retried, however many retries are allowed.
    func testAnUnknownHostKeyIsNotTriedAgain() throws {
        try Lab.script("start-node", "84")
        let waits = Waits()
        var target = SSHTarget(host: Lab.address(84), identityFile: Lab.clientKey, knownHostsFile: "/nonexistent/known_hosts",
                               globalKnownHostsFiles: [], connectTimeout: 5)
        target.connectRetries = 5
        XCTAssertThrowsError(try SSHConnection.connectRetrying(to: target, backoff: ConnectBackoff(base: 0.5, cap: 8) { waits.append($0) })) {
            XCTAssertEqual(($0 as? SSHError)?.kind, .hostKeyUnknown)
            XCTAssertEqual(($0 as? SSHError)?.connectAttempts, 1)
            XCTAssertFalse("\($0)".contains("attempts"), "\($0)")
        }
        XCTAssertEqual(waits.all, [])
    }
}
