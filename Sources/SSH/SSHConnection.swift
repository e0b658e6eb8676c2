import Foundation
internal import CLibSSH2
import Logging

/// One authenticated SSH connection to one host, reused for every step of a deploy.
///
/// Blocking API. Thread rule: calls may come from any thread; they are serialised by `lock`,
/// because a libssh2 session and its channels must never be used from two threads at once.
/// Connections to different hosts run fully in parallel.
public final class SSHConnection: @unchecked Sendable {
    public let target: SSHTarget
    /// e.g. `ssh-ed25519 SHA256:…`, the key the server proved it holds.
    public let hostKeyFingerprint: String
    private let lock = NSLock()
    private let session: Session
    private var sftp: SFTPChannel?
    private let logger: Logger
    /// Keeps the idle connection answering the server (nil: ServerAliveInterval 0).
    private var keepalive: Keepalive?
    /// Why the connection is gone, found while it was idle; every later call throws it.
    private var lost: SSHError?
    /// How many connects it took (see `connectRetrying`); 1 for a plain `connect`.
    public internal(set) var connectAttempts = 1

    private init(target: SSHTarget, session: Session, fingerprint: String, logger: Logger) {
        self.target = target
        self.session = session
        self.hostKeyFingerprint = fingerprint
        self.logger = logger
    }

    /// Reaches the host (TCP connect, or its bastions or proxy command: `target.proxy`), then
    /// handshake, host-key check against known_hosts (before any credential is sent), then
    /// public-key authentication. `connectTimeout` bounds a direct connection from TCP connect
    /// to authenticated; through bastions, each bastion's connection, the forwarded connection
    /// to the host, and the host's handshake and authentication each get their own
    /// `connectTimeout` (a proxy command's start is part of the handshake). A failure caused
    /// beyond the host (a bastion, the proxy command) names that hop. A key file's passphrase,
    /// when one is needed, is settled before (`Authentication.prepare`).
    public static func connect(to target: SSHTarget, logger: Logger = Logger(label: "glance-push.ssh")) throws -> SSHConnection {
        let credentials = try Authentication.prepare(target)
        let started = Date()
        let transport = try route(to: target)
        let deadline = (target.proxy == .direct ? started : Date()).addingTimeInterval(target.connectTimeout)
        do {
            let (session, hostKey) = try Session.start(over: transport, target: target, credentials: credentials,
                                                       deadline: deadline, logger: logger)
            logger.debug("connected", metadata: ["host": "\(target.host)", "user": "\(target.user)"])
            let connection = SSHConnection(target: target, session: session, fingerprint: hostKey.description, logger: logger)
            connection.startKeepalive()
            return connection
        } catch let error as SSHError {
            throw transport.explain(error)
        }
    }

    /// What `connect` settles before it connects, for every host before any is connected to:
    /// reads the key file and, when it is encrypted and ssh-agent does not hold it, gets its
    /// passphrase through `target.keyPassphrases` (asked once per file) or throws the reason
    /// (`.authentication`) naming ssh-add.
    public static func prepareCredentials(for target: SSHTarget) throws {
        _ = try Authentication.prepare(target)
    }

    private static func route(to target: SSHTarget) throws -> StreamTransport {
        switch target.proxy {
        case .direct:
            return try TCPTransport.connect(to: target)
        case .command(let command):
            return try ProxyCommandTransport.start(command.command(for: target), for: target)
        case .jump(let hops):
            return try BastionPool.shared.tunnel(to: target, through: hops)
        }
    }

    /// Runs `command` through the user's shell on the host. A non-zero exit is not an error:
    /// the status is in the result. Throws on transport failure or when `timeout` (seconds,
    /// default `target.operationTimeout`) runs out.
    public func run(_ command: String, stdin: Data = Data(), timeout: Double? = nil) throws -> CommandResult {
        try locked(timeout) { deadline in
            try CommandChannel.run(session: session, command: command, stdin: stdin, deadline: deadline)
        }
    }

    public func readFile(_ path: String, timeout: Double? = nil) throws -> Data {
        try locked(timeout) { deadline in try openSFTP(deadline).read(path, deadline: deadline) }
    }

    /// nil when nothing exists at `path`.
    public func stat(_ path: String, timeout: Double? = nil) throws -> RemoteFileStat? {
        try locked(timeout) { deadline in try openSFTP(deadline).stat(path, deadline: deadline) }
    }

    /// Replaces `path` atomically: the bytes go to a new temporary file in the same directory,
    /// which gets `mode` and `owner`, is fsynced, and is then renamed over `path` (rename(2)).
    /// Readers see the old file or the new one, never a mix; on failure the old file is
    /// untouched and the temporary file is removed.
    public func writeFileAtomically(_ path: String, contents: Data, mode: UInt32, owner: FileOwnership? = nil,
                                    timeout: Double? = nil) throws {
        try writeFilesAtomically([FileWrite(path: path, contents: contents, mode: mode, owner: owner)], timeout: timeout)
    }

