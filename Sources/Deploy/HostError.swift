import SSH

/// A failure on one host during one phase; the other hosts go on. The message names the host,
/// the phase and what was involved (path, command, limit), never a secret.
public struct HostError: Error, Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var phase: String
    public var message: String
    /// sudo refused the become password, or wanted one that was not given (`SudoHost.open`):
    /// the operator's input rather than the host's state.
    public var isBecomeCredentials = false

    public init(host: String, phase: String, _ message: String) {
        self.host = host
        self.phase = phase
        self.message = message
    }

    public var description: String { "\(host): \(phase): \(message)" }
}

extension HostError {
    /// How a host's failure reads in a report: `phase: message`, or `ssh: message`.
    static func describe(_ error: Error) -> String {
        switch error {
        case let error as HostError: return "\(error.phase): \(error.message)"
        case let error as SSHError: return "ssh: \(error.message)"
        default: return "\(error)"
        }
    }
}
