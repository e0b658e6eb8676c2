import Foundation
internal import CLibSSH2

/// One connection to ssh-agent through libssh2 (`libssh2_agent_init` … `libssh2_agent_free`):
/// the identities it holds, and public-key authentication signed by one of them.
///
/// Thread rule: as its session; `authenticate` runs under the connection's lock.
final class Agent {
    /// One key the agent holds. `blob` is the SSH wire encoding of its public key.
    struct Identity {
        let blob: Data
        let comment: String
        fileprivate let pointer: UnsafeMutablePointer<libssh2_agent_publickey>
    }

    private let raw: OpaquePointer
    /// The scratch session of `identities(socket:)`; nil when the agent serves a real session.
    private let ownedSession: OpaquePointer?
    let identities: [Identity]

    /// Connects to the agent at `socket` (nil: `SSH_AUTH_SOCK`) and lists its identities;
    /// nil when there is no agent to reach (no socket, nothing listening, a broken answer).
    convenience init?(session: Session, socket: String?) {
        self.init(raw: session.raw, owned: nil, socket: socket)
    }

    private init?(raw session: OpaquePointer, owned: OpaquePointer?, socket: String?) {
        guard let path = socket ?? ProcessEnvironment.value("SSH_AUTH_SOCK"), let agent = libssh2_agent_init(session) else {
            if let owned { libssh2_session_free(owned) }
            return nil
        }
        libssh2_agent_set_identity_path(agent, path)
        guard libssh2_agent_connect(agent) == 0, libssh2_agent_list_identities(agent) == 0 else {
            libssh2_agent_disconnect(agent)
            libssh2_agent_free(agent)
            if let owned { libssh2_session_free(owned) }
            return nil
        }
        var found: [Identity] = []
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
        while libssh2_agent_get_identity(agent, &identity, previous) == 0, let current = identity {
            let key = current.pointee
            let blob = key.blob.map { Data(bytes: $0, count: key.blob_len) } ?? Data()
            found.append(Identity(blob: blob, comment: key.comment.map { String(cString: $0) } ?? "", pointer: current))
            previous = current
        }
        raw = agent
        ownedSession = owned
        identities = found
    }

    deinit {
        libssh2_agent_disconnect(raw)
        libssh2_agent_free(raw)
        if let ownedSession { libssh2_session_free(ownedSession) }
    }

    /// The public keys the agent at `socket` holds, read before any connection is made (a
    /// session that never gets a socket hosts the agent handle: the agent calls only use it
    /// for memory and errors). Empty when there is no agent.
    static func publicKeys(socket: String?) -> [Data] {
        guard Session.libraryReady, let scratch = libssh2_session_init_ex(nil, nil, nil, nil) else { return [] }
        return Agent(raw: scratch, owned: scratch, socket: socket)?.identities.map(\.blob) ?? []
    }

    /// `libssh2_agent_userauth` with `identity`: 0 when the server accepted it, else a libssh2 status.
    func authenticate(_ identity: Identity, user: String, session: Session, deadline: Date) throws -> Int32 {
        try session.call("authenticating with ssh-agent", deadline: deadline) {
            libssh2_agent_userauth(raw, user, identity.pointer)
        }
    }
}
