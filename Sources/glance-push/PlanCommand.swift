import ArgumentParser
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

    func run() throws {
        try ExitStatus.guarding {
            let loaded = try Inventory.load(path: inventory)
            let playbook = try playbookOptions.load()
            var selected = try limit.map { try loaded.hosts(matching: $0) } ?? loaded.hosts
            if let host {
                guard let found = loaded.host(named: host) else {
                    throw UserError("unknown host '\(host)' in \(inventory)")
                }
                selected = selected.filter { $0.name == found.name }
            }
            let targets = try playbook.targets(in: loaded, selected: selected)
            guard !targets.isEmpty else { throw UserError("no host of \(inventory) is reached by \(playbook.file)") }
            // Hosts are planned independently: one thread per core.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let results = FanOut.map(targets, forks: cores) { target -> Result<String, UserError> in
                Result {
                    let outputs = try playbook.render(target, release: .debian12Zed)
                    let plan = try Planner.plan(host: target.host.name, outputs: outputs, facts: HostFacts())
                    return json ? try PlanRendering.json([plan]) : PlanRendering.text(plan)
                }.mapError { $0 as? UserError ?? UserError("\(target.host.name): \($0)") }
            }
            let texts = try results.map { try $0.get() }
            print(json ? PlanRendering.joinJSON(texts) : texts.joined(separator: "\n"), terminator: "")
        }
    }
}
