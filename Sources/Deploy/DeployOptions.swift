import Inventory
import Playbook

public struct DeployOptions: Sendable {
    public var forks: Int
    /// Gather and diff only.
    public var check: Bool
    public var diff: Bool
    /// Ansible-style `serial` entries (`1`, `2`, `30%`) for the restart phase; empty = all at once.
    public var serial: [String]
    public var keepReleases: Int
    /// Seconds a restarted service has to answer its health check.
    public var healthTimeout: Double
    public var playbookChecksum: String
    public var connection: ConnectionOptions

    public init(forks: Int = 20, check: Bool = false, diff: Bool = false, serial: [String] = [], keepReleases: Int = 10,
                healthTimeout: Double = 120, playbookChecksum: String = "", connection: ConnectionOptions = ConnectionOptions()) {
        self.forks = forks
        self.check = check
        self.diff = diff
        self.serial = serial
        self.keepReleases = keepReleases
        self.healthTimeout = healthTimeout
        self.playbookChecksum = playbookChecksum
        self.connection = connection
    }
}

/// One host to deploy: its inventory entry and how to render its roles for a release (known
/// only once facts are gathered).
public struct DeployInput: Sendable {
    public var host: InventoryHost
    public var render: @Sendable (TargetRelease) throws -> [RoleOutput]

    public init(host: InventoryHost, render: @escaping @Sendable (TargetRelease) throws -> [RoleOutput]) {
        self.host = host
        self.render = render
    }
}
