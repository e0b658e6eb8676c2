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
    /// Every secret value of the file, planned or held now: the secrets' values inside planned
    /// values, values secret as a whole, the current values of secret settings, each line of a
    /// secret file. Free text about the host is masked with them (`SecretMask(freeTextOf:)`).
    /// Sorted, no duplicates.
    public var secrets: [String]
    /// The whole content is secret (credentials files): output shows it as `<secret>`.
    public var isSecret: Bool
    /// The settings whose values output masks (`ContentMask`), in the planned content and in the
    /// host's current one.
    public var secretSettings: [SecretSetting]

    public init(path: String, content: String, owner: String, group: String, mode: UInt32, secrets: [String] = [],
                isSecret: Bool = false, secretSettings: [SecretSetting] = []) {
        self.path = path
        self.content = content
        self.owner = owner
        self.group = group
        self.mode = mode
        self.secrets = secrets
        self.isSecret = isSecret
        self.secretSettings = secretSettings
    }

    /// The file as output may print it: `content` masked by `ContentMask`, no secret values kept.
    public var masked: PlannedFile {
        var file = self
        file.content = ContentMask(self).shown(content)
        file.secrets = []
        file.secretSettings = []
        return file
    }
}

extension HostPlan {
    /// The plan as output may print it (`plan --json`): every file `masked`.
    public var masked: HostPlan {
        var plan = self
        plan.files = files.map(\.masked)
        return plan
    }
}
