import ArgumentParser
import Deploy
import Foundation
import Inventory

/// `glance-push rollback`: one host back to the files a release saved.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Restore one host's files as a recorded release saved them, restart what they feed, check health."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var health: HealthOptions

    @Option(help: "The host to roll back (only this host is touched).")
    var host: String

    @Option(help: "Release id to restore (see `glance-push releases`; default: the newest, which undoes the last deploy or rollback).")
    var to: String?

    @Option(help: "How many releases the node keeps.")
    var keepReleases: Int = 10

    func run() throws {
        try ExitStatus.guarding {
            let inventory = try Inventory.load(path: fleet.inventory)
            guard let target = try fleet.selectedHosts(named: host).first else { return }
            let url = try health.urls(for: [target], inventory: inventory, service: "glance-api")[target.name]
                ?? HealthOptions.defaultURL(for: target)
            let progress = DeployProgress(enabled: true) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            let request = Rollback.Request(host: target, releaseID: to, healthURL: url, healthTimeout: health.healthTimeout,
                                           keepReleases: keepReleases, connection: fleet.connectionOptions)
            do {
                let outcome = try Rollback.run(request, progress: progress)
                print("\(outcome.host): restored release \(outcome.restoredRelease) (recorded as \(outcome.record))")
                for path in outcome.restoredFiles { print("  restored \(path)") }
                for path in outcome.removedFiles { print("  removed  \(path)") }
                print("  restarted \(outcome.restarted.joined(separator: ",").ifEmpty("-")), health \(outcome.health ?? "-")"
                      + String(format: ", %.1f s", outcome.seconds))
            } catch let error as UserError {
                throw error
            } catch {
                print("\(target.name): FAILED: \(describe(error))")
                throw ExitStatus.hostFailed
            }
        }
    }

    private func describe(_ error: Error) -> String {
        if let error = error as? HostError { return "\(error.phase): \(error.message)" }
        return "\(error)"
    }
}
