import Foundation
import Planner
import Playbook

/// How `plan` shows a `HostPlan`: every managed file with its owner, mode and managed content
/// (offline, a file holds only what the roles set), then packages, services, one-shots and
/// warnings. Secrets print as `<secret>` (`ContentMask`).
enum PlanRendering {
    static func text(_ plan: HostPlan, release: TargetRelease) -> String {
        var out = "== \(plan.host) (\(release.summary))\n"
        // Content lines get 5 bytes ("  | " and a line break) each: room for them and the rest.
        out.reserveCapacity(plan.files.reduce(1024) { $0 + $1.content.utf8.count * 2 + 128 })
        for file in plan.files {
            out += "file \(file.path) \(file.owner):\(file.group) \(String(file.mode, radix: 8))\n"
            for line in ContentMask(file).shownLines(of: file.content) {
                out += "  | "
                out += line
                out += "\n"
            }
        }
        for package in plan.packages {
            let restarts = package.restarts.isEmpty ? "" : " (restarts \(package.restarts.joined(separator: ", ")))"
            out += "package \(package.name) \(ensureText(package.ensure))\(restarts)\n"
        }
        for service in plan.services {
            out += "service \(service.name) \(service.running ? "running" : "stopped"), \(service.enabled ? "enabled" : "disabled")"
            if !service.restartedBy.isEmpty { out += "; restarted by \(service.restartedBy.joined(separator: ", "))" }
            if let health = service.health { out += "; health \(health.url)" }
            out += "\n"
        }
        for oneShot in plan.oneShots {
            let scope = oneShot.onceAcrossHosts ? "once across hosts" : "on this host"
            let trigger = oneShot.triggeredBy.isEmpty ? "every deploy" : "when \(oneShot.triggeredBy.joined(separator: ", ")) changes"
            let limit = oneShot.timeout.map { ", timeout \(Int($0)) s" } ?? ""
            out += "one-shot \(oneShot.id) (\(scope), \(trigger)\(limit))\n"
        }
        for warning in plan.warnings {
            out += "warning: \(warning)\n"
        }
        return out
    }

    /// A host whose settings `release` does not take: what must change (and what is renamed).
    static func notReady(host: String, release: TargetRelease, findings: [String], json: Bool) throws -> String {
        guard json else {
            return "== \(host) (\(release.summary)): not ready\n" + findings.map { $0 + "\n" }.joined()
        }
        let object: [String: Any] = ["host": host, "release": release.summary, "ready": false, "findings": findings]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func ensureText(_ ensure: PackageRequirement.Ensure) -> String {
        switch ensure {
        case .present: return "present"
        case .latest: return "latest"
        case .absent: return "absent"
        case .version(let version): return "= \(version)"
        }
    }

    /// Joins per-host JSON arrays (`[ {...} ]`) into one array.
    static func joinJSON(_ arrays: [String]) -> String {
        let bodies = arrays.map { text -> String in
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return "[\n  " + bodies.joined(separator: ",\n  ") + "\n]\n"
    }

    static func json(_ plans: [HostPlan]) throws -> String {
        let masked = plans.map(\.masked)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(masked), as: UTF8.self) + "\n"
    }
}
