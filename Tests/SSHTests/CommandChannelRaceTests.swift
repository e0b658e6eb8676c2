import Foundation
import LabSupport
@testable import SSH
import XCTest

/// A command whose output, EOF and close arrive while the client reads its other stream must
/// still finish: libssh2 queues what one stream's read pulls off the socket for the other
/// stream, and a client that then waits on the socket waits for bytes that already came (CI
/// saw it as "timed out waiting for a command to finish" on a loaded machine).
final class CommandChannelRaceTests: XCTestCase {
    /// Output, EOF and close arrive while the client sleeps between its stdout and stderr reads:
    /// the stderr read takes them all off the socket, stdout's bytes wait in libssh2's queue.
    func testOutputQueuedByTheOtherStreamsReadIsNotWaitedFor() throws {
        try Lab.up(10)
        let connection = try SSHConnection.connect(to: SSHTarget(host: Lab.address(1), identityFile: Lab.clientKey,
                                                                 knownHostsFile: Lab.knownHosts, connectTimeout: 5))
        defer { connection.close() }
        CommandChannel.pauseBetweenStreams.withLock { $0 = 0.6 }
        defer { CommandChannel.pauseBetweenStreams.withLock { $0 = 0 } }
        let started = Date()
        let result = try connection.run("sleep 0.9; echo out", stdin: Data("in\n".utf8), timeout: 4)
        XCTAssertEqual(result.stdoutText, "out\n")
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3.5)
    }
}
