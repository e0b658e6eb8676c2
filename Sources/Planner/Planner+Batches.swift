import Playbook

extension Planner {
    /// Splits `hosts` (in order) into rolling batches with Ansible's `serial` semantics: each entry
    /// is a count (`"2"`) or a percentage of all hosts (`"30%"`, rounded toward zero, 0 becoming 1); the
    /// list is used in order and its last entry repeats; an empty list, or a count of 0 or less,
    /// means all remaining hosts in one batch.
    public static func batches(hosts: [String], serial: [String]) throws -> [[String]] {
        batches(hosts, serial: try serial.map(SerialStep.parse), total: hosts.count)
    }

    /// `items` (in order) in the batches `batchSizes` gives them.
    public static func batches<Item>(_ items: [Item], serial: [SerialStep], total: Int) -> [[Item]] {
        var remaining = items[...]
        return batchSizes(count: items.count, serial: serial, total: total).map { size in
            defer { remaining = remaining.dropFirst(size) }
            return Array(remaining.prefix(size))
        }
    }

    /// The sizes of the batches that `count` hosts go in, when percentages count `total` hosts
    /// (a play's hosts, of which only `count` may need a restart).
    public static func batchSizes(count: Int, serial: [SerialStep], total: Int) -> [Int] {
        let sizes = serial.map { $0.size(of: total) }
        let plan = sizes.isEmpty ? [0] : sizes
        var batches: [Int] = []
        var remaining = count
        var entry = 0
        while remaining > 0 {
            let size = plan[entry] <= 0 ? remaining : min(plan[entry], remaining)
            batches.append(size)
            remaining -= size
            entry = min(entry + 1, plan.count - 1)
        }
        return batches
    }
}
