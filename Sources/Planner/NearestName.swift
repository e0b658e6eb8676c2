import Inventory

/// The valid name closest to a misspelt one, for ` (did you mean 'x'?)`.
enum NearestName {
    /// The candidate with the smallest case-insensitive edit distance, if that distance is at most
    /// a third of the name's length (and at least 2); ties go to the alphabetically first.
    static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, name.count / 3)
        var best: (distance: Int, name: String)?
        for candidate in candidates {
            let distance = EditDistance.between(name.lowercased(), candidate.lowercased())
            guard distance <= limit else { continue }
            if let current = best, (current.distance, current.name) <= (distance, candidate) { continue }
            best = (distance, candidate)
        }
        return best?.name
    }

    /// ` (did you mean 'x'?)`, or "" without a close candidate.
    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
