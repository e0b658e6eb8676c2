import Basics
import Foundation
import Vault

/// One host of the inventory with its variables already merged as Ansible merges them, each
/// value as text (see `InventoryVariable.text`).
public struct InventoryHost: Sendable, Equatable {
    public var name: String
    /// Every variable but the sealed ones.
    public var vars: [String: String]
    /// The variables decrypted from Ansible Vault, with the decrypted texts in each: whatever
    /// shows them shows `<secret>`.
    public var secrets: [String: [String]]
    /// Vault-encrypted variables that no password given decrypts: using one is its error.
    public var sealed: [String: UserError]

    public init(name: String, vars: [String: String] = [:], secrets: [String: [String]] = [:],
                sealed: [String: UserError] = [:]) {
        self.name = name
        self.vars = vars
        self.secrets = secrets
        self.sealed = sealed
    }
}

/// An Ansible INI inventory with its group_vars/ and host_vars/, read so that
/// `ansible-inventory --list` on the same file gives the same groups, hosts and variables.
public struct Inventory: Sendable {
    /// Hosts in the order they first appear in the file.
    public private(set) var hosts: [InventoryHost]
    /// Groups in the order first declared, `all` and `ungrouped` first.
    public let groups: [InventoryGroup]
    private let graph: InventoryGraph
    private var variablesByHost: [String: MergedVariables]

    /// A host's merged variables, three ways. Hosts in the same groups with no variables of
    /// their own share one: one copy of each dictionary, not one per host of a large range.
    private struct MergedVariables: Sendable {
        var typed: [String: InventoryVariable]
        var text: [String: String]
        var values: [String: InventoryValue]
        var secrets: [String: [String]] = [:]
        var sealed: [String: UserError] = [:]

        init(_ typed: [String: InventoryVariable]) {
            self.typed = typed
            text = typed.mapValues(\.text)
            values = typed.mapValues(\.value)
            for (name, variable) in typed {
                switch variable.secrecy {
                case .none: break
                case .secret(let texts): secrets[name] = texts
                case .sealed(let error):
                    sealed[name] = error
                    text[name] = nil
                }
            }
        }

        func host(_ name: String) -> InventoryHost {
            InventoryHost(name: name, vars: text, secrets: secrets, sealed: sealed)
        }
    }

    /// Reads the INI file and the group_vars/ and host_vars/ directories beside it; `keyring`
    /// decrypts what Ansible Vault encrypted there.
    public static func load(path: String, keyring: VaultKeyring = VaultKeyring()) throws -> Inventory {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read inventory '\(path)'")
        }
        var parser = INIInventoryParser(file: path)
        var graph = try parser.parse(text)
        let directory = ((path as NSString).deletingLastPathComponent as NSString).resolvingSymlinksInPath
        let base = directory.isEmpty ? "." : directory
        let groupVars = try VarsDirectory(path: base + "/group_vars")
        for name in graph.groupOrder {
            graph.setGroupFileVars(name, try groupVars.variables(of: name, keyring: keyring))
        }
        let hostVars = try VarsDirectory(path: base + "/host_vars")
        for name in graph.hostOrder {
            let fileVars = try hostVars.variables(of: name, keyring: keyring)
            if !fileVars.isEmpty { graph.hosts[name]?.fileVars = fileVars }
        }
        return Inventory(graph: graph)
    }

    /// Reads INI text alone: no group_vars/ or host_vars/.
    public static func parse(_ text: String, file: String) throws -> Inventory {
        var parser = INIInventoryParser(file: file)
        return Inventory(graph: try parser.parse(text))
    }

    init(graph: InventoryGraph) {
        self.graph = graph
        groups = graph.groupOrder.compactMap { graph.groups[$0] }
        var variablesByHost = [String: MergedVariables](minimumCapacity: graph.hostOrder.count)
        var hosts: [InventoryHost] = []
        hosts.reserveCapacity(graph.hostOrder.count)
        var sharedByDirectGroups: [[String]: MergedVariables] = [:]
        for name in graph.hostOrder {
            let record = graph.hosts[name]
            let direct = record?.memberships.map(\.group) ?? []
            let shared: MergedVariables
            if let known = sharedByDirectGroups[direct] {
                shared = known
            } else {
                shared = MergedVariables(Self.groupVariables(ofDirectGroups: direct, in: graph))
                sharedByDirectGroups[direct] = shared
            }
            var merged = shared
            let own = [record?.vars ?? [:], record?.fileVars ?? [:]].filter { !$0.isEmpty }
            if !own.isEmpty {
                var typed = shared.typed
                for layer in own { typed.merge(layer) { _, new in new } }
                merged = MergedVariables(typed)
            }
            variablesByHost[name] = merged
            hosts.append(merged.host(name))
        }
        self.variablesByHost = variablesByHost
        self.hosts = hosts
    }

    /// The same inventory with `layer` merged over every host's variables.
    func overlaying(_ layer: [String: InventoryVariable]) -> Inventory {
        var copy = self
        var merged: [String: MergedVariables] = [:]
        merged.reserveCapacity(variablesByHost.count)
        for (name, variables) in variablesByHost {
            merged[name] = MergedVariables(variables.typed.merging(layer) { _, new in new })
        }
        copy.variablesByHost = merged
        copy.hosts = hosts.map { merged[$0.name]?.host($0.name) ?? $0 }
        return copy
    }

    public func group(named name: String) -> InventoryGroup? {
        graph.groups[name]
    }

    public func host(named name: String) -> InventoryHost? {
        hosts.first { $0.name == name }
    }

    /// The groups a host belongs to, directly or through `:children`, sorted, without `all`
    /// (Ansible's `group_names`).
    public func groups(of host: String) -> [String] {
        graph.groupNames(ofHost: host).subtracting(["all"]).sorted()
    }

    public func groups(of host: InventoryHost) -> [String] {
        groups(of: host.name)
    }

    /// The host's merged variables with their Ansible types and where each was set.
    public func variables(of host: String) -> [String: InventoryVariable] {
        variablesByHost[host]?.typed ?? [:]
    }

    /// `variables(of:)`'s typed values alone.
    func variableValues(of host: String) -> [String: InventoryValue] {
        variablesByHost[host]?.values ?? [:]
    }

    /// Ansible's default order, lowest first: `[all:vars]`, each other group's `:vars` (by
    /// depth, then `ansible_group_priority`, then name), group_vars/all, the other groups'
    /// group_vars files in the same order; then (in `init`) the host line and host_vars/.
    static func groupVariables(ofDirectGroups direct: [String], in graph: InventoryGraph) -> [String: InventoryVariable] {
        let all = graph.groups["all"]
        let hostGroups = graph.groupNames(ofDirectGroups: direct).subtracting(["all"]).compactMap { graph.groups[$0] }
            .sorted { left, right in
                if left.depth != right.depth { return left.depth < right.depth }
                if left.priority != right.priority { return left.priority < right.priority }
                return left.name.unicodeScalars.lexicographicallyPrecedes(right.name.unicodeScalars)
            }
        var layers: [[String: InventoryVariable]] = [all?.vars ?? [:]]
        layers += hostGroups.map(\.vars)
        layers.append(all?.fileVars ?? [:])
        layers += hostGroups.map(\.fileVars)
        var merged: [String: InventoryVariable] = [:]
        for layer in layers { merged.merge(layer) { _, new in new } }
        return merged
    }

    var hostOrder: [String] { graph.hostOrder }
    var groupGraph: InventoryGraph { graph }
}
