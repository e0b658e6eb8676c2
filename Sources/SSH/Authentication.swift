import Foundation
internal import CLibSSH2

/// Public-key authentication with a key file or ssh-agent, as OpenSSH does it:
///
/// - With a key file (`SSHTarget.identityFile`): when the agent holds that key (matched by its
///   public key, `KeyFile.publicKey`), the agent signs; otherwise the file itself does (with its
///   passphrase, settled by `prepare` before connecting). Only that key is offered, as
///   IdentitiesOnly does, so an agent with many keys never runs into the server's MaxAuthTries.
/// - Without one: every agent key, then `~/.ssh/id_ed25519`, `id_rsa`, `id_ecdsa` (those the
///   agent already offered are skipped; encrypted ones are skipped, naming ssh-add).
///
/// On failure the error names the methods the server offered and each attempt with its
/// outcome, never a secret.
enum Authentication {
    /// What the key file needs, settled before any connection: asking for a passphrase must not
    /// happen while a server waits for us (LoginGraceTime, MaxStartups, the connect deadline).
    struct Credentials {
        var keyFile: KeyFile?
        /// The key file's passphrase, when it is encrypted and the agent does not hold it.
        var passphrase: KeyPassphrase?
    }

    /// Reads the key file's public part and, when it is encrypted and ssh-agent does not hold
    /// it, gets its passphrase (asked once per file) or fails saying what to do.
    static func prepare(_ target: SSHTarget) throws -> Credentials {
        guard let path = target.identityFile else { return Credentials() }
        let key = KeyFile(path: path)
        guard key.isEncrypted else { return Credentials(keyFile: key) }
        if let blob = key.publicKey, Agent.publicKeys(socket: target.agentSocket).contains(blob) {
            return Credentials(keyFile: key)
        }
        let advice = "add it to ssh-agent (ssh-add \(path))"
        if target.batchMode {
            throw SSHError(.authentication, host: target.host,
                           "key file \(path) is protected by a passphrase; \(advice): BatchMode=yes never asks for it")
        }
        guard target.keyPassphrases.canAsk else {
            throw SSHError(.authentication, host: target.host,
                           "key file \(path) is protected by a passphrase; \(advice) or run on a terminal")
        }
        guard let passphrase = target.keyPassphrases.passphrase(for: path) else {
            throw SSHError(.authentication, host: target.host,
                           "key file \(path) is protected by a passphrase and none was given; \(advice) or enter it when asked")
        }
        return Credentials(keyFile: key, passphrase: passphrase)
    }

