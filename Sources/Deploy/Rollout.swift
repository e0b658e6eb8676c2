import Basics
import Foundation
import Planner
import Playbook

/// Phase two of a deploy: the hosts whose files are written restart batch by batch. Groups
/// (`RolloutGroup`) go in playbook order, each in its play's `serial` batches (or `--serial`);
/// groups next to each other that have no `serial` restart together in one batch. Each batch
/// is done, every host healthy or failed, before the next starts; once more hosts failed than
/// `--max-fail` allows, no further batch starts.
enum Rollout {
    struct Entry: Sendable {
        /// Position of the host's run.
        var index: Int
        var group: RolloutGroup
        var hooks: RestartHooks
    }

    /// `items` in their batches; `group` gives each item's rollout group.
    static func batches<Item>(_ items: [Item], group: (Item) -> RolloutGroup, serial override: [SerialStep]?) -> [[Item]] {
        var batches: [[Item]] = []
        var together: [Item] = []
        for order in Set(items.map { group($0).order }).sorted() {
            let members = items.filter { group($0).order == order }
            let first = group(members[0])
            let serial = override ?? first.serial
            if serial.isEmpty {
                together += members
                continue
            }
            if !together.isEmpty { batches.append(together) }
            together = []
            batches += Planner.batches(members, serial: serial, total: first.size)
        }
        if !together.isEmpty { batches.append(together) }
        return batches
    }

    static func run(_ entries: [Entry], runs: inout [HostRun], options: DeployOptions, progress: DeployProgress) {
        let allowed = options.maxFail.allowed(of: entries.count)
        var failures = 0
        for batch in batches(entries, group: \.group, serial: options.serial) {
            if failures > allowed || progress.cancellation.isCancelled {
                let reason = failures > allowed
                    ? "not restarted: \(failures) host\(failures == 1 ? "" : "s") failed in earlier batches "
                        + "(--max-fail \(options.maxFail.description)); files are written, run deploy again"
                    : "interrupted after writing files; services not restarted (run deploy again)"
                for entry in batch { runs[entry.index].skip(failures > allowed ? .failed : .interrupted, reason: reason) }
                continue
            }
            let jobs = batch.map { (run: runs[$0.index], hooks: $0.hooks) }
            let finished = FanOut.map(jobs, forks: options.forks) { job in
                var run = job.run
                run.activate(hooks: job.hooks)
                return run
            }
            for (entry, run) in zip(batch, finished) {
                runs[entry.index] = run
                if run.report.status == .failed { failures += 1 }
            }
        }
    }
}
