/// The outcome of one host in a deploy, as the final table and `--report` show it.
public typealias HostReport = HostOutcome<DeployDetail>

/// What a deploy did on a host.
public struct DeployDetail: Sendable, Equatable, Codable {
    public var changedFiles: [String] = []
    public var packagesInstalled: [String] = []
    public var restarted: [String] = []
    public var started: [String] = []
    public var oneShots: [String] = []
    /// `ok`, `skipped`, or nil when no service was checked.
    public var health: String?
    public var release: String?
    /// What the host runs, as gathered: `Debian 13, Glance 30` (its files were planned for it).
    public var system: String?
    /// Unified diff of the changed files, secrets masked (`--diff`, `--check`).
    public var diff: String?
    public var warnings: [String] = []
    /// A stale lock of a dead run that this deploy took over.
    public var recoveredLock: String?
    /// What was done (or, for `--check`, would be done) on the load balancers around the restart.
    public var loadBalancer: String?
    /// How many connects it took to reach the host (more than 1: transient failures were
    /// retried, `--connect-retries`), also when every one failed; nil when none was made.
    public var connectAttempts: Int?
    /// Seconds per phase of the run (connect, gather, lock, packages, release, files, waiting
    /// for the host's batch, services, health, finish…), in order.
    public var phases: [PhaseTime]?
    /// The node's convergence record vouched for the managed files: none was sent or parsed.
    public var convergedByRecord: Bool?

    public init() {}
}

extension HostOutcome where Detail == DeployDetail {
    public init(host: String, status: HostStatus) {
        self.init(host: host, status: status, detail: DeployDetail())
    }
}
