import Foundation
import Planner
import SSH

/// `/var/lib/glance-push/pending`: what a deploy still owes a node once its files are written
/// (restarts, one-shots). Written before the files, removed when the host is healthy, so a run
/// that dies or fails in between is finished by the next one, which would otherwise find the
/// files already as planned and do nothing.
enum UnfinishedWork {
    static let path = NodeLock.directory + "/pending"

    /// Script lines printing the marker as `pending ...` lines (read with the facts).
    static let gatherScript = "[ -f \(path) ] && sed 's/^/\(NodeWord.pending) /' \(path)\n"

    static func lines(of output: [String]) -> [String] {
        NodeWord.pending.lines(in: output)
    }

    /// Adds what an earlier run left unfinished to `changes`.
    static func merge(_ owed: [String], into changes: inout PlanChanges, plan: HostPlan) {
        for line in owed {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch PendingWork(rawValue: parts[0]) {
            case .restart where plan.services.contains { $0.name == parts[1] && $0.running }:
                if !changes.servicesToRestart.contains(parts[1]) && !changes.servicesToStart.contains(parts[1]) {
                    changes.servicesToRestart.append(parts[1])
                }
            case .oneShot where plan.oneShots.contains { $0.id == parts[1] }:
                if !changes.oneShots.contains(parts[1]) { changes.oneShots.append(parts[1]) }
            default:
                continue
            }
        }
    }

    /// Writes the marker atomically (mode 0600 under the caller's `umask 077`).
    static func recordScript(_ changes: PlanChanges) -> String {
        let lines = (changes.servicesToRestart + changes.servicesToStart).map { "\(PendingWork.restart) " + $0 }
            + changes.oneShots.map { "\(PendingWork.oneShot) " + $0 }
        let text = ShellQuote.quote(lines.map { $0 + "\n" }.joined())
        return "printf '%s' \(text) > \(path).new\nsync -- \(path).new\nmv -f -- \(path).new \(path)\n"
    }

    static let clearScript = "rm -f \(path)\n"
}
