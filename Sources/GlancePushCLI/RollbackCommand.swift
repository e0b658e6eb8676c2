import ArgumentParser
import Basics
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
    @OptionGroup var logOptions: LogOptions
    @OptionGroup var health: HealthOptions

    @Option(help: "The host to roll back (only this host is touched).")
    var host: String

    @Option(help: "Release id to restore (see `glance-push releases`; default: the newest, which undoes the last deploy or rollback).")
    var to: String?

    @Option(help: "How many releases the node keeps.")
    var keepReleases: Int = 10

    func run() throws {
        logOptions.bootstrap()
        let keyring = try fleet.vault.keyring()
        let inventory = try fleet.loadInventory(keyring: keyring)
        guard let target = try fleet.selectedHosts(named: host, in: inventory).first else { return }
        let url = try health.urls(for: [target], inventory: inventory, service: "glance-api", keyring: keyring,
                                  options: fleet.connectionOptions)[target.name]
            ?? HealthOptions.defaultURL(for: target, options: fleet.connectionOptions)
        let connection = try fleet.connection()
        let request = Rollback.Request(host: target, releaseID: to, healthURL: url, healthTimeout: health.healthTimeout,
                                       keepReleases: keepReleases, connection: connection,
                                       balancing: try health.balancing(for: [target], inventory: inventory, fleet: fleet,
                                                                       keyring: keyring)[target.name])
        let checked = try fleet.checkBecome([target], options: connection)
        defer { checked.closeUnused() }
        let outcome: Rollback.Outcome
        do {
            outcome = try Rollback.run(request, progress: DeployProgress(enabled: true, sink: ProgressOutput.lines()),
                                       connector: checked.connector)
        } catch let error as UserError {
            throw error
        } catch {
            Console.current.print("\(target.name): FAILED: \(Self.describe(error))")
            throw CommandFailure.hostsFailed
        }
        Console.current.write(Self.render(outcome))
    }

    private static func render(_ outcome: Rollback.Outcome) -> String {
        var out = "\(outcome.host): restored release \(outcome.restoredRelease) (recorded as \(outcome.record))\n"
        for path in outcome.restoredFiles { out += "  restored \(path)\n" }
        for path in outcome.removedFiles { out += "  removed  \(path)\n" }
        out += "  restarted \(outcome.restarted.joined(separator: ",").ifEmpty("-")), health \(outcome.health ?? "-")"
            + String(format: ", %.1f s", outcome.seconds) + "\n"
        return out
    }

    private static func describe(_ error: Error) -> String {
        if let error = error as? HostError { return "\(error.phase): \(error.message)" }
        return "\(error)"
    }
}
