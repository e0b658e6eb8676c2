import Inventory
import Playbook

public struct DeployOptions: Sendable {
    public var forks: Int
    /// Gather and diff only.
    public var check: Bool
    public var diff: Bool
    /// `--serial`: replaces every play's `serial` for the restart phase; nil keeps the plays' own.
    public var serial: [SerialStep]?
    /// Hosts that may fail in the restart phase before no further batch starts.
    public var maxFail: FailureLimit
    public var keepReleases: Int
    /// Seconds a restarted service has to answer its health check.
    public var healthTimeout: Double
    public var playbookChecksum: String
    public var connection: ConnectionOptions

    public init(forks: Int = 20, check: Bool = false, diff: Bool = false, serial: [SerialStep]? = nil,
                maxFail: FailureLimit = 0, keepReleases: Int = 10, healthTimeout: Double = 120,
                playbookChecksum: String = "", connection: ConnectionOptions = ConnectionOptions()) {
        self.forks = forks
        self.check = check
        self.diff = diff
        self.serial = serial
        self.maxFail = maxFail
        self.keepReleases = keepReleases
        self.healthTimeout = healthTimeout
        self.playbookChecksum = playbookChecksum
        self.connection = connection
    }
}

/// One host to deploy: its inventory entry, how to render its roles for a release (known
/// only once facts are gathered), the play whose `serial` batches its restart, and the
/// commands run around that restart.
public struct DeployInput: Sendable {
    public var host: InventoryHost
    public var render: @Sendable (TargetRelease) throws -> [RoleOutput]
    public var rollout: RolloutGroup
    public var hooks: RestartHooks
    /// The load balancers to drain the host from while its services restart.
    public var balancing: Balancing?

    public init(host: InventoryHost, rollout: RolloutGroup = RolloutGroup(), hooks: RestartHooks = RestartHooks(),
                balancing: Balancing? = nil, render: @escaping @Sendable (TargetRelease) throws -> [RoleOutput]) {
        self.host = host
        self.render = render
        self.rollout = rollout
        self.hooks = hooks
        self.balancing = balancing
    }
}

/// The play that batches a host's restart: hosts of one group restart in that play's
/// `serial` batches; groups go in playbook order.
public struct RolloutGroup: Sendable, Equatable {
    /// The play's position in the playbook.
    public var order: Int
    public var serial: [SerialStep]
    /// The group's hosts in this deploy: what the play's percentages count.
    public var size: Int

    public init(order: Int = 0, serial: [SerialStep] = [], size: Int = 1) {
        self.order = order
        self.serial = serial
        self.size = size
    }
}

/// A play's `pre_restart` and `post_restart` commands for one host, `{{ var }}` filled in.
public struct RestartHooks: Sendable, Equatable {
    public var pre: [String]
    public var post: [String]

    public init(pre: [String] = [], post: [String] = []) {
        self.pre = pre
        self.post = post
    }
}
