import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An ssh-agent of the test's own (`ssh-agent -a SOCKET`), stopped by its pid, and keys made
/// with `ssh-keygen -N`. Encrypted keys are added through an askpass script that reads the
/// passphrase from a 0600 file, so no passphrase is on a command line.
public final class TestAgent {
    public let socket: String
    public let pid: pid_t
    private let directory: String

    /// Starts an agent whose socket is in `directory`.
    public init(directory: String) throws {
        socket = directory + "/agent.sock"
        self.directory = directory
        let started = try Lab.shell("ssh-agent", "-a", socket, timeout: 30)
        guard started.status == 0,
              let range = started.output.range(of: #"SSH_AGENT_PID=([0-9]+)"#, options: .regularExpression),
              let pid = pid_t(started.output[range].dropFirst("SSH_AGENT_PID=".count)) else {
            throw Lab.LabError(message: "ssh-agent did not start: \(started.output)")
        }
        self.pid = pid
    }

    /// Stops the agent (SIGTERM to its pid); it removes its socket.
    public func stop() {
        kill(pid, SIGTERM)
        for _ in 0..<50 where kill(pid, 0) == 0 { usleep(100_000) }
    }

    /// `ssh-add PATH`, with `passphrase` for an encrypted key.
    public func add(_ key: String, passphrase: String? = nil) throws {
        var environment = ["SSH_AUTH_SOCK=\(socket)"]
        if let passphrase {
            let secret = directory + "/askpass.secret", script = directory + "/askpass.sh"
            guard FileManager.default.createFile(atPath: secret, contents: Data(passphrase.utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw Lab.LabError(message: "cannot write \(secret)")
            }
            try "#!/bin/sh\ncat '\(secret)'\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script)
            environment += ["SSH_ASKPASS=\(script)", "SSH_ASKPASS_REQUIRE=force", "DISPLAY=none"]
        }
        let added = try Lab.shell(arguments: environment + ["ssh-add", key], input: Data(), timeout: 30)
        guard added.status == 0 else { throw Lab.LabError(message: "ssh-add \(key) failed: \(added.output)") }
    }

    /// The public keys the agent lists (`ssh-add -L`), `type base64` each.
    public func listed() throws -> [String] {
        try Lab.shell("SSH_AUTH_SOCK=\(socket)", "ssh-add", "-L", timeout: 30).output.split(separator: "\n")
            .map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
    }

    /// A new ed25519 key at `path` (OpenSSH format), encrypted when `passphrase` is given.
    /// Returns its public line, `ssh-ed25519 base64`.
    @discardableResult
    public static func makeKey(_ path: String, passphrase: String = "", comment: String = "test") throws -> String {
        let made = try Lab.shell("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f", path, timeout: 30)
        guard made.status == 0 else { throw Lab.LabError(message: "ssh-keygen failed: \(made.output)") }
        return try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
    }
}

extension Lab {
    /// Runs `scripts/lab ARGUMENTS… --dir DIR`; throws with its output when it fails.
    public static func script(_ arguments: String...) throws {
        let result = try shell(arguments: [repository.path + "/scripts/lab"] + arguments + ["--dir", directory])
        guard result.status == 0 else { throw LabError(message: "scripts/lab \(arguments.joined(separator: " ")): \(result.output)") }
    }

    /// A known_hosts file at `path` with one line for each of `nodes`.
    public static func writeKnownHosts(_ path: String, nodes: [Int]) throws {
        let lines = try nodes.map { node in
            let key = try String(contentsOfFile: "\(directory)/nodes/node\(node)/ssh_host_ed25519_key.pub", encoding: .utf8)
            return address(node) + " " + key.split(separator: " ").prefix(2).joined(separator: " ") + "\n"
        }
        try lines.joined().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The part of node `node`'s sshd log written after `offset` bytes (`logSize` gives one),
    /// once it holds `text` (sshd's session processes log a little after the fact), or after
    /// `timeout` seconds as it is then.
    public static func sshdLog(_ node: Int, after offset: Int, waitingFor text: String = "Disconnect",
                               timeout: TimeInterval = 5) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/nodes/node\(node)/sshd.log"))
            let log = String(decoding: data.dropFirst(offset), as: UTF8.self)
            if log.contains(text) || Date() > deadline { return log }
            usleep(50_000)
        }
    }

    public static func logSize(_ node: Int) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: "\(directory)/nodes/node\(node)/sshd.log"))?[.size] as? Int) ?? 0
    }
}
