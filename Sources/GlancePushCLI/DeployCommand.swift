import ArgumentParser
import Basics
import Deploy
import Foundation
import Inventory
import Planner
import Playbook

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Push the playbook's Glance configuration to every host, restart what changed, check health."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var playbookOptions: PlaybookOptions
    @OptionGroup var logOptions: LogOptions

    @Flag(help: "Gather and compare only; change nothing.")
    var check = false

    @Flag(help: "Print unified diffs of the files that change (secrets masked).")
    var diff = false

    @Flag(help: "Exit as puppet agent --detailed-exitcodes does: 0 nothing changed (or, with --check, nothing to change), 2 changes, 4 failures, 6 both. Bad input stays 1.")
    var detailedExitcodes = false

    @Option(help: "Write the per-host results as JSON to this file.")
    var report: String?

    @Option(help: "Restart in batches, like Ansible's serial: 1, 2, 30% (comma-separated steps repeat the last); replaces every play's serial.")
    var serial: String?

    @Option(help: "Hosts (K) or percent of the restarted hosts (P%) that may fail in the restart phase before no further batch starts.")
    var maxFail: String = "0"

    @Option(help: "Seconds a restarted glance-api has to answer its health check.")
    var healthTimeout: Double = 120

    @Option(help: "How many releases each node keeps.")
    var keepReleases: Int = 10

    func run() throws {
        logOptions.bootstrap()
        let serialSteps = try serial.map(SerialStep.list)
        let failureLimit = try FailureLimit.parse(maxFail)
        let keyring = try fleet.vault.keyring()
        let inventory = try fleet.loadInventory(keyring: keyring)
        let playbook = try playbookOptions.load(keyring: keyring)
        let targets = try playbook.targets(in: inventory, selected: try fleet.selectedHosts(in: inventory))
        guard !targets.isEmpty else { throw UserError("no selected host is reached by \(playbook.file)") }
        let inputs = try playbook.deployInputs(targets, serialOverridden: serialSteps != nil) { setting in
            try fleet.balancers(of: setting, in: inventory)
        }
        let connection = try fleet.connection()
        let options = DeployOptions(
            forks: fleet.forks, check: check, diff: diff, serial: serialSteps, maxFail: failureLimit,
            keepReleases: keepReleases, healthTimeout: healthTimeout, playbookChecksum: Self.checksum(of: playbook),
            connection: connection)
        let checked: BecomeCheck
        do {
            checked = try fleet.checkBecome(inputs.map(\.host), options: connection)
        } catch let refused as BecomeRefused {
            if let report { try DeployTable.writeJSON(Self.reports(inputs, refused: refused), to: report) }
            throw refused
        }
        defer { checked.closeUnused() }
        let cancellation = Cancellation()
        let interrupt = Interrupt.install(cancellation)
        defer { interrupt.cancel() }
        let progress = DeployProgress(enabled: true, cancellation: cancellation, sink: ProgressOutput.sink())
        let reports = Deployment.run(inputs, options: options, progress: progress, connector: checked.connector)
        ProgressOutput.finish()
        Console.current.write(DeployTable.render(reports))
        if logOptions.verbose > 0 { Console.current.writeError(DeployTable.phaseSummary(reports)) }
        if let report { try DeployTable.writeJSON(reports, to: report) }
        if cancellation.isCancelled { throw CommandFailure.interrupted }
        let failed = reports.contains { $0.status == .failed }
        if detailedExitcodes {
            let changes = reports.contains { [.changed, .wouldChange].contains($0.status) }
            let status = (changes ? 2 : 0) | (failed ? 4 : 0)
            if status != 0 { throw ExitCode(Int32(status)) }
        } else if failed {
            throw CommandFailure.hostsFailed
        }
    }

    /// `--report` when sudo refused a become password: those hosts failed at connect, no host was touched.
    private static func reports(_ inputs: [DeployInput], refused: BecomeRefused) -> [HostReport] {
        inputs.map { input in
            guard let failure = refused.failures.first(where: { $0.host == input.host.name }) else {
                return HostReport(host: input.host.name, status: .untouched)
            }
            var report = HostReport(host: input.host.name, status: .failed)
            report.error = "\(failure.phase): \(failure.message)"
            return report
        }
    }

    private static func checksum(of playbook: Playbook) -> String {
        SHA256.hex(FileManager.default.contents(atPath: playbook.file) ?? Data())
    }
}
