import Foundation
import SSH

/// The per-node deploy lock, `/var/lib/glance-push/lock`.
///
/// The lock file records the holder and the node-side sshd session process of the holder's
/// connection (pid and start time). That process lives exactly as long as the connection, so
/// a lock whose session process is gone belongs to a dead run and is taken over. Check and
/// set happen under `flock` on a guard file, so two runs cannot both take a stale lock.
public struct NodeLock: Sendable, Equatable {
    public static let directory = "/var/lib/glance-push"
    public static let path = directory + "/lock"

    /// Unique per run; only the run that holds this token releases the lock.
    public let run: String

    public init(run: String = UUID().uuidString.lowercased()) {
        self.run = run
    }

    /// What the lock file says about its holder.
    public static func holderDescription() -> String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? "root"
        return "\(user)@\(ProcessInfo.processInfo.hostName) pid \(getpid())"
    }

    /// Takes the lock or throws a `HostError` naming who holds it and since when. Returns the
    /// holder of a stale lock that was taken over (a dead run), or nil.
    @discardableResult
    public func acquire(on connection: SSHConnection, host: String) throws -> String? {
        let since = ISO8601DateFormatter().string(from: Date())
        let script = """
            set -e
            umask 077
            mkdir -p \(Self.directory)
            exec 9>\(Self.directory)/.lock-guard
            flock -w 10 9
            session=$PPID
            start=$(cut -d' ' -f22 /proc/$session/stat)
            if [ -f \(Self.path) ]; then
              held=$(sed -n 's/^session=//p' \(Self.path))
              pid=${held% *}
              if [ -n "$pid" ] && [ -r /proc/$pid/stat ] && [ "$(cut -d' ' -f22 /proc/$pid/stat)" = "${held#* }" ]; then
                echo HELD; cat \(Self.path); exit 0
              fi
              echo STALE; cat \(Self.path)
            fi
            printf 'run=%s\\nholder=%s\\nsince=%s\\nsession=%s %s\\n' \(ShellQuote.quote(run)) \
              \(ShellQuote.quote(Self.holderDescription())) \(ShellQuote.quote(since)) "$session" "$start" > \(Self.path).new
            mv -f \(Self.path).new \(Self.path)
            echo ACQUIRED
            """
        let result = try connection.exec(script, timeout: 120)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        guard result.succeeded, let last = lines.last else {
            throw HostError(host: host, phase: "lock", "cannot take \(Self.path): \(result.statusDescription) \(result.stderrText)")
        }
        if lines.first == "HELD" {
            let fields = Self.fields(lines.dropFirst())
            throw HostError(host: host, phase: "lock", """
                \(Self.path) is held by \(fields["holder"] ?? "another run") since \(fields["since"] ?? "?") \
                (run \(fields["run"] ?? "?")); another deploy is working on this node
                """)
        }
        guard last == "ACQUIRED" else {
            throw HostError(host: host, phase: "lock", "unexpected answer while taking \(Self.path)")
        }
        guard lines.first == "STALE" else { return nil }
        let fields = Self.fields(lines.dropFirst())
        return "\(fields["holder"] ?? "?") since \(fields["since"] ?? "?")"
    }

    /// Removes the lock file only if this run holds it.
    public func release(on connection: SSHConnection) throws {
        let script = """
            exec 9>\(Self.directory)/.lock-guard
            flock -w 10 9
            if grep -qx \(ShellQuote.quote("run=" + run)) \(Self.path) 2>/dev/null; then rm -f \(Self.path); fi
            """
        _ = try connection.exec(script, timeout: 120)
    }

    static func fields(_ lines: some Sequence<String>) -> [String: String] {
        var fields: [String: String] = [:]
        for line in lines {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return fields
    }
}
