import Foundation
import SSH
import LabSupport
import XCTest

final class SSHConnectionTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        XCTAssertNoThrow(try Lab.up(10))
    }

    private func target(_ node: Int = 1) -> SSHTarget {
        SSHTarget(host: Lab.address(node), identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 5)
    }

    private func connect(_ node: Int = 1) throws -> SSHConnection {
        try SSHConnection.connect(to: target(node))
    }

    func testRunReportsExitStatusAndKeepsStreamsApart() throws {
        let connection = try connect()
        defer { connection.close() }
        let ok = try connection.run("echo out; echo err >&2; exit 0")
        XCTAssertEqual(ok.stdoutText, "out\n")
        XCTAssertEqual(ok.stderrText, "err\n")
        XCTAssertEqual(ok.exitStatus, 0)
        let failed = try connection.run("printf 'no\\n' >&2; exit 7")
        XCTAssertEqual(failed.exitStatus, 7)
        XCTAssertEqual(failed.stdout, Data())
        XCTAssertEqual(failed.stderrText, "no\n")
        XCTAssertEqual(failed.statusDescription, "exit status 7")
    }

    func testRunsOnTheNodeItConnectedTo() throws {
        for node in [1, 4] {
            let connection = try connect(node)
            defer { connection.close() }
            XCTAssertEqual(try connection.run("hostname").stdoutText, "node\(node)\n")
        }
    }

    func testSignalIsReportedInsteadOfAStatus() throws {
        let connection = try connect()
        defer { connection.close() }
        let result = try connection.run("kill -KILL $$")
        XCTAssertNil(result.exitStatus)
        XCTAssertEqual(result.exitSignal, "KILL")
    }

    func testTwentyMegabytesOfOutputArriveIntact() throws {
        let connection = try connect()
        defer { connection.close() }
        // Both streams at once, so a reader that waits on one while the other fills would hang.
        let command = "head -c 20971520 /dev/urandom > /tmp/gp-big; cat /tmp/gp-big; head -c 1048576 /tmp/gp-big >&2; sha256sum /tmp/gp-big >&2"
        let result = try connection.run(command, timeout: 120)
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertEqual(result.stdout.count, 20_971_520)
        let remoteHash = String(decoding: result.stderr.suffix(from: 1_048_576), as: UTF8.self).prefix(64)
        let localHash = try Lab.shell("sha256sum", input: result.stdout).output.prefix(64)
        XCTAssertEqual(String(remoteHash), String(localHash))
        XCTAssertEqual(result.stderr.prefix(1_048_576), result.stdout.prefix(1_048_576))
        _ = try connection.run("rm -f /tmp/gp-big")
    }

    func testStdinIsPassedThrough() throws {
        let connection = try connect()
        defer { connection.close() }
        var input = Data("line one\n".utf8)
        input.append(Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        let result = try connection.run("sha256sum; echo done >&2", stdin: input)
        let localHash = try Lab.shell("sha256sum", input: input).output.prefix(64)
        XCTAssertEqual(result.stdoutText.prefix(64), localHash)
        XCTAssertEqual(result.stderrText, "done\n")
    }

    func testCommandTimeoutIsEnforced() throws {
        let connection = try connect()
        defer { connection.close() }
        let started = Date()
        XCTAssertThrowsError(try connection.run("sleep 30", timeout: 1)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .timeout)
            XCTAssertEqual("\(error)", "127.0.0.11: timed out waiting for a command to finish")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testOneConnectionServesManyCommands() throws {
        let connection = try connect()
        defer { connection.close() }
        // SSH_CONNECTION names the client's source port: one value means one TCP connection.
        let first = try connection.run("echo $SSH_CONNECTION").stdoutText
        XCTAssertTrue(first.hasPrefix("127.0.0.1 "), first)
        for _ in 0..<20 {
            XCTAssertEqual(try connection.run("echo $SSH_CONNECTION").stdoutText, first)
        }
        _ = try connection.stat("/etc/hostname")
        XCTAssertEqual(try connection.run("echo $SSH_CONNECTION").stdoutText, first)
    }
}
