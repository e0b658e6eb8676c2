@testable import Deploy
import Foundation
import LabSupport
import SSH

/// A `RemoteHost` on this machine, without sshd: each command runs as `user` the way sshd runs
/// it (`runuser -u USER -- /bin/sh -c COMMAND`, stdin, stdout and stderr apart, byte for byte).
/// With sudo and the lab's users (scripts/lab) it lets `SudoHost` run for real. It keeps every
/// command and stdin it was given.
final class LocalLogin: RemoteHost, @unchecked Sendable {
    struct Sent: Equatable {
        var command: String
        var stdin: Data
    }

    let user: String
    let address = "127.0.0.1"
    private let lock = NSLock()
    private var log: [Sent] = []

    init(user: String) {
        self.user = user
    }

    var sent: [Sent] {
        lock.lock()
        defer { lock.unlock() }
        return log
    }

    func exec(_ command: String, stdin: Data, timeout: Double?) throws -> CommandResult {
        lock.lock()
        log.append(Sent(command: command, stdin: stdin))
        lock.unlock()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("local-login-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let files = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        try stdin.write(to: files[0])
        for file in files.dropFirst() { try Data().write(to: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", user, "--", "/bin/sh", "-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        try process.run()
        let deadline = Date().addingTimeInterval(timeout ?? 60)
        while process.isRunning {
            guard Date() < deadline else {
                process.terminate()
                throw SSHError(.timeout, host: address, "a local command ran past its \(timeout ?? 60) s")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let killed = process.terminationReason == .uncaughtSignal
        return CommandResult(stdout: try Data(contentsOf: files[1]), stderr: try Data(contentsOf: files[2]),
                             exitStatus: killed ? nil : process.terminationStatus,
                             exitSignal: killed ? "\(process.terminationStatus)" : nil)
    }

    func writeFilesAtomically(_ files: [FileWrite], timeout: Double?) throws {
        throw SSHError(.sftp, host: address, "LocalLogin has no SFTP")
    }

    func close() {}
}

/// The lab's become users and nodes (scripts/lab): `deploy` (sudo without a password),
/// `deploy-pw` (sudo to root with `password`), nodes 31-35 whose sshd refuses root, and node 36
/// that lets root in (the same checks without become).
enum BecomeLab {
    static let nodes = [31, 32, 33, 34, 35]
    static let rootNode = 36

    /// Starts the nodes (idempotent; also creates the users and the sudoers rules).
    static func up() throws {
        for arguments in [["up-nodes", "--no-root-login"] + nodes.map(String.init), ["up-nodes", String(rootNode)]] {
            let result = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab"] + arguments + ["--dir", Lab.directory])
            guard result.status == 0 else { throw Lab.LabError(message: "scripts/lab \(arguments[0]) failed: \(result.output)") }
        }
    }

    /// deploy-pw's sudo password, as scripts/lab set it.
    static var password: String {
        get throws { try String(contentsOfFile: Lab.directory + "/become_password", encoding: .utf8) }
    }

    static func uid(_ user: String) throws -> UInt32 {
        guard let entry = getpwnam(user) else { throw Lab.LabError(message: "no user \(user)") }
        return entry.pointee.pw_uid
    }

    static func gid(_ group: String) throws -> UInt32 {
        guard let entry = getgrnam(group) else { throw Lab.LabError(message: "no group \(group)") }
        return entry.pointee.gr_gid
    }
}