    /// Replaces several files, each atomically, in two rounds: every new file is first written
    /// in full beside its target (fsynced, owner and mode set); only then are they renamed into
    /// place, in one command. A failure while writing (no space, permission) leaves every old
    /// file untouched and removes the temporary files.
    public func writeFilesAtomically(_ files: [FileWrite], timeout: Double? = nil) throws {
        guard !files.isEmpty else { return }
        let temporaries = files.map { Self.temporaryPath(for: $0.path) }
        try locked(timeout) { deadline in
            let sftp = try openSFTP(deadline)
            for (index, file) in files.enumerated() {
                do {
                    try sftp.writeNew(temporaries[index], contents: file.contents, mode: file.mode, owner: file.owner,
                                      deadline: deadline)
                } catch let error as SSHError {
                    for written in temporaries[..<index] { try? sftp.remove(written, deadline: deadline) }
                    throw diagnose(error, writing: file, deadline: deadline)
                }
            }
            // OpenSSH's SFTP v3 rename refuses an existing target and libssh2 1.10 has no
            // posix-rename extension, so the renames are `mv -T` (rename(2)) in one command.
            let script = zip(temporaries, files).map { "mv -fT -- \(ShellQuote.quote($0)) \(ShellQuote.quote($1.path))" }
                .joined(separator: " && ")
            let renamed: CommandResult
            do {
                renamed = try CommandChannel.run(session: session, command: script, stdin: Data(), deadline: deadline)
            } catch {
                for temporary in temporaries { try? sftp.remove(temporary, deadline: deadline) }
                throw error
            }
            guard renamed.succeeded else {
                for temporary in temporaries where (try? sftp.stat(temporary, deadline: deadline)) != nil {
                    try? sftp.remove(temporary, deadline: deadline)
                }
                throw SSHError(.sftp, host: target.host,
                               "renaming the new file into place failed: \(renamed.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
        }
    }

    /// OpenSSH reports ENOSPC as a bare SSH_FX_FAILURE; ask the node how much room is left.
    private func diagnose(_ error: SSHError, writing file: FileWrite, deadline: Date) -> SSHError {
        guard error.message.contains("failure (the server gave no reason") else { return error }
        let directory = (file.path as NSString).deletingLastPathComponent
        let probe = try? CommandChannel.run(
            session: session, command: "df -P -B1 -- \(ShellQuote.quote(directory)) | awk 'NR==2 {print $4}'",
            stdin: Data(), deadline: deadline)
        guard let free = probe.flatMap({ Int($0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              free < file.contents.count + 4096 else { return error }
        return SSHError(.sftp, host: target.host,
                        "writing \(file.path) failed: no space left on device (\(free) bytes free in \(directory), \(file.contents.count) needed); the old file is untouched")
    }

    /// `/dir/.name.glance-push-<random>`: same directory (so rename is atomic), hidden, and
    /// recognisable so that a later run can remove leftovers of a dead one.
    public static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return directory + "." + name + temporaryMarker + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    public static let temporaryMarker = ".glance-push-tmp-"

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        keepalive?.stop()
        sftp?.shutdown()
        sftp = nil
        session.close()
    }

    private func openSFTP(_ deadline: Date) throws -> SFTPChannel {
        if let sftp { return sftp }
        let opened = try SFTPChannel(session: session, deadline: deadline)
        sftp = opened
        return opened
    }

    private func locked<T>(_ timeout: Double?, _ body: (Date) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if let lost { throw lost }
        let result: T
        do {
            result = try body(Date().addingTimeInterval(timeout ?? target.operationTimeout))
        } catch let error as SSHError {
            throw session.transport.explain(error)
        }
        keepalive?.heard()
        return result
    }

    private func startKeepalive() {
        keepalive = Keepalive(session: session, interval: target.serverAliveInterval, countMax: target.serverAliveCountMax)
        keepalive?.start { [weak self] in self?.idle() }
    }

    /// A keepalive tick: only when no call holds the connection (a call reads the socket itself).
    private func idle() {
        guard lock.try() else { return }
        defer { lock.unlock() }
        guard lost == nil, let keepalive else { return }
        do {
            try keepalive.tick(session)
        } catch let error as SSHError {
            lost = error
            keepalive.stop()
            logger.info("connection lost while idle", metadata: ["host": "\(target.host)", "reason": "\(error.message)"])
        } catch {
            preconditionFailure("Keepalive.tick throws only SSHError")
        }
    }
}
