import Foundation
internal import CLibSSH2
import Logging

extension Session {
    /// A session over `transport` that is ready for channels: handshake, host-key check against
    /// `target`'s known_hosts files and policy (before any credential is sent), authentication.
    /// Owns `transport` from the first line on (closed on failure).
    static func start(over transport: StreamTransport, target: SSHTarget, credentials: Authentication.Credentials,
                      deadline: Date, logger: Logger) throws -> (Session, OfferedKey) {
        let session = try Session(transport: transport, host: target.host)
        try SSHConnection.handshake(session, socket: transport.fd, target: target, deadline: deadline)
        let hostKey = try HostKeyCheck.verify(session: session, target: target, logger: logger)
        try Authentication.authenticate(session: session, target: target, credentials: credentials, deadline: deadline)
        return (session, hostKey)
    }
}
