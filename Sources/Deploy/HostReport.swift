/// The outcome of one host in a deploy, as the final table and `--report` show it.
public struct HostReport: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case unchanged, changed, wouldChange = "would change", failed, interrupted
    }

    public var host: String
    public var status: Status
    public var changedFiles: [String] = []
    public var packagesInstalled: [String] = []
    public var restarted: [String] = []
    public var started: [String] = []
    public var oneShots: [String] = []
    /// `ok`, `skipped`, or nil when no service was checked.
    public var health: String?
    public var release: String?
    public var seconds: Double = 0
    /// Phase and reason of a failure, secrets masked.
    public var error: String?
    /// Unified diff of the changed files, secrets masked (`--diff`, `--check`).
    public var diff: String?
    public var warnings: [String] = []
    /// A stale lock of a dead run that this deploy took over.
    public var recoveredLock: String?

    public init(host: String, status: Status) {
        self.host = host
        self.status = status
    }
}
