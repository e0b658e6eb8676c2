import Basics
import Foundation

/// Host patterns as `--limit` and a play's `hosts:` take them, with Ansible's rules: parts are
/// separated by `,` (or `:`), `&part` intersects, `!part` excludes (applied after all unions),
/// each part is a host or group name, a glob (`ctl0*`), a `~regex`, optionally with a
/// subscript (`web[0]`, `web[1:2]`). `all` and `*` are every host.
struct HostPattern {
    let inventory: Inventory

    func hosts(matching pattern: String) throws(UserError) -> [String] {
        let parts = Self.split(pattern)
        guard !parts.isEmpty else { throw UserError("empty host pattern") }
        var regular = parts.filter { !$0.hasPrefix("&") && !$0.hasPrefix("!") }
        if regular.isEmpty { regular = ["all"] }
        var selected: [String] = []
        let ordered = regular + parts.filter { $0.hasPrefix("&") } + parts.filter { $0.hasPrefix("!") }
        for part in ordered {
            let matched = Set(try match(part))
            if part.hasPrefix("!") {
                selected.removeAll { matched.contains($0) }
            } else if part.hasPrefix("&") {
                selected.removeAll { !matched.contains($0) }
            } else {
                let known = Set(selected)
                selected += try match(part).filter { !known.contains($0) }
            }
        }
        return selected
    }

    /// Ansible's `split_host_pattern`.
    static func split(_ pattern: String) -> [String] {
        if pattern.contains(",") {
            return pattern.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let trimmed = pattern.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("::") || trimmed.filter({ $0 == ":" }).count > 2 && trimmed.allSatisfy({ $0.isHexDigit || $0 == ":" }) {
            return [trimmed]
        }
        return trimmed.matches(of: /(?:[^\s:\[\]]|\[[^\]]*\])+/).map { String($0.output) }
    }

    private func match(_ part: String) throws(UserError) -> [String] {
        let name = part.hasPrefix("&") || part.hasPrefix("!") ? String(part.dropFirst()) : part
        if inventory.hostOrder.contains(name) { return [name] }
        let (expression, slice) = Self.splitSubscript(name)
        let hosts = try enumerate(expression)
        guard !hosts.isEmpty || expression == "all" else {
            let names = inventory.hostOrder + inventory.groups.map(\.name)
            throw UserError("could not match supplied host pattern '\(name)'" + NearestName.hint(for: name, among: names))
        }
        guard let (start, end) = slice else { return hosts }
        let first = start < 0 ? hosts.count + start : start
        let last = end.map { $0 == -1 ? hosts.count - 1 : $0 } ?? first
        guard first >= 0, first < hosts.count else {
            throw UserError("no hosts matched the subscripted pattern '\(name)'")
        }
        return Array(hosts[first...min(last, hosts.count - 1)])
    }

    private static func splitSubscript(_ pattern: String) -> (String, (Int, Int?)?) {
        guard !pattern.hasPrefix("~"),
              let match = pattern.wholeMatch(of: /(.+)\[(?:(-?[0-9]+)|([0-9]+)[:-]([0-9]*))\]/) else {
            return (pattern, nil)
        }
        if let index = match.2.flatMap({ Int($0) }) { return (String(match.1), (index, nil)) }
        let start = match.3.flatMap { Int($0) } ?? 0
        let end = match.4.flatMap { Int($0) } ?? -1
        return (String(match.1), (start, end))
    }

    /// Hosts of every group the expression names (with their children's hosts), and, for a
    /// glob or regex or when no group matched, hosts whose names match; in inventory order.
    private func enumerate(_ expression: String) throws(UserError) -> [String] {
        let matcher = try NameMatcher(expression)
        let graph = inventory.groupGraph
        let matchedGroups = graph.groupOrder.filter { matcher.matches($0) }
        var chosen: Set<String> = []
        for group in matchedGroups {
            chosen.formUnion(graph.memberHosts(of: group))
        }
        let special = expression.hasPrefix("~") || expression.contains { ".?*[".contains($0) }
        if matchedGroups.isEmpty || special {
            chosen.formUnion(graph.hostOrder.filter { matcher.matches($0) })
        }
        return graph.hostOrder.filter { chosen.contains($0) }
    }
}
