import Inventory
import SSH

/// Opens a host's `RemoteHost`: over SSH in a real run, a fake in the run logic's unit tests.
public struct HostConnector: Sendable {
    public var open: @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost

    public init(open: @escaping @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost) {
        self.open = open
    }

    /// An SSH connection as the login user (`SSHConnection.connectRetrying`: transient failures —
    /// refused, reset, timed out before or during the handshake — are tried again as the host's
    /// settings say: `--connect-retries`, `ansible_ssh_retries`, `ConnectionAttempts`, each retry
    /// logged at info level, `-v`); with `ansible_become`, a `SudoHost` over it.
    public static let ssh = HostConnector { host, options in
        let login = try SSHConnection.connectRetrying(to: try HostTarget.make(for: host, options: options),
                                                      backoff: options.backoff)
        guard let become = try BecomeSettings.make(for: host, options: options) else { return login }
        do {
            return try SudoHost.open(over: login, settings: become, host: host.name)
        } catch {
            login.close()
            throw error
        }
    }
}
