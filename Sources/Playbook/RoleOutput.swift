/// What one role (one puppet-glance class) yields for one host, before any fact is known.
/// The planner merges the outputs of all roles of a host into a `HostPlan`.
public struct RoleOutput: Sendable, Equatable, Codable {
    /// The puppet-glance class name, e.g. `glance::api`.
    public var role: String
    public var settings: [ConfigSetting]
    /// Files rendered whole (policy.yaml, cron entries), not edited key by key.
    public var wholeFiles: [WholeFile]
    public var packages: [PackageRequirement]
    public var services: [ServiceSpec]
    public var oneShots: [OneShotCommand]
    /// Non-fatal notes for the user (removed parameters translated, and so on).
    public var warnings: [String]
    /// INI files this role renders with `purge_config`: every key it does not manage is dropped.
    public var purgedFiles: [String]

    public init(
        role: String, settings: [ConfigSetting] = [], wholeFiles: [WholeFile] = [],
        packages: [PackageRequirement] = [], services: [ServiceSpec] = [],
        oneShots: [OneShotCommand] = [], warnings: [String] = [], purgedFiles: [String] = []
    ) {
        self.role = role
        self.settings = settings
        self.wholeFiles = wholeFiles
        self.packages = packages
        self.services = services
        self.oneShots = oneShots
        self.warnings = warnings
        self.purgedFiles = purgedFiles
    }
}

/// One `key = value` in one section of one INI file, or its removal.
public struct ConfigSetting: Sendable, Equatable, Hashable, Codable {
    public enum Value: Sendable, Equatable, Hashable, Codable {
        case set(String)
        /// Several `key = value` lines for one key (oslo's MultiStrOpt, e.g. notification drivers).
        case multi([String])
        case absent
    }

    /// Absolute path on the node, e.g. `/etc/glance/glance-api.conf`.
    public var file: String
    public var section: String
    public var key: String
    public var value: Value
    /// Passwords, keys, URLs with credentials: never printed, files holding one are 0640 root:glance.
    public var isSecret: Bool
    /// The values of the secrets interpolated into `value` (free text is masked with them).
    public var secretValues: [String]
    /// For a secret setting, `value` as output shows it: each secret interpolated into it as
    /// `<secret>`, the rest (the playbook's text, host variables) as it is. nil when the whole
    /// value is secret (a secret parameter given literally, `secret: true`, a value a role
    /// derived from secrets).
    public var maskedValue: Value?

    public init(file: String, section: String, key: String, value: Value, isSecret: Bool = false,
                secretValues: [String] = [], maskedValue: Value? = nil) {
        self.file = file
        self.section = section
        self.key = key
        self.value = value
        self.isSecret = isSecret
        self.secretValues = secretValues
        self.maskedValue = maskedValue
    }

    /// Merges what is secret about `other`, the same key set to the same value by another role:
    /// a value the two mask differently, or either masks whole, is masked whole.
    public mutating func takeSecrecy(of other: ConfigSetting) {
        guard other.isSecret else { return }
        secretValues += other.secretValues.filter { !secretValues.contains($0) }
        maskedValue = !isSecret || maskedValue == other.maskedValue ? other.maskedValue : nil
        isSecret = true
    }
}

public struct WholeFile: Sendable, Equatable, Hashable, Codable {
    public var path: String
    public var content: String
    public var owner: String
    public var group: String
    /// Permission bits, e.g. 0o640.
    public var mode: UInt32
    public var isSecret: Bool

    public init(path: String, content: String, owner: String = "root", group: String = "glance",
                mode: UInt32 = 0o640, isSecret: Bool = false) {
        self.path = path
        self.content = content
        self.owner = owner
        self.group = group
        self.mode = mode
        self.isSecret = isSecret
    }
}

public struct PackageRequirement: Sendable, Equatable, Hashable, Codable {
    public enum Ensure: Sendable, Equatable, Hashable, Codable {
        case present
        case latest
        case absent
        /// An exact Debian version, as `apt-get install name=version` takes it.
        case version(String)
    }

    public var name: String
    public var ensure: Ensure
    /// A change of this package restarts these services (main packages do, support packages don't).
    public var restarts: [String]

    public init(name: String, ensure: Ensure = .present, restarts: [String] = []) {
        self.name = name
        self.ensure = ensure
        self.restarts = restarts
    }
}

public struct ServiceSpec: Sendable, Equatable, Hashable, Codable {
    public var name: String
    /// true: running (started if found stopped); false: stopped.
    public var running: Bool
    public var enabled: Bool
    /// Files whose change restarts this service.
    public var restartedBy: [String]
    /// Health check after a (re)start; nil when the service has none.
    public var health: HealthCheck?

    public init(name: String, running: Bool = true, enabled: Bool = true,
                restartedBy: [String] = [], health: HealthCheck? = nil) {
        self.name = name
        self.running = running
        self.enabled = enabled
        self.restartedBy = restartedBy
        self.health = health
    }
}

public struct HealthCheck: Sendable, Equatable, Hashable, Codable {
    /// e.g. `http://127.0.0.11:9292/versions`
    public var url: String
    /// Optional validation run on the node after the URL answers (the tutorial's `glance image-list`).
    public var validationCommand: String?

    public init(url: String, validationCommand: String? = nil) {
        self.url = url
        self.validationCommand = validationCommand
    }
}

extension HealthCheck {
    /// The host part of a URL a check on the node itself uses for a service bound to `bindHost`:
    /// 127.0.0.1 for none or a wildcard, an IPv6 address in brackets.
    static func localHost(bindHost: String?) -> String {
        guard let host = bindHost, !["0.0.0.0", "::", "[::]"].contains(host) else { return "127.0.0.1" }
        return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}

/// A command run at most once per deploy, after files and packages, before services
/// (e.g. `glance-manage db_sync`). `onceAcrossHosts` runs it on the first matching host only.
public struct OneShotCommand: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var command: String
    /// Run as this user (`su -s /bin/sh USER -c`), nil for root.
    public var user: String?
    public var onceAcrossHosts: Bool
    /// Run only when one of these files or packages changed (puppet's refreshonly).
    public var triggeredBy: [String]
    /// Seconds it may take; nil for the node's default (`NodeTimeout.oneShot`).
    public var timeout: Double?

    public init(id: String, command: String, user: String? = nil, onceAcrossHosts: Bool = false,
                triggeredBy: [String] = [], timeout: Double? = nil) {
        self.id = id
        self.command = command
        self.user = user
        self.onceAcrossHosts = onceAcrossHosts
        self.triggeredBy = triggeredBy
        self.timeout = timeout
    }
}
