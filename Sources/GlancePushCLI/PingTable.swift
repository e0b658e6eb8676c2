import Deploy

/// What `ping` prints: a line per host (name, address, `ok HOSTNAME` or `FAILED REASON`, time),
/// a summary over the whole run (`milliseconds`), and the failed hosts.
enum PingTable {
    static func render(_ outcomes: [Ping.Outcome], milliseconds: Int) -> String {
        let rows = outcomes.map { outcome in
            let result = outcome.hostname.map { "ok      \($0)" } ?? "FAILED  \(outcome.error ?? "")"
            return [outcome.host, outcome.address, "\(result)  (\(Int(outcome.seconds * 1000)) ms)"]
        }
        var out = Table(rows).render()
        let failed = outcomes.filter(\.failed)
        out += "\(outcomes.count) hosts: \(outcomes.count - failed.count) ok, \(failed.count) failed in \(milliseconds) ms\n"
        if !failed.isEmpty { out += "failed: " + failed.map(\.host).joined(separator: ", ") + "\n" }
        return out
    }
}
