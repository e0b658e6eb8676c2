import Foundation
import Logging
import SSH
import LabSupport
import Synchronization
import XCTest

/// known_hosts read as OpenSSH 9.2 reads it, against the lab's nodes 7-10. Where it can, each
/// test asks the real `ssh` the same question with the same files and expects the same answer.
/// No test reads the real /etc/ssh/ssh_known_hosts: global files are scratch files or none.
final class KnownHostsTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        try Lab.up(10)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-kh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    // MARK: @revoked

    func testRevokedKeyIsRefusedEvenWhenAPlainLineListsIt() throws {
        let file = try write("known_hosts", "\(Lab.address(7)) \(try hostKey(7))\n@revoked * \(try hostKey(7))\n")
        // "/nonexistent": had authentication been tried, the error would be about it.
        let target = SSHTarget(host: Lab.address(7), identityFile: "/nonexistent", knownHostsFiles: [file],
                               globalKnownHostsFiles: [], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        try assertRefused(target, .hostKeyRevoked, """
            127.0.0.17: host key for 127.0.0.17 is REVOKED: the server offers ssh-ed25519 \(try fingerprint(7)), \
            which is marked @revoked in \(file):2; this could mean that a stolen key is being used to impersonate \
            the host. Refused before authentication, whatever other known_hosts lines say.
            """)
        let ssh = try sshOracle(node: 7, userFiles: [file], globalFile: "/dev/null")
        XCTAssertEqual(ssh.status, 255)
        XCTAssertTrue(ssh.output.contains("REVOKED HOST KEY DETECTED"), ssh.output)
    }

    /// The brief's rule, stricter than ssh: OpenSSH 9.2 honours a @revoked line only when its host
    /// pattern matches (`@revoked otherhost KEY` plus a plain line connects with `ssh`).
    func testRevokedLineInAGlobalFileRefusesTheKeyWhateverItsHostPatternAndIsNeverRecorded() throws {
        let user = scratch.appendingPathComponent("missing").path
        let global = try write("global", "# fleet-wide revocations\n@revoked elsewhere.example \(try hostKey(7)) stolen\n")
        let target = SSHTarget(host: Lab.address(7), identityFile: "/nonexistent", knownHostsFiles: [user],
                               globalKnownHostsFiles: [global], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        try assertRefused(target, .hostKeyRevoked, """
            127.0.0.17: host key for 127.0.0.17 is REVOKED: the server offers ssh-ed25519 \(try fingerprint(7)), \
            which is marked @revoked in \(global):2; this could mean that a stolen key is being used to impersonate \
            the host. Refused before authentication, whatever other known_hosts lines say.
            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: user))
    }

    // MARK: @cert-authority, CR LF, comments

    func testCertAuthorityLineIsSkippedWithADebugNote() throws {
        let caKey = try unrelatedKey("ca")
        let file = try write("known_hosts", "@cert-authority * \(caKey)\n\(Lab.address(8)) \(try hostKey(8))\n")
        let recorder = LogRecorder()
        let logger = Logger(label: "test") { _ in RecordingLogHandler(recorder: recorder) }
        let target = SSHTarget(host: Lab.address(8), identityFile: Lab.clientKey, knownHostsFiles: [file],
                               globalKnownHostsFiles: [], connectTimeout: 5)
        let connection = try SSHConnection.connect(to: target, logger: logger)
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node8\n")
        connection.close()
        let notes = recorder.lines.filter { $0.contains("known_hosts") }
        XCTAssertEqual(notes, ["debug known_hosts: @cert-authority line skipped: host certificates are not used [host=127.0.0.18 line=\(file):1]"])
        XCTAssertEqual(try sshOracle(node: 8, userFiles: [file], globalFile: "/dev/null").status, 0)
    }

    func testCRLFLinesCommentsAndBlankLinesAreRead() throws {
        // No comment after the key: the CR would otherwise land in the comment, where it is harmless.
        let text = "# lab nodes\r\n\r\n   \t\r\n  \(Lab.address(1)) \(try hostKey(1)) node1\r\n\(Lab.address(8)) \(try hostKey(8))\r\n"
        let file = try write("known_hosts", text)
        let target = SSHTarget(host: Lab.address(8), identityFile: Lab.clientKey, knownHostsFiles: [file],
                               globalKnownHostsFiles: [], connectTimeout: 5)
        try assertConnects(target, node: 8)
        XCTAssertEqual(try sshOracle(node: 8, userFiles: [file], globalFile: "/dev/null").status, 0)
    }

    // MARK: several files

    func testKeyInTheSecondUserFileIsKnown() throws {
        let first = try write("first", "\(Lab.address(1)) \(try hostKey(1))\n")
        let second = try write("second", "\(Lab.address(9)) \(try hostKey(9))\n")
        let target = SSHTarget(host: Lab.address(9), identityFile: Lab.clientKey, knownHostsFiles: [first, second],
                               globalKnownHostsFiles: [], connectTimeout: 5)
        try assertConnects(target, node: 9)
        XCTAssertEqual(try sshOracle(node: 9, userFiles: [first, second], globalFile: "/dev/null").status, 0)
    }

    func testKeyOnlyInAGlobalFileIsKnown() throws {
        let user = scratch.appendingPathComponent("missing").path
        let global = try write("global", "\(Lab.address(9)) \(try hostKey(9))\n")
        let target = SSHTarget(host: Lab.address(9), identityFile: Lab.clientKey, knownHostsFiles: [user],
                               globalKnownHostsFiles: [scratch.appendingPathComponent("missing2").path, global],
                               connectTimeout: 5)
        try assertConnects(target, node: 9)
        XCTAssertEqual(try sshOracle(node: 9, userFiles: [user], globalFile: global).status, 0)
    }

    /// `ssh -o UserKnownHostsFile="a b"` with a wrong key for the host in one file and the right
    /// one in the other connects, in either order: a matching line anywhere wins.
    func testWrongKeyInOneFileAndTheRightKeyInAnotherConnects() throws {
        let wrong = try write("wrong", "\(Lab.address(9)) \(try unrelatedKey("stranger"))\n")
        let right = try write("right", "\(Lab.address(9)) \(try hostKey(9))\n")
        for files in [[wrong, right], [right, wrong]] {
            let target = SSHTarget(host: Lab.address(9), identityFile: Lab.clientKey, knownHostsFiles: files,
                                   globalKnownHostsFiles: [], connectTimeout: 5)
            try assertConnects(target, node: 9)
            XCTAssertEqual(try sshOracle(node: 9, userFiles: files, globalFile: "/dev/null").status, 0)
        }
    }

    func testWrongKeysInSeveralFilesAreNamedWithTheirLines() throws {
        let user = try write("user", "\(Lab.address(1)) \(try hostKey(1))\n\(Lab.address(7)) \(try unrelatedKey("stranger"))\n")
        let global = try write("global", "\(Lab.address(7)) \(try unrelatedKey("other", type: "ecdsa"))\n")
        let target = SSHTarget(host: Lab.address(7), identityFile: "/nonexistent", knownHostsFiles: [user],
                               globalKnownHostsFiles: [global], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        try assertRefused(target, .hostKeyChanged, """
            127.0.0.17: host key for 127.0.0.17 has CHANGED: the server offers ssh-ed25519 \(try fingerprint(7)), \
            which does not match \(user) or \(global). Offending keys: ssh-ed25519 in \(user):2, \
            ecdsa-sha2-nistp256 in \(global):1. Someone could be eavesdropping (man-in-the-middle), or the host \
            was reinstalled; refused before authentication. If the change is expected, remove the old line with \
            `ssh-keygen -f \(user) -R '127.0.0.17'` and `ssh-keygen -f \(global) -R '127.0.0.17'`.
            """)
        let ssh = try sshOracle(node: 7, userFiles: [user], globalFile: global)
        XCTAssertEqual(ssh.status, 255)
        XCTAssertTrue(ssh.output.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), ssh.output)
    }

    /// ssh 9.2 calls a host known only with a key of another type CHANGED ("Offending ECDSA key"),
    /// even under accept-new; libssh2 alone would call it unknown and accept-new would record it.
    func testKeyOfAnotherTypeIsAChangeNotANewHost() throws {
        let text = "\(Lab.address(8)) \(try unrelatedKey("ecdsa", type: "ecdsa"))\n"
        let file = try write("known_hosts", text)
        let target = SSHTarget(host: Lab.address(8), identityFile: "/nonexistent", knownHostsFiles: [file],
                               globalKnownHostsFiles: [], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        XCTAssertThrowsError(try SSHConnection.connect(to: target)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .hostKeyChanged, "\(error)")
            XCTAssertTrue("\(error)".contains("Offending key: ecdsa-sha2-nistp256 in \(file):1."), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), text)
        let ssh = try sshOracle(node: 8, userFiles: [file], globalFile: "/dev/null", policy: "accept-new")
        XCTAssertTrue(ssh.output.contains("Offending ECDSA key in \(file):1"), ssh.output)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), text)
    }

    func testAcceptNewRecordsInTheFirstUserFileOnly() throws {
        let first = scratch.appendingPathComponent("first").path
        let secondText = "\(Lab.address(1)) \(try hostKey(1))\n"
        let second = try write("second", secondText)
        var target = SSHTarget(host: Lab.address(10), identityFile: Lab.clientKey, knownHostsFiles: [first, second],
                               globalKnownHostsFiles: [], hostKeyPolicy: .acceptNew, connectTimeout: 5)
        try SSHConnection.connect(to: target).close()
        XCTAssertEqual(try String(contentsOfFile: first, encoding: .utf8), "127.0.0.20 \(try hostKey(10))\n")
        XCTAssertEqual(try String(contentsOfFile: second, encoding: .utf8), secondText)
        target.hostKeyPolicy = .strict
        target.knownHostsFiles = [second, first]
        try assertConnects(target, node: 10)
        // ssh records in the first file too (and leaves the second alone).
        let sshFirst = scratch.appendingPathComponent("ssh-first").path
        let sshSecond = try write("ssh-second", secondText)
        XCTAssertEqual(try sshOracle(node: 10, userFiles: [sshFirst, sshSecond], globalFile: "/dev/null", policy: "accept-new").status, 0)
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-F", "127.0.0.20", "-f", sshFirst).status, 0)
        XCTAssertEqual(try String(contentsOfFile: sshSecond, encoding: .utf8), secondText)
    }

    // MARK: hashed lines, unknown hosts, unreadable files

    func testHashedFileIsRead() throws {
        let file = try write("known_hosts", "\(Lab.address(1)) \(try hostKey(1))\n\(Lab.address(10)) \(try hostKey(10))\n")
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-q", "-H", "-f", file).status, 0)
        let hashed = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertFalse(hashed.contains("127.0.0."), hashed)
        XCTAssertTrue(hashed.hasPrefix("|1|"), hashed)
        let target = SSHTarget(host: Lab.address(10), identityFile: Lab.clientKey, knownHostsFiles: [file],
                               globalKnownHostsFiles: [], connectTimeout: 5)
        try assertConnects(target, node: 10)
        XCTAssertEqual(try sshOracle(node: 10, userFiles: [file], globalFile: "/dev/null").status, 0)
    }

    func testUnknownKeyNamesEveryFileRead() throws {
        let first = scratch.appendingPathComponent("missing").path
        let second = try write("second", "\(Lab.address(1)) \(try hostKey(1))\n")
        let global = try write("global", "\(Lab.address(2)) \(try hostKey(2))\n")
        let target = SSHTarget(host: Lab.address(10), identityFile: Lab.clientKey, knownHostsFiles: [first, second],
                               globalKnownHostsFiles: [global], connectTimeout: 5)
        try assertRefused(target, .hostKeyUnknown, """
            127.0.0.20: host key for 127.0.0.20 is not known: the server offers ssh-ed25519 \(try fingerprint(10)), \
            which is not in \(first), \(second) or \(global); refused (add it to known_hosts, or use \
            --host-key-policy accept-new to record unknown keys)
            """)
        XCTAssertEqual(try sshOracle(node: 10, userFiles: [first, second], globalFile: global).status, 255)
    }

    func testUnreadableFileIsAnErrorNamingIt() throws {
        let good = try write("known_hosts", "\(Lab.address(10)) \(try hostKey(10))\n")
        let directory = scratch.appendingPathComponent("directory").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let target = SSHTarget(host: Lab.address(10), identityFile: Lab.clientKey, knownHostsFiles: [good, directory],
                               globalKnownHostsFiles: [], connectTimeout: 5)
        try assertRefused(target, .knownHostsUnreadable, "127.0.0.20: cannot read known_hosts file \(directory): Is a directory")
    }

    // MARK: helpers

    /// `type base64` of node N's host key.
    private func hostKey(_ node: Int) throws -> String {
        try publicKey("\(Lab.directory)/nodes/node\(node)/ssh_host_ed25519_key.pub")
    }

    private func fingerprint(_ node: Int) throws -> String {
        let output = try Lab.shell("ssh-keygen", "-lf", "\(Lab.directory)/nodes/node\(node)/ssh_host_ed25519_key.pub").output
        return String(output.split(separator: " ")[1])
    }

    /// `type base64` of a new key no node has.
    private func unrelatedKey(_ name: String, type: String = "ed25519") throws -> String {
        let path = scratch.appendingPathComponent("key-\(name)").path
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-q", "-t", type, "-N", "", "-f", path).status, 0)
        return try publicKey(path + ".pub")
    }

    private func publicKey(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = scratch.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func assertConnects(_ target: SSHTarget, node: Int, line: UInt = #line) throws {
        let connection = try SSHConnection.connect(to: target)
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node\(node)\n", line: line)
        connection.close()
    }

    private func assertRefused(_ target: SSHTarget, _ kind: SSHError.Kind, _ message: String, line: UInt = #line) throws {
        XCTAssertThrowsError(try SSHConnection.connect(to: target), line: line) { error in
            XCTAssertEqual((error as? SSHError)?.kind, kind, line: line)
            XCTAssertEqual("\(error)", message, line: line)
        }
    }

    /// The real ssh client with the same files; no config file, so nothing but these options counts.
    private func sshOracle(node: Int, userFiles: [String], globalFile: String,
                           policy: String = "yes") throws -> (status: Int32, output: String) {
        try Lab.shell("ssh", "-F", "/dev/null", "-o", "UserKnownHostsFile=\(userFiles.joined(separator: " "))",
                      "-o", "GlobalKnownHostsFile=\(globalFile)", "-o", "StrictHostKeyChecking=\(policy)",
                      "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "IdentitiesOnly=yes",
                      "-i", Lab.clientKey, "root@\(Lab.address(node))", "true", timeout: 30)
    }
}

/// Every message logged, as `level message [key=value …]`.
private final class LogRecorder: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

private struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) [\(pairs)]")
    }
}
