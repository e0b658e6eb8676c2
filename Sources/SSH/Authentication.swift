import Foundation
internal import CLibSSH2

/// Public-key authentication with a key file or ssh-agent. On failure the error names the
/// methods the server offered and each attempt with its outcome, never a secret.
enum Authentication {
    static func authenticate(session: Session, target: SSHTarget, deadline: Date) throws {
        let user = target.user
        let offered = try offeredMethods(session: session, user: user, deadline: deadline)
        if libssh2_userauth_authenticated(session.raw) != 0 { return }
        var tried: [String] = []
        if offered.contains("publickey") {
            let keyFiles = target.identityFile.map { [$0] } ?? defaultKeyFiles()
            if target.identityFile != nil || ProcessEnvironment.value("SSH_AUTH_SOCK") == nil {
                for keyFile in keyFiles {
                    if try tryKeyFile(keyFile, session: session, user: user, deadline: deadline, tried: &tried) { return }
                }
            }
            if target.identityFile == nil, ProcessEnvironment.value("SSH_AUTH_SOCK") != nil {
                if try tryAgent(session: session, user: user, deadline: deadline, tried: &tried) { return }
                for keyFile in keyFiles {
                    if try tryKeyFile(keyFile, session: session, user: user, deadline: deadline, tried: &tried) { return }
                }
            }
        }
        let offeredText = offered.isEmpty ? "nothing" : offered.joined(separator: ",")
        let triedText = tried.isEmpty ? "nothing usable (only publickey is supported)" : tried.joined(separator: "; ")
        throw SSHError(.authentication, host: target.host,
                       "permission denied for \(user)@\(target.displayName): server offered \(offeredText); tried \(triedText)")
    }

    private static func defaultKeyFiles() -> [String] {
        ["id_ed25519", "id_rsa", "id_ecdsa"].map { SSHTarget.homeDirectory + "/.ssh/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// PEM RSA keys say so in their header; OpenSSH-format keys carry the public key type in
    /// the clear part of their base64 body.
    private static func isRSAKey(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        if text.contains("BEGIN RSA PRIVATE KEY") { return true }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let decoded = Data(base64Encoded: body) else { return false }
        return decoded.prefix(200).range(of: Data("ssh-rsa".utf8)) != nil
    }

    private static func offeredMethods(session: Session, user: String, deadline: Date) throws -> [String] {
        while true {
            if let list = libssh2_userauth_list(session.raw, user, UInt32(user.utf8.count)) {
                return String(cString: list).split(separator: ",").map(String.init)
            }
            if libssh2_userauth_authenticated(session.raw) != 0 { return [] }
            guard session.lastErrno == LIBSSH2_ERROR_EAGAIN else {
                throw session.error(session.lastErrno, .authentication, "asking the server for its authentication methods")
            }
            try session.wait(deadline: deadline, doing: "asking for authentication methods")
        }
    }

    private static func tryKeyFile(_ path: String, session: Session, user: String, deadline: Date,
                                   tried: inout [String]) throws -> Bool {
        guard FileManager.default.isReadableFile(atPath: path) else {
            tried.append("key file \(path) (cannot read it)")
            return false
        }
        let rc = try session.call("authenticating with \(path)", deadline: deadline) {
            libssh2_userauth_publickey_fromfile_ex(session.raw, user, UInt32(user.utf8.count), nil, path, nil)
        }
        switch rc {
        case 0:
            return true
        case LIBSSH2_ERROR_FILE:
            tried.append("key file \(path) (cannot load it: \(session.lastErrorMessage))")
        case LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED:
            if isRSAKey(path) {
                tried.append("""
                    key file \(path) (rejected by the server: it is an RSA key, and libssh2 1.10 signs RSA only \
                    with ssh-rsa/SHA-1, which OpenSSH 8.8 and later refuse; use an ed25519 key)
                    """)
            } else {
                tried.append("key file \(path) (rejected by the server)")
            }
        default:
            throw session.error(rc, .authentication, "authenticating with key file \(path)")
        }
        return false
    }

    private static func tryAgent(session: Session, user: String, deadline: Date, tried: inout [String]) throws -> Bool {
        guard let agent = libssh2_agent_init(session.raw) else {
            tried.append("ssh-agent (cannot initialise)")
            return false
        }
        defer {
            libssh2_agent_disconnect(agent)
            libssh2_agent_free(agent)
        }
        guard libssh2_agent_connect(agent) == 0 else {
            tried.append("ssh-agent (cannot connect to SSH_AUTH_SOCK)")
            return false
        }
        guard libssh2_agent_list_identities(agent) == 0 else {
            tried.append("ssh-agent (cannot list identities)")
            return false
        }
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
        var count = 0
        while libssh2_agent_get_identity(agent, &identity, previous) == 0, let current = identity {
            count += 1
            let rc = try session.call("authenticating with ssh-agent", deadline: deadline) {
                libssh2_agent_userauth(agent, user, current)
            }
            if rc == 0 { return true }
            previous = current
        }
        tried.append(count == 0 ? "ssh-agent (no identities)" : "ssh-agent (\(count) identities, all rejected)")
        return false
    }
}
