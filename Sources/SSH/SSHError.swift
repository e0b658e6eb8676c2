/// A failure talking to one host. `kind` is what tests and callers compare; `description` is the
/// sentence a user reads, naming the host and what was attempted. It never holds command text,
/// file contents or secrets.
public struct SSHError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case resolve
        case connect
        case connectTimeout
        case handshake
        case hostKeyUnknown
        case hostKeyChanged
        /// The key is on a known_hosts `@revoked` line: refused whatever other lines say.
        case hostKeyRevoked
        case knownHostsUnreadable
        case authentication
        case timeout
        case channel
        case sftp
        case disconnected
    }

    public var kind: Kind
    public var host: String
    public var message: String

    public init(_ kind: Kind, host: String, _ message: String) {
        self.kind = kind
        self.host = host
        self.message = message
    }

    public var description: String { "\(host): \(message)" }
}