    static func authenticate(session: Session, target: SSHTarget, credentials: Credentials, deadline: Date) throws {
        let user = target.user
        let offered = try offeredMethods(session: session, user: user, deadline: deadline)
        if libssh2_userauth_authenticated(session.raw) != 0 { return }
        var attempt = Attempt(session: session, target: target, deadline: deadline)
        if offered.contains("publickey") {
            if let key = credentials.keyFile {
                if try attempt.named(key, passphrase: credentials.passphrase) { return }
            } else if try attempt.defaults() {
                return
            }
        }
        let offeredText = offered.isEmpty ? "nothing" : offered.joined(separator: ",")
        let triedText = attempt.tried.isEmpty ? "nothing usable (only publickey is supported)" : attempt.tried.joined(separator: "; ")
        throw SSHError(.authentication, host: target.host,
                       "permission denied for \(user)@\(target.displayName): server offered \(offeredText); tried \(triedText)")
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

    /// The keys offered on one connection, and what became of each (`tried`, for the error).
    private struct Attempt {
        let session: Session
        let target: SSHTarget
        let deadline: Date
        var tried: [String] = []

        init(session: Session, target: SSHTarget, deadline: Date) {
            self.session = session
            self.target = target
            self.deadline = deadline
        }

        var user: String { target.user }

        /// The named key only: through the agent when it holds it, else from the file.
        mutating func named(_ key: KeyFile, passphrase: KeyPassphrase?) throws -> Bool {
            if let blob = key.publicKey, let agent = Agent(session: session, socket: target.agentSocket),
               let identity = agent.identities.first(where: { $0.blob == blob }) {
                let rc = try agent.authenticate(identity, user: user, session: session, deadline: deadline)
                if rc == 0 { return true }
                if Self.isLost(rc, session: session) { throw lostError(rc, "authenticating with ssh-agent") }
                if Self.isRejection(rc) {
                    // The same key from the file would be refused again (and cost another try).
                    tried.append("key file \(key.path) through ssh-agent (\(rejection(of: key)))")
                    return false
                }
                tried.append("key file \(key.path) through ssh-agent (the agent did not sign: \(session.lastErrorMessage))")
            }
            if key.isEncrypted && passphrase == nil {
                tried.append("key file \(key.path) (protected by a passphrase, and ssh-agent does not hold it)")
                return false
            }
            return try file(key, passphrase: passphrase)
        }

        /// Every agent key (with IdentitiesOnly, those of the default key files), then the
        /// default key files the agent did not already offer.
        mutating func defaults() throws -> Bool {
            var offeredByAgent: [Data] = []
            if let agent = Agent(session: session, socket: target.agentSocket) {
                let defaultKeys = Self.defaultKeyFiles().compactMap { KeyFile(path: $0).publicKey }
                let identities = agent.identities.filter { !target.identitiesOnly || defaultKeys.contains($0.blob) }
                for identity in identities {
                    offeredByAgent.append(identity.blob)
                    let rc = try agent.authenticate(identity, user: user, session: session, deadline: deadline)
                    if rc == 0 { return true }
                    if Self.isLost(rc, session: session) {
                        throw SSHError(.authentication, host: target.host, """
                            permission denied for \(user)@\(target.displayName): the server closed the connection when \
                            ssh-agent had offered \(offeredByAgent.count) of its \(identities.count) keys, all \
                            refused (sshd allows MaxAuthTries tries: "Too many authentication failures"); name the key \
                            file so that only it is offered
                            """)
                    }
                }
                let count = identities.count
                let only = target.identitiesOnly ? " of the default key files (IdentitiesOnly)" : ""
                tried.append(count == 0 ? "ssh-agent (no identities\(only))" : "ssh-agent (\(count) identities\(only), all rejected)")
            } else if let socket = target.agentSocket ?? ProcessEnvironment.value("SSH_AUTH_SOCK") {
                tried.append("ssh-agent (cannot reach \(socket))")
            }
            for path in Self.defaultKeyFiles() {
                let key = KeyFile(path: path)
                if let blob = key.publicKey, offeredByAgent.contains(blob) { continue }
                if key.isEncrypted {
                    tried.append("""
                        key file \(path) (protected by a passphrase, which is asked for only for a key file given \
                        explicitly; add it to ssh-agent (ssh-add \(path)))
                        """)
                    continue
                }
                if try file(key, passphrase: nil) { return true }
            }
            return false
        }

        /// `libssh2_userauth_publickey_fromfile_ex`; libssh2 derives the public key from the
        /// private one (decrypting it with `passphrase` first, locally: a wrong passphrase costs
        /// the server no try).
        private mutating func file(_ key: KeyFile, passphrase: KeyPassphrase?) throws -> Bool {
            let path = key.path
            guard key.isReadable else {
                tried.append("key file \(path) (cannot read it)")
                return false
            }
            let user = self.user
            let rc = try session.call("authenticating with \(path)", deadline: deadline) {
                libssh2_userauth_publickey_fromfile_ex(session.raw, user, UInt32(user.utf8.count), nil, path, passphrase?.text)
            }
            switch rc {
            case 0:
                return true
            case LIBSSH2_ERROR_FILE:
                let reason = passphrase == nil ? session.lastErrorMessage : "wrong passphrase, or a key format libssh2 cannot read"
                tried.append("key file \(path) (cannot load it: \(reason))")
            case _ where Self.isLost(rc, session: session):
                throw lostError(rc, "authenticating with key file \(path)")
            case LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED:
                tried.append("key file \(path) (\(rejection(of: key)))")
            default:
                throw session.error(rc, .authentication, "authenticating with key file \(path)")
            }
            return false
        }

        private func rejection(of key: KeyFile) -> String {
            guard key.isRSA else { return "rejected by the server" }
            return """
                rejected by the server: it is an RSA key, and libssh2 1.10 signs RSA only \
                with ssh-rsa/SHA-1, which OpenSSH 8.8 and later refuse; use an ed25519 key
                """
        }

        /// The server hung up (sshd does after MaxAuthTries refused keys: "Too many
        /// authentication failures") or the connection broke: no further key can be tried.
        /// libssh2 1.10 reports an answer that never came as PUBLICKEY_UNVERIFIED "Waiting for
        /// [publickey] USERAUTH response", and every later try on the dead session the same
        /// way at once, before the hang-up may have reached the socket.
        private static func isLost(_ rc: Int32, session: Session) -> Bool {
            switch rc {
            case LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_TIMEOUT:
                return true
            case LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED where session.lastErrorMessage.hasPrefix("Waiting for"):
                return true
            default:
                return peerClosed(session.socket)
            }
        }

        private func lostError(_ rc: Int32, _ what: String) -> SSHError {
            SSHError(.authentication, host: target.host, """
                permission denied for \(user)@\(target.displayName): the server closed the connection \(what) \
                (\(tried.isEmpty ? "" : "after " + tried.joined(separator: "; ") + "; ")libssh2: \(session.lastErrorMessage))
                """)
        }

        /// The server has hung up (sshd closes after MaxAuthTries refused keys); libssh2 then
        /// reports the next refusals as plain rejections, so the socket is asked.
        /// Linux's POLLRDHUP (the peer shut its side down), which Glibc's module does not export.
        private static let pollReadHangUp: Int16 = 0x2000

        private static func peerClosed(_ socket: Int32) -> Bool {
            var pollFD = pollfd(fd: socket, events: Int16(POLLIN) | Self.pollReadHangUp, revents: 0)
            guard poll(&pollFD, 1, 0) > 0 else { return false }
            return pollFD.revents & (Self.pollReadHangUp | Int16(POLLHUP) | Int16(POLLERR)) != 0
        }

        private static func isRejection(_ rc: Int32) -> Bool {
            rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED
        }

        private static func defaultKeyFiles() -> [String] {
            ["id_ed25519", "id_rsa", "id_ecdsa"].map { SSHTarget.homeDirectory + "/.ssh/" + $0 }
                .filter { FileManager.default.fileExists(atPath: $0) }
        }
    }
}
