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
    public func deployInputs(_ targets: [PlaybookTarget]) throws -> [DeployInput] {
        for target in targets { _ = try render(target, release: .debian12Zed) }
        return targets.map { target in DeployInput(host: target.host) { release in try render(target, release: release) } }
    }
}
