import Deploy
import Foundation

/// The final table of a deploy, and its JSON report (the same values).
enum DeployTable {
    static func render(_ reports: [HostReport]) -> String {
        var out = ""
        for report in reports {
            if let diff = report.diff, !diff.isEmpty {
                out += report.system.map { "# \(report.host): \($0)\n" } ?? ""
                out += diff
            }
        }
        let rows = reports.map { report -> [String] in
            [report.host, report.status.rawValue, "\(report.changedFiles.count)",
             report.packagesInstalled.joined(separator: ",").ifEmpty("-"),
             (report.restarted + report.started).joined(separator: ",").ifEmpty("-"),
             report.health ?? "-", String(format: "%.1f", report.seconds)]
        }
        out += Table(header: ["host", "result", "files", "packages", "restarted", "health", "seconds"], rows: rows).render()
        for report in reports {
            for warning in report.warnings { out += "\(report.host): warning: \(warning)\n" }
            if let lock = report.recoveredLock { out += "\(report.host): took over the stale lock of \(lock)\n" }
            if let steps = report.loadBalancer { out += "\(report.host): load balancer: \(steps)\n" }
            if let attempts = report.connectAttempts, attempts > 1, report.error == nil {
                out += "\(report.host): connected at attempt \(attempts) (\(attempts - 1) transient failures retried)\n"
            }
            if let error = report.error { out += "\(report.host): FAILED: \(error)\n" }
        }
        let count = { (statuses: [HostStatus]) in reports.filter { statuses.contains($0.status) }.count }
        out += "\(reports.count) hosts: \(count([.changed, .wouldChange])) changed, \(count([.unchanged])) unchanged, "
            + "\(count([.failed])) failed"
        let interrupted = count([.interrupted])
        out += interrupted > 0 ? ", \(interrupted) interrupted\n" : "\n"
        return out
    }

    /// `-v`'s breakdown: per phase, in the order hosts went through them (a phase only some
    /// hosts had comes after the one it followed there), the median and the largest seconds over
    /// the hosts that had it.
    static func phaseSummary(_ reports: [HostReport]) -> String {
        var order: [String] = []
        var times: [String: [Double]] = [:]
        for report in reports {
            var previous: String?
            for phase in report.phases ?? [] {
                if times[phase.phase] == nil {
                    order.insert(phase.phase, at: previous.flatMap { order.firstIndex(of: $0) }.map { $0 + 1 } ?? 0)
                }
                times[phase.phase, default: []].append(phase.seconds)
                previous = phase.phase
            }
        }
        guard !order.isEmpty else { return "" }
        let rows = order.map { phase -> [String] in
            let sorted = (times[phase] ?? []).sorted()
            return [phase, "\(sorted.count)", String(format: "%.3f", sorted[sorted.count / 2]), String(format: "%.3f", sorted.last ?? 0)]
        }
        return Table(header: ["phase", "hosts", "median s", "max s"], rows: rows).render()
    }

    static func writeJSON(_ reports: [HostReport], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(reports).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
