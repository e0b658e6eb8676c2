import Basics
import Foundation

/// One pattern part against a host or group name: `~regex` (anchored at the start, like
/// Python's `re.match`) or a shell glob with `*`, `?`, `[seq]` and `[!seq]` (whole name).
struct NameMatcher {
    private let regex: NSRegularExpression

    init(_ pattern: String) throws(UserError) {
        let source = pattern.hasPrefix("~") ? "^(?:" + pattern.dropFirst() + ")" : Self.translate(pattern)
        do {
            regex = try NSRegularExpression(pattern: source)
        } catch {
            throw UserError("invalid host list pattern '\(pattern)'")
        }
    }

    func matches(_ name: String) -> Bool {
        regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    /// Python's `fnmatch.translate`.
    static func translate(_ glob: String) -> String {
        let characters = Array(glob)
        var out = "^"
        var index = 0
        while index < characters.count {
            let c = characters[index]
            index += 1
            switch c {
            case "*": out += ".*"
            case "?": out += "."
            case "[":
                var end = index
                if end < characters.count && characters[end] == "!" { end += 1 }
                if end < characters.count && characters[end] == "]" { end += 1 }
                while end < characters.count && characters[end] != "]" { end += 1 }
                if end >= characters.count {
                    out += "\\["
                } else {
                    var body = String(characters[index..<end]).replacingOccurrences(of: "\\", with: "\\\\")
                    index = end + 1
                    if body.hasPrefix("!") { body = "^" + body.dropFirst() } else if body.hasPrefix("^") { body = "\\" + body }
                    out += "[" + body + "]"
                }
            default: out += NSRegularExpression.escapedPattern(for: String(c))
            }
        }
        return out + "$"
    }
}
