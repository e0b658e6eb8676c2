import ArgumentParser
import Deploy
import Foundation
import Inventory

/// `glance-push restart`: restart a service everywhere, at once or batch by batch.
struct RestartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart a service on every host, at once or (--rolling) batch by batch with health checks."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var logOptions: LogOptions
    @OptionGroup var health: HealthOptions

    @Flag(help: "Restart batch by batch; the next batch starts when the current one is healthy.")
    var rolling = false

    @Option(help: "Batch sizes with --rolling, like Ansible's serial: 1, 2, 30% (comma-separated; the last repeats; default 1).")
    var batch: String?

    @Option(help: "Failed hosts tolerated (K, or P% of the hosts) before no further batch starts.")
    var maxFail: String = "0"

    @Option(help: "The service to restart.")
    var service: String = "glance-api"

    func validate() throws {
        if batch != nil, !rolling { throw ValidationError("--batch needs --rolling") }
    }

    func run() throws {
        logOptions.bootstrap()
        let failureLimit = try FailureLimit.parse(maxFail)
        let keyring = try fleet.vault.keyring()
        let inventory = try fleet.loadInventory(keyring: keyring)
        let hosts = try fleet.selectedHosts(in: inventory)
        let urls = try health.urls(for: hosts, inventory: inventory, service: service, keyring: keyring,
                                   options: fleet.connectionOptions)
        let balancing = try health.balancing(for: hosts, inventory: inventory, fleet: fleet, keyring: keyring)
        let targets = try hosts.map {
            RollingRestart.Target(host: $0, healthURL: try urls[$0.name] ?? HealthOptions.defaultURL(for: $0, options: fleet.connectionOptions),
                                  balancing: balancing[$0.name])
        }
        let connection = try fleet.connection()
        let options = RollingRestart.Options(
            service: service, batch: batchSteps, maxFail: failureLimit,
            healthTimeout: health.healthTimeout, forks: fleet.forks, connection: connection)
        let checked = try fleet.checkBecome(hosts, options: connection)
        defer { checked.closeUnused() }
        let progress = DeployProgress(enabled: true, sink: ProgressOutput.lines())
        let outcome = try RollingRestart.run(targets, options: options, progress: progress, connector: checked.connector)
        Console.current.write(RestartTable.render(outcome, maxFail: failureLimit))
        if !outcome.failed.isEmpty { throw CommandFailure.hostsFailed }
    }

    /// `--batch` split at commas (default 1) with `--rolling`; none (every host at once) without.
    private var batchSteps: [String] {
        rolling ? (batch ?? "1").split(separator: ",").map(String.init) : []
    }
}
