import Foundation
import Logging
import SSH

extension SSHConnection {
    /// `run`, logged at trace level (`-vvv`) with the host and the command text. Commands never
    /// carry secrets (those travel in file contents), so the log cannot leak one.
    func exec(_ command: String, stdin: Data = Data(), timeout: Double? = nil) throws -> CommandResult {
        var logger = Logger(label: "glance-push.commands")
        logger[metadataKey: "host"] = "\(target.host)"
        logger.trace("exec", metadata: ["command": "\(command)"])
        let result = try run(command, stdin: stdin, timeout: timeout)
        logger.trace("exit", metadata: ["status": "\(result.statusDescription)", "stdout bytes": "\(result.stdout.count)"])
        return result
    }
}
