import Basics
import Foundation

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
    /// The HAProxy hosts to drain a host from while it restarts.
    public var loadBalancer: LoadBalancerSetting?
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

public enum SerialStep: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// A number of hosts; 0 or less means all remaining hosts, as in Ansible.
    case count(Int)
    /// Percent of the play's hosts, rounded down, at least 1.
    case percent(Int)

    /// A `--serial`/`--batch` flag: comma-separated entries, each a count (`2`) or a percentage
    /// (`30%`).
    public static func list(_ text: String) throws -> [SerialStep] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { try parse(String($0)) }
    }

    public static func parse(_ entry: String) throws -> SerialStep {
        let text = entry.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%"), let percent = Int(text.dropLast()) { return .percent(percent) }
        if let count = Int(text) { return .count(count) }
        throw UserError("invalid serial '\(entry)': expected a number of hosts or a percentage like '30%'")
    }

    /// As `serial` is written: `2` or `30%`.
    public var description: String {
        switch self {
        case .count(let count): return "\(count)"
        case .percent(let percent): return "\(percent)%"
        }
    }

    /// The batch size this step gives when its percentages count `total` hosts.
    public func size(of total: Int) -> Int {
        switch self {
        case .count(let count): return count
        case .percent(let percent): return max(1, percent * total / 100)
        }
    }
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
