import Basics

/// Groups and hosts with Ansible's `InventoryData` rules: implicit `all` and `ungrouped`,
/// acyclic children, and the reconcile step that hangs top-level groups under `all`.
struct InventoryGraph: Sendable, Equatable {
    private(set) var groups: [String: InventoryGroup] = [:]
    /// Group names in the order first declared, starting with `all`, `ungrouped`.
    private(set) var groupOrder: [String] = []
    var hosts: [String: HostRecord] = [:]
    private(set) var hostOrder: [String] = []

    init() {
        addGroup("all", at: nil)
        addGroup("ungrouped", at: nil)
        groups["all"]?.children = ["ungrouped"]
        groups["ungrouped"]?.parents = ["all"]
    }

    mutating func addGroup(_ name: String, at location: SourceLocation?) {
        if groups[name] == nil {
            groups[name] = InventoryGroup(name: name, location: location)
            groupOrder.append(name)
        } else if groups[name]?.location == nil {
            groups[name]?.location = location
        }
    }

    /// Adds the host unless it exists, then puts it in the group unless it is there already.
    mutating func addHost(_ name: String, to group: String, port: Int?, at location: SourceLocation) {
        let joins = groups[group] != nil
        let membership = HostRecord.Membership(group: group, line: location.line)
        if let record = hosts[name] {
            guard joins, !record.memberships.contains(where: { $0.group == group }) else { return }
            hosts[name]?.memberships.append(membership)
        } else {
            var record = HostRecord(name: name, location: location, memberships: joins ? [membership] : [])
            if let port, port != 0 {
                record.vars["ansible_port"] = InventoryVariable(value: .integer(String(port)), text: String(port), location: location)
            }
            hosts[name] = record
            hostOrder.append(name)
        }
        if joins { groups[group]?.hosts.append(name) }
    }

    /// Room for `count` more hosts, so that a large range does not regrow the table many times.
    mutating func reserveHosts(_ count: Int) {
        hosts.reserveCapacity(hosts.count + count)
    }

    /// The line that first put the host in the group, if it is there.
    func membershipLine(ofHost host: String, in group: String) -> Int? {
        hosts[host]?.memberships.first { $0.group == group }?.line
    }

    mutating func addChild(_ child: String, to parent: String, at location: SourceLocation) throws(UserError) {
        guard child != parent else {
            throw UserError("group '\(child)' cannot be a child of itself", at: location)
        }
        guard groups[parent]?.children.contains(child) == false else { return }
        if ancestors(of: parent).contains(child) {
            throw UserError("adding group '\(child)' as child to '\(parent)' creates a recursive dependency loop", at: location)
        }
        groups[parent]?.children.append(child)
        if groups[child]?.parents.contains(parent) == false { groups[child]?.parents.append(parent) }
    }

    func ancestors(of group: String) -> Set<String> {
        var seen: Set<String> = []
        var pending = groups[group]?.parents ?? []
        while let next = pending.popLast() {
            if seen.insert(next).inserted { pending += groups[next]?.parents ?? [] }
        }
        return seen
    }

    /// The groups the host is directly in, in the order it joined them. Hosts with the same
    /// list are in the same groups (`groupNames`), so callers may share work between them.
    func directGroups(ofHost host: String) -> [String] {
        hosts[host]?.memberships.map(\.group) ?? []
    }

    /// Every group the host is in, directly or through children, `all` included.
    func groupNames(ofHost host: String) -> Set<String> {
        groupNames(ofDirectGroups: directGroups(ofHost: host))
    }

    func groupNames(ofDirectGroups direct: [String]) -> Set<String> {
        var result: Set<String> = []
        for name in direct {
            result.insert(name)
            result.formUnion(ancestors(of: name))
        }
        return result
    }

    /// Every host in the group, directly or through children: the hosts whose
    /// `groupNames(ofHost:)` contain it, found from the group down instead of host by host.
    func memberHosts(of group: String) -> Set<String> {
        var members: Set<String> = []
        var visited: Set<String> = []
        var pending = [group]
        while let next = pending.popLast() {
            guard visited.insert(next).inserted, let found = groups[next] else { continue }
            members.formUnion(found.hosts)
            pending += found.children
        }
        return members
    }

    /// Ansible's `reconcile_inventory`: parentless groups join `all`; a host in another group
    /// leaves `ungrouped`; a host in no group joins it. Then depths are computed.
    mutating func reconcile() {
        for name in groupOrder where name != "all" && groups[name]?.parents.isEmpty == true {
            groups["all"]?.children.append(name)
            groups[name]?.parents.append("all")
        }
        var leavingUngrouped: Set<String> = []
        var groupNamesByDirectGroups: [[String]: Set<String>] = [:]
        for host in hostOrder {
            let direct = directGroups(ofHost: host)
            let memberOf = groupNamesByDirectGroups[direct] ?? groupNames(ofDirectGroups: direct)
            groupNamesByDirectGroups[direct] = memberOf
            if memberOf.contains("ungrouped") {
                if !memberOf.subtracting(["all", "ungrouped"]).isEmpty { leavingUngrouped.insert(host) }
            } else if memberOf.subtracting(["all"]).isEmpty {
                groups["ungrouped"]?.hosts.append(host)
                hosts[host]?.memberships.append(HostRecord.Membership(group: "ungrouped", line: 0))
            }
        }
        groups["ungrouped"]?.hosts.removeAll { leavingUngrouped.contains($0) }
        for host in leavingUngrouped { hosts[host]?.memberships.removeAll { $0.group == "ungrouped" } }
        let parents = groups.mapValues(\.parents)
        var depths: [String: Int] = [:]
        func depth(_ name: String) -> Int {
            if let known = depths[name] { return known }
            let value = (parents[name] ?? []).map { depth($0) + 1 }.max() ?? 0
            depths[name] = value
            return value
        }
        for name in groupOrder {
            let value = depth(name)
            groups[name]?.depth = value
        }
    }

    mutating func setGroupVariable(_ group: String, _ key: String, _ variable: InventoryVariable) {
        groups[group]?.vars[key] = variable
    }

    mutating func setPriority(_ group: String, _ priority: Int) {
        groups[group]?.priority = priority
    }

    mutating func setGroupFileVars(_ group: String, _ vars: [String: InventoryVariable]) {
        groups[group]?.fileVars = vars
    }
}
