import ArgumentParser
import Foundation
import Inventory
import Playbook

/// `--playbook` and `--secrets`, and the hosts the playbook's plays reach.
struct PlaybookOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Playbook (YAML plays binding host patterns to puppet-glance roles).")
    var playbook: String = "playbooks/site.yml"

    @Option(help: "Secrets file, mode 0600 (default: secrets.yml beside the playbook, if present).")
    var secrets: String?

    func load() throws -> Playbook {
        let secretsPath = secrets ?? URL(fileURLWithPath: playbook).deletingLastPathComponent()
            .appendingPathComponent("secrets.yml").path
        let loadedSecrets: Secrets?
        if secrets != nil || FileManager.default.fileExists(atPath: secretsPath) {
            loadedSecrets = try Secrets.load(path: secretsPath)
        } else {
            loadedSecrets = nil
        }
        return try Playbook.load(path: playbook, secrets: loadedSecrets)
    }
}

/// One host with the plays that reach it.
struct PlaybookTarget {
    var host: InventoryHost
    var plays: [Play]
}

extension Playbook {
    /// Hosts in inventory order that at least one play reaches, narrowed to `selected`.
    func targets(in inventory: Inventory, selected: [InventoryHost]) throws -> [PlaybookTarget] {
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

    func render(_ target: PlaybookTarget, release: TargetRelease) throws -> [RoleOutput] {
        let names = Set(target.plays.map(\.location))
        return try render(host: target.host, release: release, includes: { names.contains($0.location) })
    }
}
