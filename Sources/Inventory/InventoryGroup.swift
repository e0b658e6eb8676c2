import Basics

/// A group as the inventory declares it. `hosts` and `children` are direct members, in the
/// order Ansible adds them; `vars` come from `[name:vars]`, `fileVars` from group_vars/.
public struct InventoryGroup: Sendable, Equatable {
    public var name: String
    public var hosts: [String] = []
    public var children: [String] = []
    public var parents: [String] = []
    public var vars: [String: InventoryVariable] = [:]
    public var fileVars: [String: InventoryVariable] = [:]
    /// `ansible_group_priority`: among groups of the same depth, higher priority wins.
    public var priority = 1
    /// Longest path from `all` (0); deeper groups override shallower ones.
    public var depth = 0
    /// The section header that declared it; nil for `all` and `ungrouped` unless written.
    public var location: SourceLocation?

    public init(name: String, location: SourceLocation? = nil) {
        self.name = name
        self.location = location
    }
}

/// A host as the inventory declares it, before merging.
struct HostRecord: Sendable, Equatable {
    /// A group the host is directly in, and the line that first put it there (0: `reconcile`).
    struct Membership: Sendable, Equatable {
        var group: String
        var line: Int
    }

    var name: String
    var vars: [String: InventoryVariable] = [:]
    var fileVars: [String: InventoryVariable] = [:]
    var location: SourceLocation
    /// In the order the host joined the groups. Kept here rather than found by scanning each
    /// group's host list, which made loading a large range quadratic.
    var memberships: [Membership] = []
}
