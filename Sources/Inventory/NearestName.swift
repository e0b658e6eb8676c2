/// The closest valid name by edit distance, for "did you mean" hints.
enum NearestName {
    static func suggestion(for name: String, among candidates: [String]) -> String {
        guard let best = nearest(to: name, among: candidates) else { return "" }
        return " (did you mean '\(best)'?)"
    }

    static func nearest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.filter { $0 != name }.map { ($0, distance(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(3, name.count / 2) ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
