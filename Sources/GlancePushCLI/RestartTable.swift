import Deploy
import Foundation

/// The table `restart` prints: one row per host, its failures, where a rolling restart stopped.
enum RestartTable {
    static func render(_ outcome: RollingRestart.Outcome, maxFail: FailureLimit) -> String {
        let rows = outcome.hosts.map { host in
            [host.host, host.status.rawValue, host.batch.map(String.init) ?? "-",
             host.status == .untouched ? "-" : String(format: "%.1f", host.seconds)]
        }
        var out = Table(header: ["host", "result", "batch", "seconds"], rows: rows).render()
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
