import Basics

extension Inventory {
    /// Hosts selected by an Ansible host pattern (`--limit`), in inventory order within each
    /// part; a part that matches nothing is a `UserError` naming it.
    public func hosts(matching pattern: String) throws -> [InventoryHost] {
        let names = try HostPattern(inventory: self).hosts(matching: pattern)
        let byName = Dictionary(hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return names.compactMap { byName[$0] }
    }

    /// `ansible-inventory -i FILE --list`: the same JSON text, key order and typing.
    public func ansibleListJSON() -> String {
        var top: [String: InventoryValue] = [:]
        for group in groups {
            var entry: [String: InventoryValue] = [:]
            if group.name != "all" && !group.hosts.isEmpty { entry["hosts"] = .list(group.hosts.map(InventoryValue.string)) }
            if !group.children.isEmpty { entry["children"] = .list(group.children.map(InventoryValue.string)) }
            if !entry.isEmpty { top[group.name] = .map(entry) }
        }
        var hostvars: [String: InventoryValue] = [:]
        for name in hostOrder {
            let values = shownValues(of: name)
            if !values.isEmpty { hostvars[name] = .map(values) }
        }
        top["_meta"] = .map(["hostvars": .map(hostvars), "profile": .string("inventory_legacy")])
        return InventoryValue.map(top).json()
    }

    /// `ansible-inventory -i FILE --host NAME`: the host's merged variables as JSON.
    public func ansibleHostJSON(_ name: String) throws -> String {
        guard host(named: name) != nil else {
            throw UserError("unknown host '\(name)'" + NearestName.hint(for: name, among: hostOrder))
        }
        return InventoryValue.map(shownValues(of: name)).json()
    }

    /// A host's typed variables as output shows them: a password variable (`SecretVariables`)
    /// as `<secret>`, the one way this output differs from ansible-inventory's.
    private func shownValues(of host: String) -> [String: InventoryValue] {
        var values = variableValues(of: host)
        for name in values.keys where SecretVariables.contains(name) { values[name] = .string(SecretVariables.masked) }
        return values
    }
}
