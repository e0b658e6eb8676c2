import Foundation
import LabSupport
import XCTest

/// An encrypted key file, as the built binary treats it on lab node 85: asked for on a
/// terminal (a pty made by util-linux `script`) once for all hosts, signed by ssh-agent when it
/// holds the key (no question), refused before any connection without either.
final class KeyPassphraseTests: XCTestCase {
    private static let node = 85
    private static let passphrase = "open sesame 85"
    private var scratch = ""
    private var key: String { scratch + "/key" }
    private var inventory: String { scratch + "/hosts.ini" }
    private var authorizedKeys: String { "\(Lab.directory)/nodes/node\(Self.node)/authorized_keys" }
    private var agent: TestAgent?

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
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-passphrase-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let line = try TestAgent.makeKey(key, passphrase: Self.passphrase)
        let authorized = try String(contentsOfFile: authorizedKeys, encoding: .utf8)
        try (authorized + line + "\n").write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
        try Lab.writeKnownHosts(scratch + "/known_hosts", nodes: [Self.node])
        let address = Lab.address(Self.node)
        try """
            [controllers]
            ctl01 ansible_host=\(address) ansible_ssh_private_key_file=\(key)
            ctl02 ansible_host=\(address) ansible_ssh_private_key_file=\(key)

            """.write(toFile: inventory, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        agent?.stop()
        try String(contentsOfFile: Lab.clientKey + ".pub", encoding: .utf8).write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private var binary: String { Lab.repository.path + "/.build/debug/glance-push" }
    private var ping: [String] { [binary, "ping", "-i", inventory, "--known-hosts", scratch + "/known_hosts"] }

    func testWithoutAgentOrTerminalTheRunIsRefusedBeforeAnyConnection() throws {
        let before = Lab.logSize(Self.node)
        let run = try Lab.shell(arguments: ping, input: Data(), timeout: 60)
        XCTAssertEqual(run.status, 1, run.output)
        XCTAssertEqual(run.output, """
            glance-push: error: \(inventory):2:31: host ctl01: key file \(key) is protected by a passphrase; \
            add it to ssh-agent (ssh-add \(key)) or run on a terminal

            """)
        XCTAssertFalse(try Lab.sshdLog(Self.node, after: before, waitingFor: "Connection from", timeout: 1).contains("Connection from"))
    }

    /// ssh's question, once for the two hosts that share the key; the answer is not echoed.
    func testOnATerminalThePassphraseIsAskedForOnce() throws {
        let terminal = try Terminal(ping)
        XCTAssertTrue(terminal.wait(for: "Enter passphrase for key '\(key)': "), terminal.output)
        terminal.type(Self.passphrase + "\n")
        XCTAssertEqual(terminal.finish(), 0, terminal.output)
        let output = terminal.output.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: #"\([0-9]+ ms\)"#, with: "(N ms)", options: .regularExpression)
            .replacingOccurrences(of: #"in [0-9]+ ms"#, with: "in N ms", options: .regularExpression)
        XCTAssertEqual(output, """
            Enter passphrase for key '\(key)': 
            ctl01  127.0.0.95  ok      node85  (N ms)
            ctl02  127.0.0.95  ok      node85  (N ms)
            2 hosts: 2 ok, 0 failed in N ms

            """)
        XCTAssertFalse(terminal.output.contains(Self.passphrase))
    }

    /// The agent holds the key among eight others: no question, and only that key is offered
    /// (the node allows three tries).
    func testAnAgentHoldingTheKeySignsWithoutAQuestion() throws {
        let agent = try TestAgent(directory: scratch)
        self.agent = agent
        for index in 1...8 {
            try TestAgent.makeKey(scratch + "/other\(index)")
            try agent.add(scratch + "/other\(index)")
        }
        try agent.add(key, passphrase: Self.passphrase)
        let before = Lab.logSize(Self.node)
        let run = try Lab.shell(arguments: ["SSH_AUTH_SOCK=\(agent.socket)"] + ping, input: Data(), timeout: 60)
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("ctl01  127.0.0.95  ok      node85"), run.output)
        XCTAssertTrue(run.output.contains("ctl02  127.0.0.95  ok      node85"), run.output)
        let log = try Lab.sshdLog(Self.node, after: before, waitingFor: "Accepted publickey")
        XCTAssertEqual(log.components(separatedBy: "Failed publickey").count - 1, 0, log)
    }
}

/// A program on a pseudo-terminal (`script -q -e -c COMMAND /dev/null`): what it writes there,
/// and keystrokes sent to it.
private final class Terminal: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ arguments: [String]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", arguments.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "SSH_AUTH_SOCK" }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            if data.isEmpty {
                handle.readabilityHandler = nil
                self.done.signal()
                return
            }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Waits up to `timeout` seconds for `text` to appear.
    func wait(for text: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.contains(text) { return true }
            usleep(50_000)
        }
        return false
    }

    func type(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// The exit status, once the program ended (killed after `timeout` seconds).
    func finish(timeout: TimeInterval = 60) -> Int32 {
        if done.wait(timeout: .now() + timeout) == .timedOut { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
