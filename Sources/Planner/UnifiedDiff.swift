/// `diff -u` between the current and the planned text of one file: `--- a/path`, `+++ b/path`
/// headers (no timestamps; with a host, its name after a tab where `diff` puts the time, which
/// `patch` ignores), hunks with `context` unchanged lines around each change, and
/// `\ No newline at end of file` markers. Lines print as `mask` shows them; a text secret as a
/// whole is one `<secret>` line a side, without markers.
public enum UnifiedDiff {
    /// The diff, or "" when both texts are equal.
    public static func diff(from old: String, to new: String, path: String, host: String? = nil,
                            mask: ContentMask = .none, context: Int = 3) -> String {
        if old == new { return "" }
        let relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
        let label = host.map { "\t" + $0 } ?? ""
        var out = "--- a/\(relative)\(label)\n+++ b/\(relative)\(label)\n"
        if mask.masksWholeText {
            out += "@@ -\(Hunk.range(0, old.isEmpty ? 0 : 1)) +\(Hunk.range(0, new.isEmpty ? 0 : 1)) @@\n"
            return out + (old.isEmpty ? "" : "-<secret>\n") + (new.isEmpty ? "" : "+<secret>\n")
        }
        var oldLines = DiffLine.split(old)
        var newLines = DiffLine.split(new)
        let operations = LineDiff.operations(oldLines.map(\.key), newLines.map(\.key))
        DiffLine.show(&oldLines, mask)
        DiffLine.show(&newLines, mask)
        for hunk in hunks(operations, context: max(0, context)) {
            out += hunk.header
            var oldIndex = hunk.oldStart
            var newIndex = hunk.newStart
            for operation in operations[hunk.operations] {
                let line: DiffLine
                let marker: String
                switch operation {
                case .equal:
                    line = oldLines[oldIndex]
                    marker = " "
                    oldIndex += 1
                    newIndex += 1
                case .delete:
                    line = oldLines[oldIndex]
                    marker = "-"
                    oldIndex += 1
                case .insert:
                    line = newLines[newIndex]
                    marker = "+"
                    newIndex += 1
                }
                out += marker + line.text + "\n"
                if line.lacksNewline { out += "\\ No newline at end of file\n" }
            }
        }
        return out
    }

    struct Hunk {
        /// Range into the operation list.
        var operations: Range<Int>
        /// 0-based first line of each side.
        var oldStart: Int
        var newStart: Int
        var oldCount: Int
        var newCount: Int

        var header: String {
            "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@\n"
        }

        /// GNU's form: `l` for one line, `l,n` otherwise, and for no line the line before it.
        static func range(_ start: Int, _ count: Int) -> String {
            switch count {
            case 0: return "\(start),0"
            case 1: return "\(start + 1)"
            default: return "\(start + 1),\(count)"
            }
        }
    }

    /// Groups changes whose unchanged gap is at most `2 * context` lines into one hunk.
    static func hunks(_ operations: [LineDiff.Operation], context: Int) -> [Hunk] {
        let changed = operations.indices.filter { operations[$0] != .equal }
        guard let first = changed.first else { return [] }
        var groups: [ClosedRange<Int>] = []
        var start = first
        var end = first
        for index in changed.dropFirst() {
            if index - end - 1 > 2 * context {
                groups.append(start...end)
                start = index
            }
            end = index
        }
        groups.append(start...end)

        // Line positions before each operation.
        var oldBefore = [Int](repeating: 0, count: operations.count + 1)
        var newBefore = [Int](repeating: 0, count: operations.count + 1)
        for (index, operation) in operations.enumerated() {
            oldBefore[index + 1] = oldBefore[index] + (operation == .insert ? 0 : 1)
            newBefore[index + 1] = newBefore[index] + (operation == .delete ? 0 : 1)
        }
        return groups.map { group in
            let lower = max(0, group.lowerBound - context)
            let upper = min(operations.count, group.upperBound + 1 + context)
            return Hunk(operations: lower..<upper, oldStart: oldBefore[lower], newStart: newBefore[lower],
                        oldCount: oldBefore[upper] - oldBefore[lower], newCount: newBefore[upper] - newBefore[lower])
        }
    }
}

/// One line of a diffed text; a last line without a line break differs from the same text with one.
struct DiffLine {
    var text: String
    var lacksNewline: Bool

    var key: String { lacksNewline ? text + "\u{0}" : text }

    /// Replaces each line's text by what `mask` shows (after the lines were compared).
    static func show(_ lines: inout [DiffLine], _ mask: ContentMask) {
        for (index, text) in mask.shown(lines.map(\.text)).enumerated() { lines[index].text = text }
    }

    static func split(_ text: String) -> [DiffLine] {
        if text.isEmpty { return [] }
        var parts = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let endsWithNewline = text.utf8.last == UInt8(ascii: "\n")
        if endsWithNewline { parts.removeLast() }
        return parts.enumerated().map { index, part in
            DiffLine(text: part, lacksNewline: !endsWithNewline && index == parts.count - 1)
        }
    }
}
