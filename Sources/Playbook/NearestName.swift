import Inventory

/// The closest valid name to a misspelt one, for ` (did you mean 'x'?)`.
enum NearestName {
    /// The candidate with the smallest edit distance, if it is close enough to be a plausible typo.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, EditDistance.between(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, min(name.count, best.0.count) / 3)
        return best.1 <= limit ? best.0 : nil
    }

    /// `message` plus ` (did you mean 'x'?)` when there is a close candidate.
    static func message(_ message: String, for name: String, among candidates: [String]) -> String {
        guard let nearest = suggestion(for: name, among: candidates) else { return message }
        return "\(message) (did you mean '\(nearest)'?)"
    }

}
