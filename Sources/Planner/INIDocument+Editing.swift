import Basics
import Playbook

extension INIDocument {
    /// Sets `key` to one value. See `set(section:key:values:)`.
    public mutating func set(section: String, key: String, value: String) throws(UserError) {
        try set(section: section, key: key, values: [value])
    }

    /// Makes `key` hold exactly `values`, one `key = value` line each (oslo's MultiStrOpt).
    ///
    /// The first active line of the key is replaced in place by the new lines and its other
    /// active lines are removed. A key not yet in the section is inserted right after its
    /// commented sample `#key = ...` (as puppet's ini_setting does), else after the section's last
    /// active setting, else right after the header. A missing section is appended at the end,
    /// except `[DEFAULT]`, which goes before the first section. An empty `values` removes the key.
    ///
    /// Throws when the section, the key or a value could not be written on one line.
    public mutating func set(section: String, key: String, values: [String]) throws(UserError) {
        try Self.check(section: section, key: key, values: values)
        setChecked(section: section, key: key, values: values)
    }

    /// `set(section:key:values:)` for what `problem(section:key:values:)` already accepted.
    mutating func setChecked(section: String, key: String, values: [String]) {
        if values.isEmpty {
            remove(section: section, key: key)
            return
        }
        let newLines = values.map { INILine.render(key: key, value: $0) }
        if replaceExisting(section: section, key: key, with: newLines) { return }
        insertNew(section: section, key: key, lines: newLines)
    }

    /// Removes every active line of `key` in `section` (with its continuation lines).
    public mutating func remove(section: String, key: String) {
        for index in blocks.indices where blocks[index].name == section {
            for entry in blocks[index].settings.reversed() where entry.key == key {
                blocks[index].removeLines(entry.start...entry.end)
            }
        }
    }

    /// Drops every active setting whose (section, key) is not in `managed`. Comments, commented
    /// samples, blank lines and section headers stay (puppet's purge removes settings, not text),
    /// except that a section left with nothing but blank lines is dropped whole: glance_store
    /// reads every section of glance-swift.conf as a swift reference and logs an error for an
    /// empty one.
    public mutating func purge(keeping managed: Set<INIKey>) {
        var emptied: [Int] = []
        for index in blocks.indices {
            guard let name = blocks[index].name else { continue }
            let settings = blocks[index].settings
            for entry in settings.reversed() where !managed.contains(INIKey(section: name, key: entry.key)) {
                blocks[index].removeLines(entry.start...entry.end)
            }
            if !settings.isEmpty && blocks[index].lines.dropFirst().allSatisfy({ INILine.trimmedEnd($0).isEmpty }) {
                emptied.append(index)
            }
        }
        let droppedLast = emptied.last == blocks.indices.last
        for index in emptied.reversed() { blocks.remove(at: index) }
        if droppedLast, let last = blocks.indices.last {
            while blocks[last].lines.count > 1, let line = blocks[last].lines.last, INILine.trimmedEnd(line).isEmpty {
                blocks[last].removeLastLine()
            }
        }
        if blocks.isEmpty { blocks = [Block(name: nil, lines: [])] }
    }

    /// Applies one setting: `.set` and `.multi` as `set`, `.absent` as `remove`.
    public mutating func apply(_ setting: ConfigSetting) throws(UserError) {
        if setting.value != .absent {
            try Self.check(section: setting.section, key: setting.key, values: Planner.values(of: setting.value))
        }
        applyChecked(setting)
    }

    /// `apply` for a setting `problem(section:key:values:)` already accepted.
    mutating func applyChecked(_ setting: ConfigSetting) {
        switch setting.value {
        case .set(let value): setChecked(section: setting.section, key: setting.key, values: [value])
        case .multi(let values): setChecked(section: setting.section, key: setting.key, values: values)
        case .absent: remove(section: setting.section, key: setting.key)
        }
    }

    /// Why `section`/`key`/`values` cannot be written, as a message that never prints a value.
    public static func problem(section: String, key: String, values: [String]) -> String? {
        if !INILine.isValidSection(section) {
            return "invalid section name [\(section.debugDescription.dropFirst().dropLast())]"
        }
        if !INILine.isValidKey(key) {
            return "invalid key \(key.debugDescription) in [\(section)]"
        }
        for value in values {
            if INILine.isPlainASCII(value) { continue }
            if let scalar = INILine.firstControlCharacter(value) {
                return "the value of [\(section)] \(key) contains the control character "
                    + "\(INILine.codePoint(scalar)); a value must fit on one INI line"
            }
            // oslo.config strips one pair of matching quotes and the surrounding blanks: such a
            // value would not reach Glance as written.
            if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
                return "the value of [\(section)] \(key) is wrapped in \(first) quotes, which oslo.config strips; "
                    + "write it without them"
            }
            if value.first?.isWhitespace == true || value.last?.isWhitespace == true {
                return "the value of [\(section)] \(key) starts or ends with a blank, which oslo.config strips"
            }
        }
        return nil
    }

    static func check(section: String, key: String, values: [String]) throws(UserError) {
        if let problem = problem(section: section, key: key, values: values) { throw UserError(problem) }
    }

    /// Replaces the key's first active line in the section, removes its other lines.
    /// Returns false when the key has no active line there.
    private mutating func replaceExisting(section: String, key: String, with newLines: [String]) -> Bool {
        var placed = false
        for index in blocks.indices where blocks[index].name == section {
            guard blocks[index].settings.contains(where: { $0.key == key }) else { continue }
            let entries = blocks[index].settings.filter { $0.key == key }
            let placesHere = !placed
            for (position, entry) in entries.enumerated().reversed() {
                if placesHere && position == 0 {
                    blocks[index].replaceLines(entry.start..<entry.end + 1, with: newLines)
                } else {
                    blocks[index].removeLines(entry.start...entry.end)
                }
            }
            placed = true
        }
        return placed
    }

    private mutating func insertNew(section: String, key: String, lines newLines: [String]) {
        let sectionBlocks = blocks.indices.filter { blocks[$0].name == section }
        guard let firstBlock = sectionBlocks.first else {
            appendSection(section, lines: newLines)
            return
        }
        for index in sectionBlocks {
            if let sample = blocks[index].sampleLine(of: key) {
                blocks[index].insert(newLines, at: sample + 1)
                return
            }
        }
        for index in sectionBlocks.reversed() {
            if let last = blocks[index].settings.last {
                blocks[index].insert(newLines, at: last.end + 1)
                return
            }
        }
        blocks[firstBlock].insert(newLines, at: 1)
    }

    private mutating func appendSection(_ section: String, lines newLines: [String]) {
        let block = Block(name: section, lines: ["[\(section)]"] + newLines)
        let hasText = blocks.contains { !$0.lines.isEmpty }
        if section == "DEFAULT", let firstNamed = blocks.firstIndex(where: { $0.name != nil }) {
            blocks.insert(Block(name: section, lines: block.lines + [""]), at: firstNamed)
        } else {
            if let last = blocks.indices.last(where: { !blocks[$0].lines.isEmpty }),
               let lastLine = blocks[last].lines.last, !INILine.trimmedEnd(lastLine).isEmpty {
                blocks[last].append([""])
            }
            blocks.append(block)
        }
        if !hasText || !endsWithNewline { endsWithNewline = true }
    }
}
