import Foundation
import LabSupport
import SSH
import XCTest

/// Key files and ssh-agent together, on lab node 81 with `MaxAuthTries 3` and `LogLevel
/// VERBOSE` (sshd logs every key offered: "Failed publickey" / "Accepted publickey"). Each test
/// starts its own ssh-agent and stops it by pid.
final class AgentAuthenticationTests: XCTestCase {
    private static let node = 81
    private static let passphrase = "correct horse battery"
    private var scratch = ""
    private var agent: TestAgent?
    private var knownHosts: String { scratch + "/known_hosts" }
    private var authorizedKeys: String { "\(Lab.directory)/nodes/node\(Self.node)/authorized_keys" }

    override class func setUp() {
        super.setUp()
        XCTAssertNoThrow(try Lab.script("sshd-options", "\(node)", "MaxAuthTries 3", "LogLevel VERBOSE"))
        XCTAssertNoThrow(try Lab.script("start-node", "\(node)"))
    }

    override class func tearDown() {
        XCTAssertNoThrow(try Lab.script("stop-node", "\(node)"))
        XCTAssertNoThrow(try Lab.script("sshd-options", "\(node)"))
        super.tearDown()
    }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try Lab.writeKnownHosts(knownHosts, nodes: [Self.node])
    }

    override func tearDownWithError() throws {
        agent?.stop()
        if let lab = try? String(contentsOfFile: Lab.clientKey + ".pub", encoding: .utf8) {
            try lab.write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// An agent holding eight keys the node does not know, then `right` (encrypted).
    private func crowdedAgent(right: String) throws -> TestAgent {
        let agent = try TestAgent(directory: scratch)
        self.agent = agent
        for index in 1...8 {
            let stranger = scratch + "/stranger\(index)"
            try TestAgent.makeKey(stranger, comment: "stranger\(index)")
            try agent.add(stranger)
        }
        try agent.add(right, passphrase: Self.passphrase)
        XCTAssertEqual(try agent.listed().count, 9)
        return agent
    }

    /// A new encrypted key the node authorizes; returns its path.
    private func authorizedEncryptedKey(_ name: String = "right") throws -> String {
        let key = scratch + "/" + name
        let line = try TestAgent.makeKey(key, passphrase: Self.passphrase, comment: name)
        let authorized = try String(contentsOfFile: authorizedKeys, encoding: .utf8)
        try (authorized + line + "\n").write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
        return key
    }

    private func target(key: String?, agent: TestAgent?, passphrases: KeyPassphrases = .never) -> SSHTarget {
        var target = SSHTarget(host: Lab.address(Self.node), identityFile: key, knownHostsFile: knownHosts,
                               globalKnownHostsFiles: [], connectTimeout: 5)
        target.agentSocket = agent?.socket ?? scratch + "/no-agent.sock"
        target.keyPassphrases = passphrases
        return target
    }

    private func fingerprint(_ key: String) throws -> String {
        String(try Lab.shell("ssh-keygen", "-lf", key + ".pub").output.split(separator: " ")[1])
    }

    private func count(_ text: String, in log: String) -> Int {
        log.components(separatedBy: text).count - 1
    }

    func testAgentSignsForTheKeyFileAndOffersOnlyThatKey() throws {
        let key = try authorizedEncryptedKey()
        let agent = try crowdedAgent(right: key)
        let before = Lab.logSize(Self.node)
        let connection = try SSHConnection.connect(to: target(key: key, agent: agent))
        XCTAssertEqual(try connection.run("hostname").stdoutText, "node\(Self.node)\n")
        connection.close()
        let log = try Lab.sshdLog(Self.node, after: before, waitingFor: "Accepted publickey")
        XCTAssertEqual(count("Failed publickey", in: log), 0, log)
        XCTAssertEqual(count("Accepted publickey for root from 127.0.0.1", in: log), 1, log)
        XCTAssertTrue(log.contains("ED25519 \(try fingerprint(key))"), log)
    }

    /// Without the `.pub` beside it, the public key comes from the OpenSSH-format file itself
    /// (its public part is stored in the clear).
    func testAgentIsMatchedByThePublicKeyInsideTheFileWhenThereIsNoPubFile() throws {
        let key = try authorizedEncryptedKey()
        let agent = try crowdedAgent(right: key)
        try FileManager.default.removeItem(atPath: key + ".pub")
        let before = Lab.logSize(Self.node)
        try SSHConnection.connect(to: target(key: key, agent: agent)).close()
        let log = try Lab.sshdLog(Self.node, after: before, waitingFor: "Accepted publickey")
        XCTAssertEqual(count("Failed publickey", in: log), 0, log)
        XCTAssertEqual(count("Accepted publickey", in: log), 1, log)
    }

    /// The same agent without a key file offers every key, as OpenSSH does, and the server's
    /// MaxAuthTries ends it: what naming the key file avoids.
    func testWithoutAKeyFileEveryAgentKeyIsOfferedAndMaxAuthTriesStopsIt() throws {
        let agent = try crowdedAgent(right: try authorizedEncryptedKey())
        let before = Lab.logSize(Self.node)
        XCTAssertThrowsError(try SSHConnection.connect(to: target(key: nil, agent: agent))) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .authentication, "\(error)")
            XCTAssertEqual("\(error)", """
                127.0.0.91: permission denied for root@127.0.0.91: the server closed the connection when ssh-agent had \
                offered 3 of its 9 keys, all refused (sshd allows MaxAuthTries tries: "Too many authentication failures"); \
                name the key file so that only it is offered
                """)
        }
        let log = try Lab.sshdLog(Self.node, after: before)
        XCTAssertEqual(count("Failed publickey", in: log), 3, log)
        XCTAssertTrue(log.contains("Disconnecting authenticating user root 127.0.0.1 port "), log)
        XCTAssertTrue(log.contains(": Too many authentication failures [preauth]"), log)
    }

    func testTheAgentsKeyRejectedByTheServerIsNotTriedAgainFromTheFile() throws {
        let key = scratch + "/unknown"
        try TestAgent.makeKey(key, passphrase: Self.passphrase)
        let agent = try crowdedAgent(right: key)
        let before = Lab.logSize(Self.node)
        XCTAssertThrowsError(try SSHConnection.connect(to: target(key: key, agent: agent))) { error in
            XCTAssertEqual("\(error)", """
                127.0.0.91: permission denied for root@127.0.0.91: server offered publickey; \
                tried key file \(key) through ssh-agent (rejected by the server)
                """)
        }
        XCTAssertEqual(count("Failed publickey", in: try Lab.sshdLog(Self.node, after: before)), 1)
    }

    func testEncryptedKeyWithoutAgentIsAskedForOnceAndConnects() throws {
        let key = try authorizedEncryptedKey()
        let prompts = PromptLog()
        let passphrases = KeyPassphrases { prompt in
            prompts.append(prompt)
            return Self.passphrase
        }
        for _ in 0..<2 {
            let connection = try SSHConnection.connect(to: target(key: key, agent: nil, passphrases: passphrases))
            XCTAssertEqual(try connection.run("hostname").stdoutText, "node\(Self.node)\n")
            connection.close()
        }
        XCTAssertEqual(prompts.all, ["Enter passphrase for key '\(key)': "])
    }

    func testEncryptedKeyWithoutAgentOrTerminalFailsBeforeConnecting() throws {
        let key = try authorizedEncryptedKey()
        let before = Lab.logSize(Self.node)
        XCTAssertThrowsError(try SSHConnection.connect(to: target(key: key, agent: nil))) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .authentication)
            XCTAssertEqual("\(error)", """
                127.0.0.91: key file \(key) is protected by a passphrase; add it to ssh-agent (ssh-add \(key)) \
                or run on a terminal
                """)
        }
        var batch = target(key: key, agent: nil, passphrases: KeyPassphrases { _ in Self.passphrase })
        batch.batchMode = true
        XCTAssertThrowsError(try SSHConnection.connect(to: batch)) { error in
            XCTAssertEqual("\(error)", """
                127.0.0.91: key file \(key) is protected by a passphrase; add it to ssh-agent (ssh-add \(key)): \
                BatchMode=yes never asks for it
                """)
        }
        let empty = target(key: key, agent: nil, passphrases: KeyPassphrases { _ in "" })
        XCTAssertThrowsError(try SSHConnection.connect(to: empty)) { error in
            XCTAssertEqual("\(error)", """
                127.0.0.91: key file \(key) is protected by a passphrase and none was given; add it to ssh-agent \
                (ssh-add \(key)) or enter it when asked
                """)
        }
        XCTAssertFalse(try Lab.sshdLog(Self.node, after: before, waitingFor: "Connection from", timeout: 1)
            .contains("Connection from"), "no connection was made")
    }

    /// libssh2 decrypts the key before sending anything: a wrong passphrase costs no try, and
    /// no message shows the passphrase.
    func testWrongPassphraseIsNamedAndCostsTheServerNoTry() throws {
        let key = try authorizedEncryptedKey()
        let wrong = "not the passphrase"
        let before = Lab.logSize(Self.node)
        XCTAssertThrowsError(try SSHConnection.connect(to: target(key: key, agent: nil, passphrases: KeyPassphrases { _ in wrong }))) {
            XCTAssertEqual("\($0)", """
                127.0.0.91: permission denied for root@127.0.0.91: server offered publickey; tried key file \(key) \
                (cannot load it: wrong passphrase, or a key format libssh2 cannot read)
                """)
            XCTAssertFalse("\($0)".contains(wrong))
            XCTAssertFalse(String(reflecting: $0).contains(wrong))
        }
        XCTAssertEqual(count("Failed publickey", in: try Lab.sshdLog(Self.node, after: before)), 0)
    }

    /// The agent signs for an unencrypted key file too, and a key file that is missing while
    /// its `.pub` and the agent are there still works (as with OpenSSH's IdentityFile).
    func testAgentSignsWhenOnlyThePubFileIsThere() throws {
        let key = try authorizedEncryptedKey()
        let agent = try crowdedAgent(right: key)
        try FileManager.default.moveItem(atPath: key, toPath: key + ".moved")
        let before = Lab.logSize(Self.node)
        try SSHConnection.connect(to: target(key: key, agent: agent)).close()
        XCTAssertEqual(count("Accepted publickey", in: try Lab.sshdLog(Self.node, after: before, waitingFor: "Accepted publickey")), 1)
    }
}

/// The prompts a fake `KeyPassphrases.Ask` was given, in order.
private final class PromptLog: @unchecked Sendable {
    private let lock = NSLock()
    private var prompts: [String] = []

    func append(_ prompt: String) {
        lock.lock()
        defer { lock.unlock() }
        prompts.append(prompt)
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return prompts
    }
}
