/// The closest valid name to a misspelt one, for ` (did you mean 'x'?)`.
enum NearestName {
    /// The candidate with the smallest edit distance, if it is close enough to be a plausible typo.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, min(name.count, best.0.count) / 3)
        return best.1 <= limit ? best.0 : nil
    }

    /// `message` plus ` (did you mean 'x'?)` when there is a close candidate.
    static func message(_ message: String, for name: String, among candidates: [String]) -> String {
        guard let nearest = suggestion(for: name, among: candidates) else { return message }
        return "\(message) (did you mean '\(nearest)'?)"
    }

    /// Levenshtein distance over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
