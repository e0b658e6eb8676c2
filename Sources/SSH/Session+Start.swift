import Foundation
internal import CLibSSH2
import Logging

extension Session {
    /// A session over `transport` that is ready for channels: handshake, host-key check against
    /// `target`'s known_hosts files and policy (before any credential is sent), authentication.
    /// Owns `transport` from the first line on (closed on failure).
    static func start(over transport: StreamTransport, target: SSHTarget, deadline: Date,
                      logger: Logger) throws -> (Session, OfferedKey) {
        let session = try Session(transport: transport, host: target.host)
        let handshake = try session.call("during the SSH handshake with \(target.displayName)", deadline: deadline) {
            libssh2_session_handshake(session.raw, transport.fd)
        }
        try session.check(handshake, .handshake, "SSH handshake with \(target.displayName)")
        let hostKey = try HostKeyCheck.verify(session: session, target: target, logger: logger)
        try Authentication.authenticate(session: session, target: target, deadline: deadline)
        return (session, hostKey)
    }
}
