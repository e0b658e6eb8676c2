import Foundation
internal import CLibSSH2

/// The host key the server sent during the handshake (`libssh2_session_hostkey`), copied out
/// of the session. Public material only.
struct OfferedKey: Sendable, Equatable {
    /// e.g. `ssh-ed25519`, as known_hosts spells it.
    let typeName: String
    /// The SSH wire encoding of the public key: what known_hosts holds in base64.
    let blob: Data
    /// `SHA256:` and unpadded base64, as `ssh` prints it.
    let fingerprint: String

    /// e.g. `ssh-ed25519 SHA256:…`.
    var description: String { "\(typeName) \(fingerprint)" }

    init(session: Session, host: String) throws {
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session.raw, &length, &type), length > 0 else {
            throw SSHError(.handshake, host: host, "the server sent no host key")
        }
        typeName = Self.keyTypeName(type)
        blob = Data(bytes: key, count: length)
        fingerprint = Self.sha256Fingerprint(session)
    }

    static func sha256Fingerprint(_ session: Session) -> String {
        guard let hash = libssh2_hostkey_hash(session.raw, LIBSSH2_HOSTKEY_HASH_SHA256) else { return "SHA256:?" }
        let base64 = Data(bytes: hash, count: 32).base64EncodedString().replacingOccurrences(of: "=", with: "")
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
}
