import Inventory

/// One play: a host pattern bound to roles with their parameters.
public struct Play: Sendable, Equatable {
    public var name: String?
    /// An inventory host pattern (`controllers`, `ctl0*`, `all`), matched by the caller.
    public var hosts: String
    public var roles: [RoleInstance]
    /// Rolling restart batches as Ansible's `serial` (`1`, `"25%"` or a list of them); empty: all at once.
    public var serial: [SerialStep]
    /// Commands run on a host before / after its services restart (may use `{{ var }}`).
    public var preRestart: [String]
    public var postRestart: [String]
    public var location: SourceLocation

    public init(name: String? = nil, hosts: String, roles: [RoleInstance], serial: [SerialStep] = [],
                preRestart: [String] = [], postRestart: [String] = [], location: SourceLocation) {
        self.name = name
        self.hosts = hosts
        self.roles = roles
        self.serial = serial
        self.preRestart = preRestart
        self.postRestart = postRestart
        self.location = location
    }
}

public enum SerialStep: Sendable, Equatable, Hashable, Codable {
    case count(Int)
    /// Percent of the play's hosts, rounded down, at least 1.
    case percent(Int)
}

/// One role of a play with its parameters as written.
public struct RoleInstance: Sendable, Equatable {
    /// The puppet-glance class name.
    public var role: String
    /// For defines (multistore backends): the instance id, which is also its INI section.
    public var id: String?
    public var parameters: [YAMLEntry]
    /// Where the role's name (or, for a list item, the instance) was written.
    public var location: SourceLocation

    public init(role: String, id: String? = nil, parameters: [YAMLEntry], location: SourceLocation) {
        self.role = role
        self.id = id
        self.parameters = parameters
        self.location = location
    }

    /// `glance::backend::multistore::rbd[ceph1]` for a define, else the role name.
    public var displayName: String { id.map { "\(role)[\($0)]" } ?? role }
}
