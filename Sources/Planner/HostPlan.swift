import Playbook

/// Everything one host must look like after a deploy: the planner's output, `Codable` so that
/// `plan`, `--diff` and `--report` render the same value.
public struct HostPlan: Sendable, Equatable, Codable {
    public var host: String
    public var files: [PlannedFile]
    public var packages: [PackageRequirement]
    public var services: [ServiceSpec]
    public var oneShots: [OneShotCommand]
    public var warnings: [String]

    public init(host: String, files: [PlannedFile] = [], packages: [PackageRequirement] = [],
                services: [ServiceSpec] = [], oneShots: [OneShotCommand] = [], warnings: [String] = []) {
        self.host = host
        self.files = files
        self.packages = packages
        self.services = services
        self.oneShots = oneShots
        self.warnings = warnings
    }
}

/// A file's complete wanted state.
public struct PlannedFile: Sendable, Equatable, Codable {
    public var path: String
    public var content: String
    public var owner: String
    public var group: String
    public var mode: UInt32
    /// Secret values to mask as `<secret>` in any output: the planned ones, and those the file
    /// holds now that the plan replaces or purges (they show up in diffs). Sorted, no duplicates.
    public var secrets: [String]

    public init(path: String, content: String, owner: String, group: String, mode: UInt32, secrets: [String] = []) {
        self.path = path
        self.content = content
        self.owner = owner
        self.group = group
        self.mode = mode
        self.secrets = secrets
    }
}
