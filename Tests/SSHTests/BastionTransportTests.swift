import Basics
import Deploy
import Foundation
import LabSupport
import SSH
import XCTest

/// Reaching controllers that only a bastion can reach (`scripts/lab bastion up`): ProxyJump
/// over one shared bastion connection, two hops, ProxyCommand, and each way a bastion fails.
final class BastionTransportTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        try BastionLab.up()
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-bastion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func target(_ host: String, user: String = "root", knownHosts: String = BastionLab.knownHosts,
                        timeout: Double = 5) -> SSHTarget {
        SSHTarget(host: host, user: user, identityFile: Lab.clientKey, knownHostsFile: knownHosts,
                  globalKnownHostsFiles: [], connectTimeout: timeout)
    }

    private func behind(_ node: Int, via hops: [SSHTarget]? = nil, timeout: Double = 5) -> SSHTarget {
        var made = target(BastionLab.address(node), timeout: timeout)
        made.proxy = .jump(hops ?? [target(BastionLab.bastion)])
        return made
    }

    private func hostname(_ target: SSHTarget) throws -> String {
        let connection = try SSHConnection.connect(to: target)
        defer { connection.close() }
        return try connection.run("hostname").stdoutText
    }

    private func fingerprint(_ publicKey: String) throws -> String {
        String(try Lab.shell("ssh-keygen", "-lf", publicKey).output.split(separator: " ")[1])
    }

    func testDirectConnectionToAControllerBehindTheBastionFails() throws {
        let started = Date()
        XCTAssertThrowsError(try SSHConnection.connect(to: target(BastionLab.address(71), timeout: 2))) { error in
            XCTAssertEqual(error as? SSHError, SSHError(.connectTimeout, host: "10.251.0.71",
                                                       "connect to 10.251.0.71 port 22 timed out after 2.0s"))
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testJumpReachesTheControllerWithItsOwnHostKeyChecked() throws {
        let connection = try SSHConnection.connect(to: behind(71))
        defer { connection.close() }
        XCTAssertEqual(try connection.run("hostname; ip -4 -o addr show dev gp-c1 | head -1 | cut -d' ' -f7").stdoutText,
                       "node71\n10.251.0.71/24\n")
        let node = try fingerprint("\(Lab.directory)/nodes/node71/ssh_host_ed25519_key.pub")
        XCTAssertEqual(connection.hostKeyFingerprint, "ssh-ed25519 \(node)")
    }

    func testTwoHopsReachTheControllerThroughASecondBastion() throws {
        let hops = [target(BastionLab.bastion), target(BastionLab.address(72))]
        XCTAssertEqual(try hostname(behind(71, via: hops)), "node71\n")
    }

    /// The first of two bastions dies: the target's error names that one, not the second.
    func testWhenTheFirstOfTwoBastionsDiesTheErrorNamesIt() throws {
        let connection = try SSHConnection.connect(to: behind(71, via: [target(BastionLab.bastion), target(BastionLab.address(72))]))
        defer { connection.close() }
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node71\n")
        try BastionLab.kill()
        defer { try? BastionLab.up() }
        XCTAssertThrowsError(try connection.run("hostname", timeout: 10)) { error in
            let failure = error as? SSHError
            XCTAssertEqual(failure?.hop, "root@10.250.0.2")
            XCTAssertEqual(failure?.kind, .disconnected)
            XCTAssertEqual(failure?.message, "via bastion root@10.250.0.2: connection to the bastion lost (it was closed or reset)")
        }
    }

    func testProxyCommandCarriesTheConnection() throws {
        var made = target(BastionLab.address(73))
        made.proxy = .command(try ProxyCommand(
            "ssh -F /dev/null -i \(Lab.clientKey) -o UserKnownHostsFile=\(BastionLab.knownHosts) -o BatchMode=yes -W %h:%p %r@\(BastionLab.bastion)"))
        XCTAssertEqual(try hostname(made), "node73\n")
    }

    /// Through a proxy command that works, the host's own failure is the host's.
    func testThroughAProxyCommandAHostsUnknownKeyIsTheHosts() throws {
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        let lines = try String(contentsOfFile: BastionLab.knownHosts, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix(BastionLab.address(73) + " ") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
        var made = target(BastionLab.address(73), knownHosts: knownHosts)
        made.proxy = .command(try ProxyCommand(
            "ssh -F /dev/null -i \(Lab.clientKey) -o UserKnownHostsFile=\(knownHosts) -o BatchMode=yes -W %h:%p %r@\(BastionLab.bastion)"))
        XCTAssertThrowsError(try SSHConnection.connect(to: made)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .hostKeyUnknown)
            XCTAssertEqual((error as? SSHError)?.hop, nil)
            XCTAssertTrue((error as? SSHError)?.message.hasPrefix("host key for 10.251.0.73 is not known: ") == true, "\(error)")
        }
    }

    func testAProxyCommandThatFailsIsNamedWithWhatItSaid() throws {
        var made = target(BastionLab.address(73))
        made.proxy = .command(try ProxyCommand("sh -c \"echo 'no way to %h:%p for %r' >&2; exit 3\""))
        XCTAssertThrowsError(try SSHConnection.connect(to: made)) { error in
            XCTAssertEqual((error as? SSHError)?.hop, "proxy command")
            XCTAssertEqual((error as? SSHError)?.message,
                           "via proxy command `sh -c \"echo 'no way to 10.251.0.73:22 for root' >&2; exit 3\"`: it exited with status 3: no way to 10.251.0.73:22 for root")
        }
    }

    /// Waits until the bastion has no connection left: the pool keeps a bastion session about a
    /// second after its last tunnel, and a test counting connections must not reuse an earlier one.
    private func bastionConnectionsClosed() throws -> Set<String> {
        let deadline = Date().addingTimeInterval(5)
        var open = try BastionLab.connections()
        while !open.isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            open = try BastionLab.connections()
        }
        return open
    }

    func testTargetsShareOneConnectionToTheBastion() throws {
        let before = try bastionConnectionsClosed()
        XCTAssertEqual(before, [], "an earlier test's bastion connection is still open")
        let targets = (0..<12).map { behind(71 + $0 % 3) }
        let connections = FanOut.map(targets, forks: 12) { try? SSHConnection.connect(to: $0) }.compactMap { $0 }
        XCTAssertEqual(connections.count, 12)
        XCTAssertEqual(try BastionLab.connections().subtracting(before).count, 1, "twelve targets, one bastion connection")
        XCTAssertEqual(try connections.map { try $0.run("hostname").stdoutText },
                       (0..<12).map { "node\(71 + $0 % 3)\n" })
        connections.forEach { $0.close() }
    }

    /// A hundred sessions through one bastion connection at once, each echoing 256 KiB back
    /// with `cat`: every byte comes back, in order, to the session that sent it.
    func testAHundredTargetsPumpTheirBytesThroughOneBastionConnection() throws {
        let payloads = (0..<100).map { index in Data((0..<262_144).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }) }
        let targets = (0..<100).map { behind(71 + $0 % 3, timeout: 20) }
        let before = try bastionConnectionsClosed()
        let echoed = FanOut.map(Array(0..<100), forks: 100) { index -> Result<Data, Error> in
            Result {
                let connection = try SSHConnection.connect(to: targets[index])
                defer { connection.close() }
                return try connection.run("cat", stdin: payloads[index], timeout: 60).stdout
            }
        }
        let failures = echoed.enumerated().compactMap { index, result -> String? in
            if case .failure(let error) = result { return "\(index): \(error)" } else { return nil }
        }
        XCTAssertEqual(failures, [])
        let wrong = echoed.enumerated().compactMap { index, result -> Int? in
            if case .success(let bytes) = result, bytes != payloads[index] { return index } else { return nil }
        }
        XCTAssertEqual(wrong, [])
        XCTAssertLessThanOrEqual(try BastionLab.connections().subtracting(before).count, 1)
    }

    func testABastionWhoseKeyIsUnknownIsRefusedNamingTheBastion() throws {
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        let lines = try String(contentsOfFile: BastionLab.knownHosts, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix(BastionLab.bastion + " ") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let offered = try fingerprint(BastionLab.directory + "/ssh_host_ed25519_key.pub")
        var made = target(BastionLab.address(71), knownHosts: knownHosts)
        made.proxy = .jump([target(BastionLab.bastion, knownHosts: knownHosts)])
        XCTAssertThrowsError(try SSHConnection.connect(to: made)) { error in
            XCTAssertEqual(error as? SSHError, SSHError(.hostKeyUnknown, host: "10.251.0.71", """
                via bastion root@10.250.0.2: host key for 10.250.0.2 is not known: the server offers ssh-ed25519 \(offered), \
                which is not in \(knownHosts); refused (add it to known_hosts, or use --host-key-policy accept-new to record unknown keys)
                """, hop: "root@10.250.0.2"))
        }
    }

    func testABastionWhoseKeyChangedIsRefusedNamingTheBastion() throws {
        let knownHosts = scratch.appendingPathComponent("known_hosts").path
        let nodeKey = try String(contentsOfFile: "\(Lab.directory)/nodes/node72/ssh_host_ed25519_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let lines = try String(contentsOfFile: BastionLab.knownHosts, encoding: .utf8).split(separator: "\n")
            .map { $0.hasPrefix(BastionLab.bastion + " ") ? "\(BastionLab.bastion) \(nodeKey)" : String($0) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
        var made = target(BastionLab.address(71), knownHosts: knownHosts)
        made.proxy = .jump([target(BastionLab.bastion, knownHosts: knownHosts)])
        XCTAssertThrowsError(try SSHConnection.connect(to: made)) { error in
            let failure = error as? SSHError
            XCTAssertEqual(failure?.kind, .hostKeyChanged)
            XCTAssertEqual(failure?.hop, "root@10.250.0.2")
            XCTAssertTrue(failure?.message.hasPrefix("via bastion root@10.250.0.2: host key for 10.250.0.2 has CHANGED: ") == true,
                          failure?.message ?? "\(error)")
        }
    }

    func testABastionThatRefusesTheLoginIsNamed() throws {
        var made = behind(71)
        made.proxy = .jump([target(BastionLab.bastion, user: "ghost")])
        XCTAssertThrowsError(try SSHConnection.connect(to: made)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .authentication)
            XCTAssertEqual((error as? SSHError)?.message, """
                via bastion ghost@10.250.0.2: permission denied for ghost@10.250.0.2: server offered publickey; \
                tried key file \(Lab.clientKey) (rejected by the server)
                """)
        }
    }

    func testAnUnreachableBastionIsNamed() throws {
        var made = behind(71)
        var gone = target(BastionLab.bastion)
        gone.port = 2222
        made.proxy = .jump([gone])
        XCTAssertThrowsError(try SSHConnection.connect(to: made)) { error in
            XCTAssertEqual(error as? SSHError, SSHError(.connect, host: "10.251.0.71",
                "via bastion root@[10.250.0.2]:2222: cannot connect to 10.250.0.2 port 2222: Connection refused",
                hop: "root@[10.250.0.2]:2222"))
        }
    }

    /// libssh2 opens one channel at a time: a target the bastion cannot reach (its ARP goes
    /// unanswered for about 3 s) must not hold up the targets asked for after it.
    func testAHostTheBastionCannotReachDoesNotHoldUpTheOthers() throws {
        let unreachable = behind(99, timeout: 8)
        let stuck = Background { try SSHConnection.connect(to: unreachable) }
        Thread.sleep(forTimeInterval: 0.2)
        let started = Date()
        XCTAssertEqual(try hostname(behind(72)), "node72\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5)
        XCTAssertThrowsError(try stuck.value()) { error in
            XCTAssertEqual(error as? SSHError, SSHError(.connect, host: "10.251.0.99", """
                via bastion root@10.250.0.2: the bastion could not open a connection to 10.251.0.99 port 22 \
                (Channel open failure (connect failed))
                """, hop: "root@10.250.0.2"))
        }
    }
}

/// A connection attempt on its own thread; `value()` waits for it.
private final class Background: @unchecked Sendable {
    // Guarded by `done`.
    private let done = NSCondition()
    private var result: Result<SSHConnection, Error>?

    init(_ body: @escaping @Sendable () throws -> SSHConnection) {
        Thread.detachNewThread {
            let outcome = Result { try body() }
            self.done.lock()
            self.result = outcome
            self.done.broadcast()
            self.done.unlock()
        }
    }

    func value() throws -> SSHConnection {
        done.lock()
        defer { done.unlock() }
        while true {
            if let result { return try result.get() }
            done.wait()
        }
    }
}
