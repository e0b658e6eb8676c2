import Foundation
internal import CLibSSH2
import Logging

/// Checks the server's host key against OpenSSH known_hosts files, as `ssh` does, before any
/// credential is sent: the user files, then the global ones, all read as one list of lines.
///
/// - A key on any `@revoked` line is refused, whatever other lines say.
/// - A plain line for the host with the same key, in any file: known.
/// - Otherwise a plain line for the host with another key, of any type: CHANGED.
/// - Otherwise unknown: refused, or recorded in the first user file under accept-new.
///
/// Each line is checked in a libssh2 collection of its own (`libssh2_knownhost_readline` +
/// `libssh2_knownhost_checkp`), so that a verdict names its file and line.
enum HostKeyCheck {
    private static let appendLock = NSLock()

    private enum Verdict {
        case known
        case changed([Offending])
        case unknown
    }

    private struct Offending {
        let file: String
        let location: String
        let keyType: String
    }

    /// Returns the key the server offered, once it is trusted.
    static func verify(session: Session, target: SSHTarget, logger: Logger) throws -> OfferedKey {
        let offered = try OfferedKey(session: session, host: target.host)
        let files = try (target.knownHostsFiles + target.globalKnownHostsFiles).compactMap {
            try KnownHostsFile.read($0, host: target.host)
        }
        noteSkippedLines(in: files, target: target, logger: logger)
        if let location = revokedLocation(of: offered, in: files) {
            throw SSHError(.hostKeyRevoked, host: target.host, """
                host key for \(target.displayName) is REVOKED: the server offers \(offered.description), \
                which is marked @revoked in \(location); this could mean that a stolen key is being used to \
                impersonate the host. Refused before authentication, whatever other known_hosts lines say.
                """)
        }
        switch try match(offered, in: files, session: session, target: target) {
        case .known:
            return offered
        case .changed(let offending):
            throw changedError(offered, offending: offending, target: target)
        case .unknown:
            guard target.hostKeyPolicy == .acceptNew else {
                throw SSHError(.hostKeyUnknown, host: target.host, """
                    host key for \(target.displayName) is not known: the server offers \(offered.description), \
                    which is not in \(list(target.knownHostsFiles + target.globalKnownHostsFiles)); refused \
                    (add it to known_hosts, or use --host-key-policy accept-new to record unknown keys)
                    """)
            }
            try record(offered, target: target)
            return offered
        }
    }

    /// `@cert-authority` lines are skipped: glance-push does not do host certificates.
    private static func noteSkippedLines(in files: [KnownHostsFile], target: SSHTarget, logger: Logger) {
        for file in files {
            for line in file.lines where line.marker == .certAuthority || line.marker == .unknown {
                let reason = line.marker == .certAuthority
                    ? "@cert-authority line skipped: host certificates are not used"
                    : "line with an unknown @marker skipped, as ssh does"
                logger.debug("known_hosts: \(reason)", metadata: ["host": "\(target.host)", "line": "\(file.location(line))"])
            }
        }
    }

    /// The first `@revoked` line holding the offered key (same type and blob), as `path:line`.
    /// Its host pattern is not looked at: a key revoked for one host is refused for all of them.
    /// (OpenSSH 9.2 only honours a @revoked line whose pattern matches the host, e.g. `*`.)
    private static func revokedLocation(of offered: OfferedKey, in files: [KnownHostsFile]) -> String? {
        for file in files {
            for line in file.lines where line.marker == .revoked {
                if let key = line.key, key.type == offered.typeName, key.blob == offered.blob {
                    return file.location(line)
                }
            }
        }
        return nil
    }

    /// A match anywhere wins over mismatches elsewhere, as in OpenSSH's
    /// `check_hostkeys_by_key_or_type` (checked with `ssh -o UserKnownHostsFile="a b"`: a wrong key
    /// in `a` and the right one in `b`, or the other way round, connects).
    private static func match(_ offered: OfferedKey, in files: [KnownHostsFile], session: Session,
                              target: SSHTarget) throws -> Verdict {
        var offending: [Offending] = []
        for file in files {
            for line in file.lines where line.marker == .none {
                switch try check(line, offered: offered, session: session, target: target) {
                case LIBSSH2_KNOWNHOST_CHECK_MATCH:
                    return .known
                case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
                    offending.append(Offending(file: file.path, location: file.location(line),
                                               keyType: line.key?.type ?? "unknown-key-type"))
                default:
                    continue
                }
            }
        }
        return offending.isEmpty ? .unknown : .changed(offending)
    }

