import ArgumentParser
import Basics
import Deploy
import Foundation
import Inventory
import Planner
import Playbook

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Render what each host's Glance must look like, offline (no SSH)."
    )

    @Option(name: .shortAndLong, help: "Ansible INI inventory file.")
    var inventory: String

    @OptionGroup var playbookOptions: PlaybookOptions

    @Option(name: .shortAndLong, help: "Host pattern limiting the hosts.")
    var limit: String?

    @Option(help: "Show only this host.")
    var host: String?

    @Flag(help: "Print the plans as JSON (secrets masked).")
    var json = false

    @Option(help: ArgumentHelp("Plan for this release instead of Debian 12's Glance 25: 25 (zed, debian12) or 30 (2025.1, epoxy, debian13). A host whose settings the release does not take is listed with what must change, and the exit status is 2.", valueName: "release"))
    var targetRelease: String?

    @OptionGroup var vault: VaultOptions
    @OptionGroup var extraVars: ExtraVarsOptions

    func validate() throws {
        if let targetRelease, TargetRelease.named(targetRelease) == nil {
            throw ValidationError("--target-release must be 25 (zed, debian12) or 30 (2025.1, epoxy, debian13), got '\(targetRelease)'")
        }
    }

    private var release: TargetRelease { targetRelease.flatMap(TargetRelease.named) ?? .debian12Zed }

    func run() throws {
        let keyring = try vault.keyring()
        let loaded = try Inventory.load(path: inventory, keyring: keyring, extraVars: extraVars)
        let playbook = try playbookOptions.load(keyring: keyring)
        let targets = try playbook.targets(in: loaded, selected: try selectedHosts(of: loaded))
        guard !targets.isEmpty else { throw UserError("no host of \(inventory) is reached by \(playbook.file)") }
        // Hosts are planned independently: one thread per core.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // What --target-release refuses depends on the playbook only: trimmed once, not per host.
        let trimmed = targetRelease == nil ? nil : playbook.withoutLaterRefusals(on: release)
        let results = FanOut.map(targets, forks: cores) { target in render(target, of: playbook, trimmed: trimmed) }
        let texts = try results.map { try $0.get() }
        Console.current.write(json ? PlanRendering.joinJSON(texts.map(\.text)) : texts.map(\.text).joined(separator: "\n"))
        if texts.contains(where: { !$0.ready }) { throw ExitCode(2) }
    }

    /// The inventory's hosts narrowed by `--limit`, then to `--host`.
    private func selectedHosts(of loaded: Inventory) throws -> [InventoryHost] {
        let selected = try limit.map { try loaded.hosts(matching: $0) } ?? loaded.hosts
        guard let host else { return selected }
        guard let found = loaded.host(named: host) else { throw UserError("unknown host '\(host)' in \(inventory)") }
        return selected.filter { $0.name == found.name }
    }

    /// One host's plan as text or JSON; an error that is not the user's names the host. With
    /// `--target-release`, settings the release does not take are listed instead of refused:
    /// `trimmed` is the playbook without them, and the refusals.
    private func render(_ target: PlaybookTarget, of playbook: Playbook,
                        trimmed: (playbook: Playbook, refusals: [UserError])?)
        -> Result<(text: String, ready: Bool), UserError> {
        Result {
            let name = target.host.name
            guard let trimmed else {
                let outputs = try playbook.render(target, release: release)
                let plan = try Planner.plan(host: name, outputs: outputs, facts: HostFacts(release: release))
                return (json ? try PlanRendering.json([plan]) : PlanRendering.text(plan, release: release), true)
            }
            // Parameters the release refuses are findings too; the rest is checked without them.
            let outputs = try trimmed.playbook.render(target, release: release)
            let findings = trimmed.refusals.map { "must change: \($0)" }
                + (try Planner.readiness(outputs: outputs, release: release))
            if findings.contains(where: { $0.hasPrefix("must change: ") }) {
                return (try PlanRendering.notReady(host: name, release: release, findings: findings, json: json), false)
            }
            let plan = try Planner.plan(host: name, outputs: outputs, facts: HostFacts(release: release))
            return (json ? try PlanRendering.json([plan]) : PlanRendering.text(plan, release: release), true)
        }.mapError { $0 as? UserError ?? UserError("\(target.host.name): \($0)") }
    }
}
