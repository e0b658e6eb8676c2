import Foundation
internal import CLibSSH2

/// Checks the server's host key against an OpenSSH known_hosts file, as `ssh` does, before
/// any credential is sent.
enum HostKeyCheck {
    private static let appendLock = NSLock()

    static func verify(session: Session, target: SSHTarget) throws {
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session.raw, &length, &type), length > 0 else {
            throw SSHError(.handshake, host: target.host, "the server sent no host key")
        }
        let keyName = keyTypeName(type)
        let fingerprint = sha256Fingerprint(session)
        guard let hosts = libssh2_knownhost_init(session.raw) else {
            throw SSHError(.knownHostsUnreadable, host: target.host, "cannot initialise known_hosts")
        }
        defer { libssh2_knownhost_free(hosts) }
        try load(hosts, from: target, session: session)
        let typeMask = Int32(LIBSSH2_KNOWNHOST_TYPE_PLAIN) | Int32(LIBSSH2_KNOWNHOST_KEYENC_RAW) | knownHostKeyBit(type)
        var entry: UnsafeMutablePointer<libssh2_knownhost>?
        let result = libssh2_knownhost_checkp(hosts, target.host, Int32(target.port), key, length, typeMask, &entry)
        switch result {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            throw SSHError(.hostKeyChanged, host: target.host, """
                host key for \(target.displayName) has CHANGED: the server offers \(keyName) \(fingerprint), \
                which does not match \(target.knownHostsFile). Someone could be eavesdropping (man-in-the-middle), \
                or the host was reinstalled; refused before authentication. If the change is expected, \
                remove the old line with `ssh-keygen -f \(target.knownHostsFile) -R '\(target.displayName)'`.
                """)
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
            guard target.hostKeyPolicy == .acceptNew else {
                throw SSHError(.hostKeyUnknown, host: target.host, """
                    host key for \(target.displayName) is not known: the server offers \(keyName) \(fingerprint), \
                    which is not in \(target.knownHostsFile); refused (add it to known_hosts, or use \
                    --host-key-policy accept-new to record unknown keys)
                    """)
            }
            try record(target: target, keyName: keyName, key: UnsafeRawBufferPointer(start: key, count: length))
        default:
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot check host key for \(target.displayName): \(session.lastErrorMessage)")
        }
    }

    /// Reads known_hosts line by line: libssh2's own readfile stops at the first line it cannot
    /// parse (a key type it does not know), which would hide every line after it.
    private static func load(_ hosts: OpaquePointer, from target: SSHTarget, session: Session) throws {
        guard FileManager.default.fileExists(atPath: target.knownHostsFile) else { return }
        guard let data = FileManager.default.contents(atPath: target.knownHostsFile) else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot read known_hosts file \(target.knownHostsFile)")
        }
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            // libssh2_knownhost_readline looks at the byte just past `len` (readfile hands it
            // NUL-terminated fgets buffers): when the memory after an unterminated line held a
            // newline, it dropped the key's last character and called a good key CHANGED.
            let bytes = Array(line) + [0]
            _ = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    libssh2_knownhost_readline(hosts, $0.baseAddress, $0.count - 1, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
                }
            }
        }
    }

    /// `SHA256:` and unpadded base64, exactly as `ssh` and `ssh-keygen -l` print it.
    static func sha256Fingerprint(_ session: Session) -> String {
        guard let hash = libssh2_hostkey_hash(session.raw, LIBSSH2_HOSTKEY_HASH_SHA256) else { return "SHA256:?" }
        let data = Data(bytes: hash, count: 32)
        let base64 = data.base64EncodedString().replacingOccurrences(of: "=", with: "")
        return "SHA256:" + base64
    }

    static func keyTypeName(_ type: Int32) -> String {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: return "ssh-rsa"
        case LIBSSH2_HOSTKEY_TYPE_DSS: return "ssh-dss"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return "ecdsa-sha2-nistp256"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return "ecdsa-sha2-nistp384"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return "ecdsa-sha2-nistp521"
        case LIBSSH2_HOSTKEY_TYPE_ED25519: return "ssh-ed25519"
        default: return "unknown-key-type"
        }
    }

    private static func knownHostKeyBit(_ type: Int32) -> Int32 {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: return Int32(LIBSSH2_KNOWNHOST_KEY_SSHRSA)
        case LIBSSH2_HOSTKEY_TYPE_DSS: return Int32(LIBSSH2_KNOWNHOST_KEY_SSHDSS)
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return Int32(LIBSSH2_KNOWNHOST_KEY_ECDSA_256)
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return Int32(LIBSSH2_KNOWNHOST_KEY_ECDSA_384)
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return Int32(LIBSSH2_KNOWNHOST_KEY_ECDSA_521)
        case LIBSSH2_HOSTKEY_TYPE_ED25519: return Int32(LIBSSH2_KNOWNHOST_KEY_ED25519)
        default: return Int32(LIBSSH2_KNOWNHOST_KEY_UNKNOWN)
        }
    }

    /// Appends one `host type base64` line; concurrent connections append whole lines.
    private static func record(target: SSHTarget, keyName: String, key: UnsafeRawBufferPointer) throws {
        let line = "\(target.displayName) \(keyName) \(Data(key).base64EncodedString())\n"
        appendLock.lock()
        defer { appendLock.unlock() }
        let fd = open(target.knownHostsFile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot record host key in \(target.knownHostsFile): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw SSHError(.knownHostsUnreadable, host: target.host,
                           "cannot record host key in \(target.knownHostsFile): \(String(cString: strerror(errno)))")
        }
    }
}
