import Foundation
import SSH
import LabSupport
import XCTest

/// Host keys, authentication and unreachable hosts: each refused with its own clear reason.
final class TrustTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        try Lab.up(10)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func fingerprint(node: Int) throws -> String {
        let output = try Lab.shell("ssh-keygen", "-lf", "\(Lab.directory)/nodes/node\(node)/ssh_host_ed25519_key.pub").output
        return String(output.split(separator: " ")[1])
    }

    func testChangedHostKeyIsRefusedBeforeAuthentication() throws {
        // known_hosts claims node 3's address has node 1's key.
        let node1Key = try String(contentsOfFile: "\(Lab.directory)/nodes/node1/ssh_host_ed25519_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        try "\(Lab.address(3)) \(node1Key)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        // No usable key at all: if auth were attempted the error would be about authentication.
        let target = SSHTarget(host: Lab.address(3), identityFile: "/nonexistent", knownHostsFile: knownHosts,
                               globalKnownHostsFiles: [], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        let offered = try fingerprint(node: 3)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            let sshError = error as? SSHError
            XCTAssertEqual(sshError?.kind, .hostKeyChanged)
            XCTAssertTrue("\(error)".hasPrefix("127.0.0.13: host key for 127.0.0.13 has CHANGED: the server offers ssh-ed25519 \(offered), which does not match \(knownHosts)."), "\(error)")
        }
        // accept-new never overwrites a changed key.
        XCTAssertEqual(try String(contentsOfFile: knownHosts, encoding: .utf8), "\(Lab.address(3)) \(node1Key)\n")
    }

    func testUnknownHostIsRefusedInStrictMode() throws {
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        let target = SSHTarget(host: Lab.address(4), identityFile: Lab.clientKey, knownHostsFile: knownHosts,
                               globalKnownHostsFiles: [], connectTimeout: 5)
        let offered = try fingerprint(node: 4)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .hostKeyUnknown)
            XCTAssertEqual("\(error)", """
                127.0.0.14: host key for 127.0.0.14 is not known: the server offers ssh-ed25519 \(offered), \
                which is not in \(knownHosts); refused (add it to known_hosts, or use --host-key-policy accept-new to record unknown keys)
                """)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: knownHosts))
    }

    func testAcceptNewRecordsTheKeyAndThenTrustsIt() throws {
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        var target = SSHTarget(host: Lab.address(5), identityFile: Lab.clientKey, knownHostsFile: knownHosts,
                               globalKnownHostsFiles: [], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        try SSHConnection.connect(to: target).close()
        let recorded = try String(contentsOfFile: knownHosts, encoding: .utf8)
        let hostKey = try String(contentsOfFile: "\(Lab.directory)/nodes/node5/ssh_host_ed25519_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        XCTAssertEqual(recorded, "127.0.0.15 \(hostKey)\n")
        // OpenSSH reads what we wrote.
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-F", "127.0.0.15", "-f", knownHosts).status, 0)
        target.hostKeyPolicy = .strict
        let connection = try SSHConnection.connect(to: target)
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node5\n")
        connection.close()
    }

    func testWrongClientKeyIsRefusedWithMethodsNamed() throws {
        let key = scratch.appendingPathComponent("stranger").path
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).status, 0)
        let target = SSHTarget(host: Lab.address(2), identityFile: key, knownHostsFile: Lab.knownHosts, connectTimeout: 5)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .authentication)
            XCTAssertEqual("\(error)", "127.0.0.12: permission denied for root@127.0.0.12: server offered publickey; tried key file \(key) (rejected by the server)")
        }
    }

    /// libssh2 1.10 (Debian 12) signs RSA user auth with ssh-rsa (SHA-1) only; OpenSSH 9.2
    /// refuses that. The user must be told exactly this, not just "rejected".
    func testRSAKeyIsRefusedWithTheReason() throws {
        let key = scratch.appendingPathComponent("rsa").path
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", key).status, 0)
        let authorized = "\(Lab.directory)/nodes/node6/authorized_keys"
        let original = try String(contentsOfFile: authorized, encoding: .utf8)
        defer { try? original.write(toFile: authorized, atomically: true, encoding: .utf8) }
        try (original + String(contentsOfFile: key + ".pub", encoding: .utf8)).write(toFile: authorized, atomically: true, encoding: .utf8)
        let target = SSHTarget(host: Lab.address(6), identityFile: key, knownHostsFile: Lab.knownHosts, connectTimeout: 5)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual("\(error)", """
                127.0.0.16: permission denied for root@127.0.0.16: server offered publickey; tried key file \(key) \
                (rejected by the server: it is an RSA key, and libssh2 1.10 signs RSA only with ssh-rsa/SHA-1, \
                which OpenSSH 8.8 and later refuse; use an ed25519 key)
                """)
        }
    }

    func testClosedPortFailsFast() throws {
        let started = Date()
        let target = SSHTarget(host: Lab.address(1), port: 2, identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 3)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .connect)
            XCTAssertEqual("\(error)", "127.0.0.11: cannot connect to 127.0.0.11 port 2: Connection refused")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testAddressWhereNothingListensFailsWithinTimeout() throws {
        let started = Date()
        let target = SSHTarget(host: "127.0.0.254", identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 3)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual("\(error)", "127.0.0.254: cannot connect to 127.0.0.254 port 22: Connection refused")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testPortThatNeverSpeaksSSHTimesOut() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let started = Date()
        let target = SSHTarget(host: "127.0.0.1", port: listener.port, identityFile: Lab.clientKey,
                               knownHostsFile: Lab.knownHosts, connectTimeout: 2)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .timeout)
            XCTAssertEqual("\(error)", "127.0.0.1: timed out during the SSH handshake with [127.0.0.1]:\(listener.port)")
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(elapsed, 1.9)
        XCTAssertLessThan(elapsed, 3)
    }

    func testConnectTimeoutWhenTheBacklogIsFull() throws {
        let listener = try SilentListener(backlog: 0)
        defer { listener.close() }
        // Fill the accept queue so that further SYNs are dropped, as with a filtered port.
        var fillers: [Int32] = []
        defer { fillers.forEach { Glibc.close($0) } }
        for _ in 0..<4 { fillers.append(try listener.connectNonBlocking()) }
        let started = Date()
        let target = SSHTarget(host: "127.0.0.1", port: listener.port, identityFile: Lab.clientKey,
                               knownHostsFile: Lab.knownHosts, connectTimeout: 1.5)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            let kind = (error as? SSHError)?.kind
            XCTAssertTrue(kind == .connectTimeout || kind == .timeout, "\(error)")
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, 2.5)
    }
}
