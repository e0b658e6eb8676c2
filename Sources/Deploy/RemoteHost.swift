import Foundation
import Logging
import SSH

/// What a deploy needs of a node: run a command (with bytes on stdin), write files atomically,
/// close. `SSHConnection` is the real one, `SudoHost` runs everything through sudo over it
/// (`ansible_become`); the run logic's unit tests give it a fake.
public protocol RemoteHost: AnyObject, Sendable {
    /// The user whose rights commands and writes have: the login user, or the become user.
    var user: String { get }
    /// The address logs name.
    var address: String { get }
    /// How many connects it took to open (1 unless a transient failure was retried).
    var connectAttempts: Int { get }
    func exec(_ command: String, stdin: Data, timeout: Double?) throws -> CommandResult
    /// Each file: a temporary file in the same directory, owner and mode, fsync, rename.
    func writeFilesAtomically(_ files: [FileWrite], timeout: Double?) throws
    func close()
}

extension RemoteHost {
    public var connectAttempts: Int { 1 }

    func exec(_ command: String, timeout: Double? = nil) throws -> CommandResult {
        try exec(command, stdin: Data(), timeout: timeout)
    }

    func writeFilesAtomically(_ files: [FileWrite]) throws {
        try writeFilesAtomically(files, timeout: nil)
    }
}

extension SSHConnection: RemoteHost {
    public var user: String { target.user }
    public var address: String { target.host }

    /// `run`, logged at trace level (`-vvv`) with the host and the command text. Commands never
    /// carry secrets (those travel in file contents, and the become password on stdin), so the
    /// log cannot leak one.
    public func exec(_ command: String, stdin: Data, timeout: Double?) throws -> CommandResult {
        var logger = Logger(label: "glance-push.commands")
        logger[metadataKey: "host"] = "\(target.host)"
        logger.trace("exec", metadata: ["command": "\(command)"])
        let result = try run(command, stdin: stdin, timeout: timeout)
        logger.trace("exit", metadata: ["status": "\(result.statusDescription)", "stdout bytes": "\(result.stdout.count)"])
        return result
    }
}
