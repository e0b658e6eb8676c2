import Basics
import Foundation
import Planner
import Playbook
import SSH

/// `glance-push deploy`: phase one (connect, lock, gather, plan, packages, release, files) on
/// every host in parallel; then the once-per-deploy one-shots on the first host that needs
/// them; then `Rollout`: batch by batch, per-host one-shots, hooks, service changes and health
/// checks. A host that fails is reported and the others go on. Each host is a `HostRun`.
public enum Deployment {
    /// `connector` opens each host (over SSH unless a test gives a fake).
    public static func run(_ inputs: [DeployInput], options: DeployOptions, progress: DeployProgress,
                           connector: HostConnector = .ssh) -> [HostReport] {
        var runs = FanOut.map(inputs, forks: options.forks) {
            HostRun.prepare($0, options: options, progress: progress, connector: connector)
        }
        runSharedOneShots(&runs, progress: progress)
        let entries = runs.indices.filter { runs[$0].written != nil }.map { index in
            Rollout.Entry(index: index, group: inputs[index].rollout, hooks: inputs[index].hooks)
        }
        Rollout.run(entries, runs: &runs, options: options, progress: progress)
        return runs.map(\.report)
    }

    /// One-shots marked once-across-hosts (a shared database's migration, Keystone records)
    /// run on the first host that triggers them. A failed one leaves every host of that
    /// database unsafe to restart; hosts that do not share it go on.
    private static func runSharedOneShots(_ runs: inout [HostRun], progress: DeployProgress) {
        var done = Set<String>()
        for index in runs.indices {
            guard let work = runs[index].written else { continue }
            for oneShot in work.plan.oneShots where oneShot.onceAcrossHosts && work.changes.oneShots.contains(oneShot.id) {
                guard done.insert(oneShot.id).inserted else { continue }
                do {
                    try progress.step(work.plan.host, "one-shot \(oneShot.id)")
                    try NodeCommands.runOneShot(oneShot, on: work.connection, host: work.plan.host)
                } catch {
                    runs[index].fail(error)
                    skipHosts(sharing: oneShot.id, failedOn: work.plan.host, in: &runs)
                    return
                }
            }
        }
    }

    private static func skipHosts(sharing oneShot: String, failedOn host: String, in runs: inout [HostRun]) {
        for index in runs.indices {
            guard let work = runs[index].written,
                  work.plan.oneShots.contains(where: { $0.id == oneShot && $0.onceAcrossHosts }) else { continue }
            runs[index].skip(.failed, reason: "not restarted: \(oneShot), shared by all hosts, failed on \(host)")
        }
    }
}
