extension INIDocument {
    /// One `[section]` and the lines up to the next header. The first block may have no header.
    ///
    /// Its active settings and commented samples are parsed once and kept in step with every edit
    /// (`replaceLines`), so that setting one key costs a look-up, not a parse of the block.
    struct Block: Sendable, Equatable {
        /// nil for the lines before the first header.
        var name: String?
        /// Raw lines without their line break; `lines[0]` is the header when `name` is set.
        private(set) var lines: [String]
        /// The active settings of `lines`, in order: always `INILine.settings(in: lines)`.
        private(set) var settings: [INILine.Setting]
        /// For each line, the key of its commented sample `#key = ...`, else nil.
        private(set) var sampleKeys: [String?]

        init(name: String?, lines: [String]) {
            self.name = name
            self.lines = lines
            settings = INILine.settings(in: lines)
            sampleKeys = lines.map(INILine.sampleKey)
        }

        static func == (lhs: Block, rhs: Block) -> Bool {
            lhs.name == rhs.name && lhs.lines == rhs.lines
        }

        /// The first line of the commented sample of `key`.
        func sampleLine(of key: String) -> Int? {
            sampleKeys.firstIndex(of: key)
        }

        mutating func insert(_ newLines: [String], at index: Int) {
            replaceLines(index..<index, with: newLines)
        }

        mutating func append(_ newLines: [String]) {
            insert(newLines, at: lines.count)
        }

        mutating func removeLines(_ range: ClosedRange<Int>) {
            replaceLines(Range(range), with: [])
        }

        mutating func removeLastLine() {
            removeLines(lines.count - 1...lines.count - 1)
        }

        /// Replaces `range` of `lines` with `newLines` and updates the index.
        ///
        /// How a line reads depends only on itself, except that an indented line continues the
        /// setting just above it. So the settings outside `range` keep their meaning (shifted)
        /// unless an indented line now follows other text, or a setting straddled a bound of
        /// `range`: then the block is parsed again.
        mutating func replaceLines(_ range: Range<Int>, with newLines: [String]) {
            lines.replaceSubrange(range, with: newLines)
            sampleKeys.replaceSubrange(range, with: newLines.map(INILine.sampleKey))
            let after = range.lowerBound + newLines.count
            // Lines added after every setting (how a new key usually goes in): the index grows at its end.
            if range.isEmpty, settings.last.map({ $0.end < range.lowerBound }) ?? true,
               newLines.first.map(INILine.isIndentedText) != true,
               !(lines.indices.contains(after) && INILine.isIndentedText(lines[after])) {
                settings += INILine.settings(in: newLines).map { $0.shifted(by: range.lowerBound) }
                return
            }
            let straddles = settings.contains { setting in
                (setting.start < range.lowerBound && setting.end >= range.lowerBound)
                    || (setting.start < range.upperBound && setting.end >= range.upperBound && setting.start >= range.lowerBound)
            }
            if straddles || newLines.first.map(INILine.isIndentedText) == true
                || (lines.indices.contains(after) && INILine.isIndentedText(lines[after])) {
                settings = INILine.settings(in: lines)
                return
            }
            let delta = newLines.count - range.count
            let before = settings.prefix(while: { $0.end < range.lowerBound })
            let inserted = INILine.settings(in: newLines).map { $0.shifted(by: range.lowerBound) }
            let following = settings.drop(while: { $0.start < range.upperBound }).map { $0.shifted(by: delta) }
            settings = Array(before) + inserted + following
        }
    }
}
