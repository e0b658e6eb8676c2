/// A shortest edit script between two line arrays (Myers' O((N+M)·D) greedy algorithm), after
/// trimming the common prefix and suffix as GNU diff does.
enum LineDiff {
    enum Operation: Sendable, Equatable {
        case equal
        case delete
        case insert
    }

    /// Beyond this many differences between the trimmed middles, the middle is reported as
    /// "all old lines deleted, all new lines inserted" to keep memory at O(D²) bounded.
    static let maximumEditDistance = 3000

    static func operations(_ old: [String], _ new: [String]) -> [Operation] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let oldMiddle = Array(old[prefix..<(old.count - suffix)])
        let newMiddle = Array(new[prefix..<(new.count - suffix)])
        let middle = myers(oldMiddle, newMiddle)
            ?? Array(repeating: .delete, count: oldMiddle.count) + Array(repeating: .insert, count: newMiddle.count)
        return Array(repeating: .equal, count: prefix) + deletesFirst(middle) + Array(repeating: .equal, count: suffix)
    }

    /// Within each run of changes, deletions come before insertions (as `diff -u` prints them).
    private static func deletesFirst(_ operations: [Operation]) -> [Operation] {
        var result: [Operation] = []
        var deletes = 0
        var inserts = 0
        func flush() {
            result += Array(repeating: .delete, count: deletes) + Array(repeating: .insert, count: inserts)
            deletes = 0
            inserts = 0
        }
        for operation in operations {
            switch operation {
            case .delete: deletes += 1
            case .insert: inserts += 1
            case .equal:
                flush()
                result.append(.equal)
            }
        }
        flush()
        return result
    }

    private static func myers(_ old: [String], _ new: [String]) -> [Operation]? {
        let n = old.count
        let m = new.count
        if n == 0 || m == 0 {
            return Array(repeating: .delete, count: n) + Array(repeating: .insert, count: m)
        }
        // Lines compared as small integers.
        var ids: [String: Int] = [:]
        var a: [Int] = []
        var b: [Int] = []
        for line in old { a.append(id(of: line, in: &ids)) }
        for line in new { b.append(id(of: line, in: &ids)) }
        let limit = min(n + m, maximumEditDistance)
        let offset = limit + 1
        var v = Array(repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m { return backtrack(trace: trace, n: n, m: m) }
            }
        }
        return nil
    }

    private static func id(of line: String, in ids: inout [String: Int]) -> Int {
        if let known = ids[line] { return known }
        ids[line] = ids.count
        return ids.count - 1
    }

    /// Walks the saved frontiers back from (n, m); `trace[d][k + d]` is V before step d.
    private static func backtrack(trace: [[Int]], n: Int, m: Int) -> [Operation] {
        var x = n
        var y = m
        var reversed: [Operation] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            func at(_ k: Int) -> Int { v[k + d] }
            let k = x - y
            let previousK: Int
            if d == 0 {
                previousK = 0
            } else if k == -d || (k != d && at(k - 1) < at(k + 1)) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : at(previousK)
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                reversed.append(.equal)
                x -= 1
                y -= 1
            }
            if d > 0 {
                reversed.append(x == previousX ? .insert : .delete)
                x = previousX
                y = previousY
            }
        }
        return reversed.reversed()
    }
}
