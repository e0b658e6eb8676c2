/// The closest valid name by edit distance, for "did you mean" hints.
enum NearestName {
    static func suggestion(for name: String, among candidates: [String]) -> String {
        guard let best = nearest(to: name, among: candidates) else { return "" }
        return " (did you mean '\(best)'?)"
    }

    static func nearest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.filter { $0 != name }.map { ($0, EditDistance.between(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(3, name.count / 2) ? best.0 : nil
    }

}
