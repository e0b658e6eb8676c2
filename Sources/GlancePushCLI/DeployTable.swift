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

    static func writeJSON(_ reports: [HostReport], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(reports).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
