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
    /// A failure to reach the server that may pass on a later try: the TCP connect was refused,
    /// reset or timed out, or the connection dropped or timed out during the SSH handshake.
    /// Never a host-key or authentication failure. Connect retries retry only these.
    public var isTransient: Bool
    /// How many times the connect was tried before this failure (1 when it was not retried);
    /// nil for failures after the connection was made.
    public var connectAttempts: Int?
    /// The bastion (ProxyJump hop, as `user@host` or `user@[host]:port`) or the proxy command
    /// whose failure made this one; nil when the failure is the host's own. `kind` is then the
    /// hop's: a bastion's changed key is `.hostKeyChanged` with `hop` set.
    public var hop: String?

    public init(_ kind: Kind, host: String, _ message: String, hop: String? = nil) {
        self.kind = kind
        self.host = host
        self.message = message
        isTransient = kind == .connect || kind == .connectTimeout
        self.hop = hop
    }

    public var description: String { "\(host): \(message)" }

    /// This failure of hop `hop` (a bastion), as the host behind it reports it:
    /// "via bastion root@10.250.0.2: <what happened to the bastion>". A failure that already
    /// names a hop (one further out) keeps its own.
    func seen(from host: String, via hop: String, what: String = "bastion") -> SSHError {
        if self.hop != nil { return SSHError(kind, host: host, message, hop: self.hop) }
        return SSHError(kind, host: host, "via \(what) \(hop): \(message)", hop: hop)
    }
}
