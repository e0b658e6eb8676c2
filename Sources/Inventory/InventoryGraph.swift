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

    mutating func addHost(_ name: String, to group: String, port: Int?, at location: SourceLocation) {
        if hosts[name] == nil {
            var record = HostRecord(name: name, location: location)
            if let port, port != 0 {
                record.vars["ansible_port"] = InventoryVariable(value: .integer(String(port)), text: String(port), location: location)
            }
            hosts[name] = record
            hostOrder.append(name)
        }
        if groups[group]?.hosts.contains(name) == false { groups[group]?.hosts.append(name) }
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

    /// Every group the host is in, directly or through children, `all` included.
    func groupNames(ofHost host: String) -> Set<String> {
        var result: Set<String> = []
        for name in groupOrder where groups[name]?.hosts.contains(host) == true {
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
        for host in hostOrder {
            let memberOf = groupNames(ofHost: host)
            if memberOf.contains("ungrouped") {
                if !memberOf.subtracting(["all", "ungrouped"]).isEmpty {
                    groups["ungrouped"]?.hosts.removeAll { $0 == host }
                }
            } else if memberOf.subtracting(["all"]).isEmpty {
                groups["ungrouped"]?.hosts.append(host)
            }
        }
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
