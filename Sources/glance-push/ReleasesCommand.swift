import ArgumentParser
import Deploy
import Foundation
import Inventory

/// `glance-push releases`: what each host has recorded, newest first.
struct ReleasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the releases recorded on each host (id, time, kind, services restarted, files)."
    )

    @OptionGroup var fleet: FleetOptions

    @Option(help: "Show only this host.")
    var host: String?

    func run() throws {
        try ExitStatus.guarding {
            let hosts = try fleet.selectedHosts(named: host)
            let listings = ReleaseListing.run(hosts: hosts, options: fleet.connectionOptions, forks: fleet.forks)
            print(Self.render(listings), terminator: "")
            if listings.contains(where: { $0.failure != nil }) { throw ExitStatus.hostFailed }
        }
    }

    /// One row per release; a created file (removed by a rollback) is marked `(created)`.
    static func render(_ listings: [ReleaseListing.HostReleases]) -> String {
        var rows: [[String]] = []
        for listing in listings where listing.failure == nil {
            if listing.releases.isEmpty { rows.append([listing.host, "-", "-", "no releases", "-", "-"]) }
            for release in listing.releases {
                let files = release.files.map { $0.existed ? $0.path : $0.path + " (created)" }
                rows.append([listing.host, release.id, release.time, release.kind,
                             release.servicesRestarted.joined(separator: ",").ifEmpty("-"),
                             files.joined(separator: ", ").ifEmpty("-")])
            }
        }
        let header = ["host", "release", "time", "kind", "restarted", "files"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in [header] + rows {
            out += row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        for listing in listings {
            if let failure = listing.failure { out += "\(listing.host): FAILED: \(failure)\n" }
        }
        return out
    }
}

extension FleetOptions {
    /// The selected hosts, or only `name` among them; an unknown name is a user error.
    func selectedHosts(named name: String?) throws -> [InventoryHost] {
        let hosts = try selectedHosts()
        guard let name else { return hosts }
        guard let found = hosts.first(where: { $0.name == name }) else {
            throw UserError("unknown host '\(name)' in \(inventory)" + (limit.map { " --limit '\($0)'" } ?? ""))
        }
        return [found]
    }
}
