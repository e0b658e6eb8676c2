import Playbook

/// What the gatherer found on one host, as plain values: the planner's only view of the host.
public struct HostFacts: Sendable, Equatable, Codable {
    /// Current files by absolute path; a path missing here does not exist on the host.
    public var files: [String: FileFact]
    /// Packaged templates by the path they are installed to, e.g. `/etc/glance/glance-api.conf` ->
    /// the text of `/usr/share/glance-common/glance-api.conf`: the start of a file still missing.
    public var templates: [String: String]
    /// Installed packages: name -> Debian version.
    public var packages: [String: String]
    /// Known services by name; a missing one is treated as stopped and disabled.
    public var services: [String: ServiceState]
    public var release: TargetRelease

    public init(files: [String: FileFact] = [:], templates: [String: String] = [:],
                packages: [String: String] = [:], services: [String: ServiceState] = [:],
                release: TargetRelease = .debian12Zed) {
        self.files = files
        self.templates = templates
        self.packages = packages
        self.services = services
        self.release = release
    }
}

public struct FileFact: Sendable, Equatable, Codable {
    public var content: String
    public var owner: String
    public var group: String
    /// Permission bits, e.g. 0o640.
    public var mode: UInt32

    public init(content: String, owner: String = "root", group: String = "glance", mode: UInt32 = 0o640) {
        self.content = content
        self.owner = owner
        self.group = group
        self.mode = mode
    }
}

public struct ServiceState: Sendable, Equatable, Codable {
    /// `systemctl is-active` said active.
    public var running: Bool
    /// `systemctl is-enabled` said enabled.
    public var enabled: Bool

    public init(running: Bool, enabled: Bool) {
        self.running = running
        self.enabled = enabled
    }
}
