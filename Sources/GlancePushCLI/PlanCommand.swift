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

    @OptionGroup var vault: VaultOptions
    @OptionGroup var extraVars: ExtraVarsOptions

    func run() throws {
        let keyring = try vault.keyring()
        let loaded = try Inventory.load(path: inventory, keyring: keyring, extraVars: extraVars)
        let playbook = try playbookOptions.load(keyring: keyring)
        let targets = try playbook.targets(in: loaded, selected: try selectedHosts(of: loaded))
        guard !targets.isEmpty else { throw UserError("no host of \(inventory) is reached by \(playbook.file)") }
        // Hosts are planned independently: one thread per core.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let results = FanOut.map(targets, forks: cores) { target in render(target, of: playbook) }
        let texts = try results.map { try $0.get() }
        Console.current.write(json ? PlanRendering.joinJSON(texts) : texts.joined(separator: "\n"))
    }

    /// The inventory's hosts narrowed by `--limit`, then to `--host`.
    private func selectedHosts(of loaded: Inventory) throws -> [InventoryHost] {
        let selected = try limit.map { try loaded.hosts(matching: $0) } ?? loaded.hosts
        guard let host else { return selected }
        guard let found = loaded.host(named: host) else { throw UserError("unknown host '\(host)' in \(inventory)") }
        return selected.filter { $0.name == found.name }
    }

    /// One host's plan as text or JSON; an error that is not the user's names the host.
    private func render(_ target: PlaybookTarget, of playbook: Playbook) -> Result<String, UserError> {
        Result {
            let outputs = try playbook.render(target, release: .debian12Zed)
            let plan = try Planner.plan(host: target.host.name, outputs: outputs, facts: HostFacts())
            return json ? try PlanRendering.json([plan]) : PlanRendering.text(plan)
        }.mapError { $0 as? UserError ?? UserError("\(target.host.name): \($0)") }
    }
}
