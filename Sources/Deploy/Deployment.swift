import Basics
import Foundation
import Planner
import Playbook
import SSH

/// `glance-push deploy`: phase one (connect, lock, gather, plan, packages, release, files) on
/// every host in parallel; then the once-per-deploy one-shots on the first host that needs
/// them; then `Rollout`: batch by batch, per-host one-shots, hooks, service changes and health
/// checks. A host that fails is reported and the others go on.
public enum Deployment {
    /// `connector` opens each host (over SSH unless a test gives a fake).
    public static func run(_ inputs: [DeployInput], options: DeployOptions, progress: DeployProgress,
                           connector: HostConnector = .ssh) -> [HostReport] {
        let prepared = FanOut.map(inputs, forks: options.forks) {
            HostPreparation.run($0, options: options, progress: progress, connector: connector)
        }
        var reports = prepared.map(\.report)
        var pending = prepared.enumerated().compactMap { index, preparation in preparation.pending.map { (index, $0) } }

        if let (position, failure, oneShot) = runSharedOneShots(pending.map(\.1), progress: progress) {
            // A failed shared migration leaves every host of that database unsafe to restart;
            // hosts that do not share it go on.
            let failedOn = reports[pending[position].0].host
            pending = pending.enumerated().compactMap { offset, entry in
                guard entry.1.plan.oneShots.contains(where: { $0.id == oneShot && $0.onceAcrossHosts }) else { return entry }
                reports[entry.0].status = .failed
                reports[entry.0].error = offset == position
                    ? failure : "not restarted: \(oneShot), shared by all hosts, failed on \(failedOn)"
                reports[entry.0].seconds = Date().timeIntervalSince(entry.1.started)
                finish(entry.1)
                return nil
            }
        }

        let entries = pending.map { index, work in
            Rollout.Entry(index: index, work: work, group: inputs[index].rollout, hooks: inputs[index].hooks)
        }
        Rollout.run(entries, reports: &reports, options: options, progress: progress)
        return reports
    }

    /// One-shots marked once-across-hosts (a shared database's migration, Keystone records)
    /// run on the first host that triggers them. Returns the first failure: its position, the
    /// message and the one-shot's id.
    private static func runSharedOneShots(_ pending: [HostPreparation.Pending], progress: DeployProgress)
        -> (Int, String, String)? {
        var done = Set<String>()
        for (position, work) in pending.enumerated() {
            for oneShot in work.plan.oneShots where oneShot.onceAcrossHosts && work.changes.oneShots.contains(oneShot.id) {
                guard done.insert(oneShot.id).inserted else { continue }
                do {
                    try progress.step(work.plan.host, "one-shot \(oneShot.id)")
                    try NodeCommands.runOneShot(oneShot, on: work.connection, host: work.plan.host)
                } catch {
                    return (position, work.mask.apply(HostPreparation.describe(error)), oneShot.id)
                }
            }
        }
        return nil
    }

    /// `completed`: every restart, one-shot and health check the host owed is done.
    static func finish(_ work: HostPreparation.Pending, completed: Bool = false) {
        let script = (completed ? UnfinishedWork.clearScript : "")
            + (work.manifest == nil ? "" : ReleaseStore.pruneScript(keep: work.keepReleases))
            + work.lock.releaseScript
        _ = try? work.connection.exec(script, timeout: NodeTimeout.lockAndGather)
        work.connection.close()
    }
}
