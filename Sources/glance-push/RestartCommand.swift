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
        try ExitStatus.guarding {
            let failureLimit = try FailureLimit.parse(maxFail)
            let inventory = try Inventory.load(path: fleet.inventory)
            let hosts = try fleet.selectedHosts()
            let urls = try health.urls(for: hosts, inventory: inventory, service: service)
            let targets = hosts.map { RollingRestart.Target(host: $0, healthURL: urls[$0.name] ?? HealthOptions.defaultURL(for: $0)) }
            let options = RollingRestart.Options(
                service: service, batch: rolling ? (batch ?? "1").split(separator: ",").map(String.init) : [], maxFail: failureLimit,
                healthTimeout: health.healthTimeout, forks: fleet.forks, connection: fleet.connectionOptions)
            let progress = DeployProgress(enabled: true) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            let outcome = try RollingRestart.run(targets, options: options, progress: progress)
            print(Self.render(outcome, maxFail: failureLimit), terminator: "")
            if !outcome.failed.isEmpty { throw ExitStatus.hostFailed }
        }
    }

    static func render(_ outcome: RollingRestart.Outcome, maxFail: FailureLimit) -> String {
        let rows = outcome.hosts.map { host in
            [host.host, host.status.rawValue, host.batch.map(String.init) ?? "-",
             host.status == .untouched ? "-" : String(format: "%.1f", host.seconds)]
        }
        let header = ["host", "result", "batch", "seconds"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in [header] + rows {
            out += row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        for host in outcome.hosts {
            if let error = host.error { out += "\(host.host): FAILED: \(error)\n" }
        }
        if let batch = outcome.stoppedAfterBatch {
            out += "stopped after batch \(batch): \(outcome.failed.count) failed (--max-fail \(maxFail.description)); "
                + "not touched: \(outcome.untouched.joined(separator: ", "))\n"
        }
        let restarted = outcome.hosts.filter { $0.status == .restarted }.count
        out += "\(outcome.hosts.count) hosts: \(restarted) restarted, \(outcome.failed.count) failed, \(outcome.untouched.count) not touched\n"
        return out
    }
}
