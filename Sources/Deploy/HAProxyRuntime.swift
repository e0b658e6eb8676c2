import Foundation
import SSH

/// HAProxy's runtime API on a balancer host, reached over that host's SSH connection: each
/// command goes on stdin to `socat` (or, without it, python3) connected to the admin socket.
struct HAProxyRuntime {
    /// A server's line of `show stat`.
    struct ServerStat: Equatable {
        /// Current sessions (`scur`).
        var sessions: Int
        /// `UP`, `DOWN`, `DRAIN`, `MAINT`, `UP 1/2`, `no check`, …
        var status: String
    }

    /// The balancer's inventory name, for messages.
    let balancer: String
    let connection: any RemoteHost
    let socket: String

    static let forwarder = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.stdin.buffer.read()); s.shutdown(1)
        while True:
            d = s.recv(65536)
            if not d: break
            sys.stdout.buffer.write(d)
        """

    var script: String {
        let path = ShellQuote.quote(socket)
        return "if command -v socat >/dev/null 2>&1; then exec socat -t 5 stdio UNIX-CONNECT:\(path); fi\n"
            + "exec python3 -c \(ShellQuote.quote(Self.forwarder)) \(path)\n"
    }

    /// The API's answer to one command; `phase` names the step for a failure.
    func send(_ command: String, host: String, phase: String) throws -> String {
        let result = try connection.exec(script, stdin: Data((command + "\n").utf8), timeout: NodeTimeout.bookkeeping)
        guard result.succeeded else {
            throw HostError(host: host, phase: phase, "\(balancer): cannot reach HAProxy's runtime API at \(socket): "
                + NodeCommands.lastLines(result.stderrText))
        }
        return result.stdoutText
    }

    /// `drain` or `ready`. HAProxy answers nothing on success.
    func set(_ server: String, in backend: String, to state: String, host: String) throws {
        let answer = try send("set server \(backend)/\(server) state \(state)", host: host, phase: state)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer.isEmpty else {
            throw HostError(host: host, phase: state, "\(balancer): HAProxy refused 'set server \(backend)/\(server) "
                + "state \(state)': \(answer)")
        }
    }

    func stat(of server: String, in backend: String, host: String, phase: String) throws -> ServerStat {
        let csv = try send("show stat", host: host, phase: phase)
        guard let stat = Self.parse(csv, backend: backend, server: server) else {
            throw HostError(host: host, phase: phase, "\(balancer): HAProxy has no server \(server) in backend \(backend)")
        }
        return stat
    }

    /// The `scur` and `status` of `backend`/`server` in `show stat`'s CSV (columns by header).
    static func parse(_ csv: String, backend: String, server: String) -> ServerStat? {
        let lines = csv.split(separator: "\n").map(String.init)
        guard let header = lines.first, header.hasPrefix("# ") else { return nil }
        let columns = header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let sessions = columns.firstIndex(of: "scur"), let status = columns.firstIndex(of: "status") else { return nil }
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(sessions, status), fields[0] == backend, fields[1] == server,
                  let count = Int(fields[sessions]) else { continue }
            return ServerStat(sessions: count, status: fields[status])
        }
        return nil
    }
}
