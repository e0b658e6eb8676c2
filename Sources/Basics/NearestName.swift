/// The valid name closest to a misspelt one, for ` (did you mean 'x'?)`: the one rule behind
/// every "did you mean" hint (inventory groups and hosts, playbook keys, roles and parameters,
/// glance options, puppet classes).
///
/// A candidate is close when its case-insensitive `EditDistance` to the name is small relative
/// to the longer of the two: at most 2 edits, or 40% of the longer length when that is more
/// (`child` → `children`, 3 of 8), and never every character (`ab` is not a typo of `cd`).
/// A candidate spelled exactly like the name is never suggested; one differing only in case is
/// (`default` → `DEFAULT`).
public enum NearestName {
    /// The closest candidate, if it is close enough to be a plausible typo; ties go to the one
    /// listed first, so callers order candidates by preference (file order, or sorted).
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let folded = name.lowercased()
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != name {
            let distance = EditDistance.between(folded, candidate.lowercased())
            guard distance <= limit(name, candidate) else { continue }
            if let current = best, current.distance <= distance { continue }
            best = (distance, candidate)
        }
        return best?.name
    }

    /// ` (did you mean 'x'?)`, or "" without a close candidate: append it to the message.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// `message` plus ` (did you mean 'x'?)` when there is a close candidate.
    public static func message(_ message: String, for name: String, among candidates: some Sequence<String>) -> String {
        message + hint(for: name, among: candidates)
    }

    /// The most edits that still read as a typo of `name` for `candidate` (Characters).
    static func limit(_ name: String, _ candidate: String) -> Int {
        let longer = max(name.count, candidate.count)
        return min(longer - 1, max(2, longer * 2 / 5))
    }
}
