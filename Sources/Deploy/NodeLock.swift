import Foundation
import SSH

/// The per-node deploy lock, `/var/lib/glance-push/lock`.
///
/// The lock file records the holder and the node-side sshd session process of the holder's
/// connection (pid and start time). That process lives exactly as long as the connection, so
/// a lock whose session process is gone belongs to a dead run and is taken over. Check and
/// set happen under `flock` on a guard file, so two runs cannot both take a stale lock.
///
/// The session process is the parent of the shell sshd starts for a command (`$PPID`), or, when
/// the command runs under sudo (`SudoCommand`), `$glance_push_session`: there the shell's parent
/// is sudo, which ends with the command, and the login shell passes its own `$PPID` down.
public struct NodeLock: Sendable, Equatable {
    public static let directory = "/var/lib/glance-push"
    public static let path = directory + "/lock"
    /// Set by `SudoCommand` in the shell sudo starts: the pid of the connection's session process.
    static let sessionVariable = "glance_push_session"

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
    public func acquire(on connection: any RemoteHost, host: String) throws -> String? {
        let result = try connection.exec(acquireScript(), timeout: NodeTimeout.lockAndGather)
        guard result.succeeded else {
            throw HostError(host: host, phase: "lock", "cannot take \(Self.path): \(result.statusDescription) \(result.stderrText)")
        }
        return try interpret(result.stdoutText.split(separator: "\n").map(String.init), host: host)
    }

    /// A script that takes the lock and prints its answer on lines starting with `lock `; when
    /// the lock is held by another run it exits, so a script appended to it (the fact
    /// gatherer) runs only under the lock.
    func acquireScript() -> String {
        let since = ISO8601DateFormatter().string(from: Date())
        // A step that fails says why (`lock ERROR`), in the node's own words: a login user
        // without rights on the directory must not read as a busy lock.
        return """
            umask 077
            lock_fail() { echo "\(NodeWord.lock) \(LockAnswer.error) $1 (as user $(id -un))"; exit 1; }
            [ -d \(Self.directory) ] || { out=$(mkdir -p \(Self.directory) 2>&1) || lock_fail "$out"; }
            out=$( (exec 9>\(Self.directory)/.lock-guard) 2>&1) || lock_fail "${out#*: [0-9]*: }"
            exec 9>\(Self.directory)/.lock-guard
            flock -w 10 9 || { echo "\(NodeWord.lock) \(LockAnswer.busy)"; exit 1; }
            session=${\(Self.sessionVariable):-$PPID}
            start=$(cut -d' ' -f22 /proc/$session/stat)
            if [ -f \(Self.path) ]; then
              held=$(sed -n 's/^session=//p' \(Self.path))
              pid=${held% *}
              if [ -n "$pid" ] && [ -r /proc/$pid/stat ] && [ "$(cut -d' ' -f22 /proc/$pid/stat)" = "${held#* }" ]; then
                echo "\(NodeWord.lock) \(LockAnswer.held)"; sed 's/^/\(NodeWord.lock) /' \(Self.path); exit 0
              fi
              echo "\(NodeWord.lock) \(LockAnswer.stale)"; sed 's/^/\(NodeWord.lock) /' \(Self.path)
            fi
            out=$( { printf 'run=%s\\nholder=%s\\nsince=%s\\nsession=%s %s\\n' \(ShellQuote.quote(run)) \
              \(ShellQuote.quote(Self.holderDescription())) \(ShellQuote.quote(since)) "$session" "$start" > \(Self.path).new \
              && mv -f \(Self.path).new \(Self.path); } 2>&1) || lock_fail "${out#*: [0-9]*: }"
            exec 9>&-
            echo "\(NodeWord.lock) \(LockAnswer.acquired)"
            umask 022

            """
    }

    /// A script that only looks: `lock FREE`, `lock HELD` (a live run holds it) or `lock STALE`.
    static let peekScript = """
        if [ -f \(path) ]; then
          held=$(sed -n 's/^session=//p' \(path)); pid=${held% *}
          if [ -n "$pid" ] && [ -r /proc/$pid/stat ] && [ "$(cut -d' ' -f22 /proc/$pid/stat)" = "${held#* }" ]; then
            echo "\(NodeWord.lock) \(LockAnswer.held)"
          else
            echo "\(NodeWord.lock) \(LockAnswer.stale)"
          fi
        else
          echo "\(NodeWord.lock) \(LockAnswer.free)"
        fi

        """

    static func isFree(_ output: [String]) -> Bool {
        NodeWord.lock.lines(in: output).first == LockAnswer.free.rawValue
    }

    /// Reads the `lock ` lines of `acquireScript`'s output.
    func interpret(_ output: [String], host: String) throws -> String? {
        let lines = NodeWord.lock.lines(in: output)
        let error = LockAnswer.error.rawValue + " "
        if lines.first == LockAnswer.held.rawValue {
            let fields = Self.fields(lines.dropFirst())
            throw HostError(host: host, phase: "lock", """
                \(Self.path) is held by \(fields["holder"] ?? "another run") since \(fields["since"] ?? "?") \
                (run \(fields["run"] ?? "?")); another deploy is working on this node
                """)
        }
        if let failure = lines.first(where: { $0.hasPrefix(error) }) {
            throw HostError(host: host, phase: "lock", "cannot take \(Self.path): \(failure.dropFirst(error.count))")
        }
        if lines.last == LockAnswer.busy.rawValue {
            throw HostError(host: host, phase: "lock", """
                cannot take \(Self.path): \(Self.directory)/.lock-guard stayed locked for 10 s (another run is \
                taking or releasing the lock)
                """)
        }
        guard lines.last == LockAnswer.acquired.rawValue else {
            throw HostError(host: host, phase: "lock", "cannot take \(Self.path) (answer: \(lines.last ?? "none"))")
        }
        guard lines.first == LockAnswer.stale.rawValue else { return nil }
        let fields = Self.fields(lines.dropFirst())
        return "\(fields["holder"] ?? "?") since \(fields["since"] ?? "?")"
    }

    /// Removes the lock file only if this run holds it.
    public func release(on connection: any RemoteHost) throws {
        _ = try connection.exec(releaseScript, timeout: NodeTimeout.lockAndGather)
    }

    var releaseScript: String {
        """
        exec 9>\(Self.directory)/.lock-guard
        flock -w 10 9
        held=; { IFS= read -r held < \(Self.path); } 2>/dev/null
        if [ "$held" = \(ShellQuote.quote("run=" + run)) ]; then rm -f \(Self.path); fi

        """
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
