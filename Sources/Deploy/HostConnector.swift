import Inventory
import SSH

/// Opens a host's `RemoteHost`: over SSH in a real run, a fake in the run logic's unit tests.
public struct HostConnector: Sendable {
    public var open: @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost

    public init(open: @escaping @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost) {
        self.open = open
    }

    /// An SSH connection as the login user; with `ansible_become`, a `SudoHost` over it.
    public static let ssh = HostConnector { host, options in
        let login = try SSHConnection.connect(to: try HostTarget.make(for: host, options: options))
        guard let become = try BecomeSettings.make(for: host, options: options) else { return login }
        do {
            return try SudoHost.open(over: login, settings: become, host: host.name)
        } catch {
            login.close()
            throw error
        }
    }
}
