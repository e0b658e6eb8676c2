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
    public func deployInputs(_ targets: [PlaybookTarget], serialOverridden: Bool = false) throws -> [DeployInput] {
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
            return DeployInput(host: target.host, rollout: group, hooks: hooks) { release in
                try render(target, release: release)
            }
        }
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
