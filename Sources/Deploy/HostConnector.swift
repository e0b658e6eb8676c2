import Inventory
import SSH

/// Opens a host's `RemoteHost`: over SSH in a real run, a fake in the run logic's unit tests.
public struct HostConnector: Sendable {
    public var open: @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost

    public init(open: @escaping @Sendable (InventoryHost, ConnectionOptions) throws -> any RemoteHost) {
        self.open = open
    }

    public static let ssh = HostConnector { host, options in
        try SSHConnection.connect(to: try HostTarget.make(for: host, options: options))
    }
}
