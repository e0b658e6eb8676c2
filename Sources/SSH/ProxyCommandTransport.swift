import Foundation

/// A `ProxyCommand` child process: `/bin/sh -c "exec COMMAND"` with one end of a socket pair
/// as its standard input and output (the session runs over the other end) and its standard
/// error in an unlinked temporary file, read back only to explain a failure.
final class ProxyCommandTransport: StreamTransport, @unchecked Sendable {
    let fd: Int32
    let command: String
    private let pid: pid_t
    private let stderrFile: Int32
    // Guarded by `lock`: the child's wait status once it has been reaped, and what it had
    // written to standard error when the transport closed (the file is gone then).
    private let lock = NSLock()
    private var waitStatus: Int32?
    private var finalStderr: String?
    /// Set on close: whether the command had ended before its socket was closed.
    private var endedFirst: Bool?

    private init(fd: Int32, command: String, pid: pid_t, stderrFile: Int32) {
        self.fd = fd
        self.command = command
        self.pid = pid
        self.stderrFile = stderrFile
    }

    /// Starts `command` for `target`, in a process group of its own.
    static func start(_ command: String, for target: SSHTarget) throws -> ProxyCommandTransport {
        func failure(_ what: String) -> SSHError {
            SSHError(.connect, host: target.host, "cannot start proxy command `\(command)`: \(what): \(String(cString: strerror(errno)))",
                     hop: "proxy command")
        }
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw failure("socketpair")
        }
        let stderrFile = try temporaryFile(or: failure)
        defer { Glibc.close(pair[1]) }
        do {
            let pid = try ChildProcess.spawn(["/bin/sh", "-c", "exec " + command],
                                             stdin: pair[1], stdout: pair[1], stderr: stderrFile)
            return ProxyCommandTransport(fd: pair[0], command: command, pid: pid, stderrFile: stderrFile)
        } catch let error as ChildProcess.SpawnError {
            Glibc.close(pair[0])
            Glibc.close(stderrFile)
            errno = error.code
            throw failure("posix_spawn")
        }
    }

    private static func temporaryFile(or failure: (String) -> SSHError) throws -> Int32 {
        var template = Array((NSTemporaryDirectory() + "/glance-push-proxy-XXXXXX").utf8CString)
        let file = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard file >= 0 else { throw failure("temporary file for its standard error") }
        _ = fcntl(file, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { buffer in if let path = buffer.baseAddress { _ = unlink(path) } }
        return file
    }

    /// A failure after the command ended on its own with a failing status is the command's: its
    /// status and the end of its standard error say why (e.g. `ssh: connect to host gw port 22:
    /// No route to host`). A command that ended because the session closed it, or with status 0
    /// (`ssh -W` when the far end closed), leaves the host's own error as it is.
    func explain(_ error: SSHError) -> SSHError {
        lock.lock()
        let closed = endedFirst
        lock.unlock()
        let own = closed.map { $0 ? exitStatus(waitingUpTo: 0) : nil } ?? exitStatus(waitingUpTo: 0.3)
        guard let status = own, status != 0 else { return error }
        let said = stderrTail()
        let reason = said.isEmpty ? describe(status) : "\(describe(status)): \(said)"
        return SSHError(error.kind, host: error.host, "via proxy command `\(command)`: \(reason)", hop: "proxy command")
    }

    /// Closes the socket (a well-behaved command exits on EOF), then reaps the child: TERM to
    /// its process group after 2 s, KILL after 3 s.
    func close() {
        // A command that closed its end is ending: give it a moment, so its status is its own.
        var events = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&events, 1, 0) > 0, events.revents & Int16(POLLHUP) != 0 { _ = exitStatus(waitingUpTo: 0.5) }
        let ended = exitStatus(waitingUpTo: 0) != nil
        lock.lock()
        endedFirst = ended
        lock.unlock()
        Glibc.close(fd)
        if exitStatus(waitingUpTo: 2) == nil {
            kill(-pid, SIGTERM)
            if exitStatus(waitingUpTo: 1) == nil {
                kill(-pid, SIGKILL)
                _ = exitStatus(waitingUpTo: 5)
            }
        }
        let said = stderrTail()
        lock.lock()
        finalStderr = said
        lock.unlock()
        Glibc.close(stderrFile)
    }

    private func exitStatus(waitingUpTo seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            lock.lock()
            if waitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { waitStatus = status }
            }
            let known = waitStatus
            lock.unlock()
            if known != nil || Date() >= deadline { return known }
            usleep(10_000)
        }
    }

    private func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        return signal == 0 ? "it exited with status \((status >> 8) & 0xff)" : "it was killed by signal \(signal)"
    }

    /// The last three non-empty lines the command wrote to standard error, joined by "; ".
    private func stderrTail() -> String {
        lock.lock()
        let final = finalStderr
        lock.unlock()
        if let final { return final }
        let size = lseek(stderrFile, 0, SEEK_END)
        guard size > 0 else { return "" }
        let start = max(0, size - 4096)
        var bytes = [UInt8](repeating: 0, count: Int(size - start))
        let count = pread(stderrFile, &bytes, bytes.count, start)
        guard count > 0 else { return "" }
        let text = String(decoding: bytes[..<count], as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.suffix(3).joined(separator: "; ")
    }
}