    /// One line against the offered key. The name is `host` or `[host]:port` with no port given to
    /// libssh2, which would otherwise also take plain `host` lines for another port; ssh does not.
    /// The key type bits are 0: a line for the host with a key of another type is a mismatch,
    /// as `ssh` 9.2 has it ("Offending ECDSA key" for an ed25519 server). A line libssh2 cannot
    /// parse is skipped, as ssh skips invalid lines.
    private static func check(_ line: KnownHostsFile.Line, offered: OfferedKey, session: Session,
                              target: SSHTarget) throws -> Int32 {
        guard let hosts = libssh2_knownhost_init(session.raw) else {
            throw SSHError(.knownHostsUnreadable, host: target.host, "cannot initialise known_hosts")
        }
        defer { libssh2_knownhost_free(hosts) }
        // libssh2_knownhost_readline looks at the byte just past `len` (readfile hands it
        // NUL-terminated fgets buffers): when the memory after an unterminated line held a
        // newline, it dropped the key's last character and called a good key CHANGED.
        let bytes = line.text + [0]
        let added = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                libssh2_knownhost_readline(hosts, $0.baseAddress, $0.count - 1, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
            }
        }
        guard added == 0 else { return LIBSSH2_KNOWNHOST_CHECK_NOTFOUND }
        let typeMask = Int32(LIBSSH2_KNOWNHOST_TYPE_PLAIN) | Int32(LIBSSH2_KNOWNHOST_KEYENC_RAW)
        let result = offered.blob.withUnsafeBytes { raw in
            libssh2_knownhost_checkp(hosts, target.displayName, -1, raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                                     raw.count, typeMask, nil)
        }
        guard result != LIBSSH2_KNOWNHOST_CHECK_FAILURE else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot check host key for \(target.displayName): \(session.lastErrorMessage)")
        }
        return result
    }

    private static func changedError(_ offered: OfferedKey, offending: [Offending], target: SSHTarget) -> SSHError {
        var files: [String] = []
        for entry in offending where !files.contains(entry.file) { files.append(entry.file) }
        let lines = offending.map { "\($0.keyType) in \($0.location)" }.joined(separator: ", ")
        let removals = files.map { "`ssh-keygen -f \($0) -R '\(target.displayName)'`" }.joined(separator: " and ")
        return SSHError(.hostKeyChanged, host: target.host, """
            host key for \(target.displayName) has CHANGED: the server offers \(offered.description), \
            which does not match \(list(files)). Offending key\(offending.count == 1 ? "" : "s"): \(lines). \
            Someone could be eavesdropping (man-in-the-middle), or the host was reinstalled; refused before \
            authentication. If the change is expected, remove the old line with \(removals).
            """)
    }

    /// `a`, `a or b`, `a, b or c`.
    private static func list(_ files: [String]) -> String {
        guard let last = files.last else { return "any known_hosts file (none is configured)" }
        let others = files.dropLast()
        return others.isEmpty ? last : others.joined(separator: ", ") + " or " + last
    }

    /// Appends one `host type base64` line (the name hashed under HashKnownHosts) to the first user file; concurrent connections
    /// append whole lines.
    private static func record(_ offered: OfferedKey, target: SSHTarget) throws {
        guard let file = target.knownHostsFiles.first else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot record host key for \(target.displayName): no user known_hosts file is configured")
        }
        let name = target.hashKnownHosts ? HashedHostName.make(target.displayName) : target.displayName
        let line = "\(name) \(offered.typeName) \(offered.blob.base64EncodedString())\n"
        appendLock.lock()
        defer { appendLock.unlock() }
        let fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot record host key in \(file): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot record host key in \(file): \(String(cString: strerror(errno)))")
        }
    }
}
