import Inventory

extension Planner {
    /// Splits `hosts` (in order) into rolling batches with Ansible's `serial` semantics: each entry
    /// is a count (`"2"`) or a percentage of all hosts (`"30%"`, rounded toward zero, 0 becoming 1); the
    /// list is used in order and its last entry repeats; an empty list, or a count of 0 or less,
    /// means all remaining hosts in one batch.
    public static func batches(hosts: [String], serial: [String]) throws -> [[String]] {
        let sizes = try serial.map { try batchSize($0, hostCount: hosts.count) }
        let plan = sizes.isEmpty ? [0] : sizes
        var batches: [[String]] = []
        var remaining = hosts[...]
        var entry = 0
        while !remaining.isEmpty {
            let size = plan[entry]
            if size <= 0 {
                batches.append(Array(remaining))
                break
            }
            batches.append(Array(remaining.prefix(size)))
            remaining = remaining.dropFirst(size)
            entry = min(entry + 1, plan.count - 1)
        }
        return batches
    }

    static func batchSize(_ entry: String, hostCount: Int) throws -> Int {
        let text = INILine.trimmed(entry)
        if text.hasSuffix("%") {
            guard let percent = Int(text.dropLast()) else {
                throw UserError("invalid serial '\(entry)': expected a number of hosts or a percentage like '30%'")
            }
            let size = percent * hostCount / 100
            return size == 0 ? 1 : size
        }
        guard let count = Int(text) else {
            throw UserError("invalid serial '\(entry)': expected a number of hosts or a percentage like '30%'")
        }
        return count
    }
}
