import Basics
import Inventory
import Playbook

/// One host with the plays that reach it.
public struct PlaybookTarget: Sendable {
    public var host: InventoryHost
    public var plays: [Play]

    public init(host: InventoryHost, plays: [Play]) {
        self.host = host
        self.plays = plays
    }
}

extension Playbook {
    /// Hosts in inventory order that at least one play reaches, narrowed to `selected`.
    public func targets(in inventory: Inventory, selected: [InventoryHost]) throws -> [PlaybookTarget] {
        var playsByHost: [String: [Play]] = [:]
        for play in plays {
            for host in try inventory.hosts(matching: play.hosts) {
                playsByHost[host.name, default: []].append(play)
            }
        }
        return selected.compactMap { host in
            playsByHost[host.name].map { PlaybookTarget(host: host, plays: $0) }
        }
    }

    public func render(_ target: PlaybookTarget, release: TargetRelease) throws -> [RoleOutput] {
        let names = Set(target.plays.map(\.location))
        return try render(host: target.host, release: release, includes: { names.contains($0.location) })
    }

    /// Deploy inputs for the targets, after rendering each once for the default release so that
    /// every input error surfaces before any host is touched.
    ///
    /// A host restarts in the batches of the first play (in playbook order) that reaches it and
    /// sets `serial`, or of the first play that reaches it when none does; two plays that reach
    /// one host with different `serial` are refused, unless `serialOverridden` (`--serial`)
    /// replaces them all. A host runs the `pre_restart`/`post_restart` commands of every play
    /// that reaches it, in playbook order.
    ///
    /// A host is drained from the load balancers of the first play that reaches it and sets
    /// `load_balancer` (`balancers` finds that setting's hosts in the inventory); plays that
    /// reach one host with different `load_balancer` settings are refused.
    public func deployInputs(_ targets: [PlaybookTarget], serialOverridden: Bool = false,
                             balancers: (LoadBalancerSetting) throws -> [InventoryHost] = { _ in [] }) throws -> [DeployInput] {
        for target in targets { _ = try render(target, release: .debian12Zed) }
        let order = Dictionary(plays.enumerated().map { ($1.location, $0) }, uniquingKeysWith: { first, _ in first })
        let batching = try targets.map { target in try Self.batchingPlay(of: target, checked: !serialOverridden) }
        var groupSizes: [SourceLocation: Int] = [:]
        for play in batching { groupSizes[play.location, default: 0] += 1 }
        return try zip(targets, batching).map { target, play in
            var hooks = RestartHooks()
            for play in target.plays {
                let commands = try restartCommands(play: play, host: target.host)
                hooks.pre += commands.pre
                hooks.post += commands.post
            }
            let group = RolloutGroup(order: order[play.location] ?? 0, serial: play.serial,
                                     size: groupSizes[play.location] ?? 1)
            let balancing = try balancing(of: target, balancers: balancers)
            return DeployInput(host: target.host, rollout: group, hooks: hooks, balancing: balancing) { release in
                try render(target, release: release)
            }
        }
    }

    private func balancing(of target: PlaybookTarget, balancers: (LoadBalancerSetting) throws -> [InventoryHost]) throws
        -> Balancing? {
        let plays = target.plays.filter { $0.loadBalancer != nil }
        guard let play = plays.first, let setting = play.loadBalancer else { return nil }
        func sameAsFirst(_ other: Play) -> Bool {
            guard var theirs = other.loadBalancer else { return true }
            theirs.location = setting.location
            return theirs == setting
        }
        if let other = plays.first(where: { !sameAsFirst($0) }) {
            let name = { (play: Play) in play.name.map { "'\($0)' at \(play.location)" } ?? "the play at \(play.location)" }
            throw UserError("host \(target.host.name) is in plays with different load_balancer settings: "
                + "\(name(play)) and \(name(other))", at: other.loadBalancer?.location)
        }
        let hosts = try balancers(setting)
        guard !hosts.isEmpty else {
            throw UserError("load_balancer hosts '\(setting.hosts)' match no host of the inventory", at: setting.location)
        }
        if hosts.contains(where: { $0.name == target.host.name }) {
            throw UserError("host \(target.host.name) is its own load balancer (load_balancer hosts '\(setting.hosts)'): "
                + "it cannot be drained from itself", at: setting.location)
        }
        return Balancing(balancers: hosts, backend: setting.backend,
                         server: try loadBalancerServer(play: play, host: target.host) ?? target.host.name,
                         socket: setting.socket, drainTimeout: setting.drainTimeout, upTimeout: setting.upTimeout)
    }

    private static func batchingPlay(of target: PlaybookTarget, checked: Bool) throws -> Play {
        let serialPlays = target.plays.filter { !$0.serial.isEmpty }
        guard let first = serialPlays.first else { return target.plays[0] }
        if checked, let other = serialPlays.first(where: { $0.serial != first.serial }) {
            throw UserError("""
                host \(target.host.name) is in plays with different serial: \(describe(first)) and \
                \(describe(other)); give them the same serial, or override both with --serial
                """, at: other.location)
        }
        return first
    }

    private static func describe(_ play: Play) -> String {
        let name = play.name.map { "'\($0)'" } ?? "the play"
        let serial = play.serial.map(\.description).joined(separator: ", ")
        return "\(name) at \(play.location) (serial \(serial))"
    }
}
