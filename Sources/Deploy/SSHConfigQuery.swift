import Basics
import Foundation

/// `ssh -G`: the configuration OpenSSH would use for a destination under given options, with
/// ssh_config's Host, Match, Include and first-value-wins rules applied by ssh itself. Answers
/// are kept for the run (commands resolve each host before connecting and again to connect).
final class SSHConfigQuery: @unchecked Sendable {
    /// One answer: each option (lowercased, as `ssh -G` prints it) with its values in order.
    typealias Answer = [String: [String]]

    static let shared = SSHConfigQuery()

    private let lock = NSLock()
    private var answers: [[String]: Answer] = [:]
    private var files: [String: SSHConfigFiles] = [:]

    /// How many times `ssh -G` ran (the tests check when it need not).
    var runs: Int { lock.withLock { answers.count } }

    /// The files ssh reads given `-F` (or none), scanned once per run.
    func files(explicitFile: String?) throws -> SSHConfigFiles {
        let key = explicitFile ?? ""
        if let known = lock.withLock({ files[key] }) { return known }
        let scanned = try SSHConfigFiles(explicitFile: explicitFile)
        lock.withLock { files[key] = scanned }
        return scanned
    }

    /// `ssh -G arguments`: a failure (ssh's own message, which names the file and line) is the user's.
    func resolve(_ arguments: [String]) throws -> Answer {
        if let known = lock.withLock({ answers[arguments] }) { return known }
        let answer = try Self.run(arguments)
        lock.withLock { answers[arguments] = answer }
        return answer
    }

    private static func run(_ arguments: [String]) throws -> Answer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh", "-G"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw UserError("cannot run ssh -G to read ssh_config: \(error.localizedDescription)")
        }
        // `ssh -G` prints a few kilobytes: both fit in the pipes, so reading one after the other cannot block.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = String(decoding: complaint, as: UTF8.self).split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("Pseudo-terminal will not be allocated") && !$0.hasPrefix("Warning: Identity file") }
            .joined(separator: "; ")
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw UserError("ssh_config: ssh -G refused it: " + (message.isEmpty ? "exit status \(process.terminationStatus)" : message))
        }
        var answer: Answer = [:]
        for line in String(decoding: printed, as: UTF8.self).split(separator: "\n") {
            let key = line.prefix { $0 != " " }
            answer[String(key), default: []].append(String(line.dropFirst(key.count + 1)))
        }
        return answer
    }
}
