import Inventory
import SSH

/// Opens a host's `RemoteHost`: over SSH in a real run, a fake in the run logic's unit tests.
public struct HostConnector: Sendable {
    public var open: @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost

    public init(open: @escaping @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost) {
        self.open = open
    }

    /// `SSHConnection.connectRetrying`: transient failures (refused, reset, timed out before or
    /// during the handshake) are tried again as the host's settings say (`--connect-retries`,
    /// `ansible_ssh_retries`, `ConnectionAttempts`), each retry logged at info level (`-v`).
    public static let ssh = HostConnector { host, options in
        try SSHConnection.connectRetrying(to: try HostTarget.make(for: host, options: options), backoff: options.backoff)
    }
}
