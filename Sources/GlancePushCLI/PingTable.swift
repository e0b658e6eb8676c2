import Deploy

/// What `ping` prints: a line per host (name, address, `ok HOSTNAME` or `FAILED REASON`, time),
/// a summary over the whole run's `milliseconds`, and the failed hosts.
enum PingTable {
    static func render(_ outcomes: [Ping.Outcome], milliseconds: Int) -> String {
        let rows = outcomes.map { outcome in
            let result = outcome.hostname.map { "ok      \($0)" } ?? "FAILED  \(outcome.failure ?? "")"
            return [outcome.host, outcome.address, "\(result)  (\(outcome.milliseconds) ms)"]
        }
        var out = Table(rows).render()
        let failed = outcomes.filter { $0.failure != nil }
        out += "\(outcomes.count) hosts: \(outcomes.count - failed.count) ok, \(failed.count) failed in \(milliseconds) ms\n"
        if !failed.isEmpty { out += "failed: " + failed.map(\.host).joined(separator: ", ") + "\n" }
        return out
    }
}
