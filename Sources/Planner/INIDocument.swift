/// An oslo.config INI file that keeps every byte it does not edit: comments, blank lines, order,
/// unrelated keys and the `#key = default` samples of packaged files. `text` of an unedited
/// document is exactly the parsed text.
///
/// Lines are read the way oslo.config's `iniparser` reads them: `[name]` starts a section, a line
/// starting with `#` or `;` is a comment, an indented line right after a setting continues it,
/// anything else is `key = value` (or `key: value`). Lines before the first section header belong
/// to no section and are never edited.
///
/// Editing rules (puppet's ini_setting, see `set(section:key:values:)`):
/// - an existing key is replaced in place at its first active line; later duplicates are removed;
/// - a new key goes right after the first commented sample `#key = ...` of its section, else
///   after the section's last active setting, else right after the section header;
/// - a missing section is appended at the end (`[DEFAULT]` is put before the first section);
/// - `purge(keeping:)` drops active settings only: comments, blank lines and headers stay.
public struct INIDocument: Sendable, Equatable {
    var blocks: [Block]
    /// Whether the text ended with a line break (serializing restores it).
    var endsWithNewline: Bool

    public init(parsing text: String) {
        // Split on the byte 0x0A, not on Characters: "\r\n" is one Character and must stay intact.
        var rawLines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        endsWithNewline = text.utf8.last == UInt8(ascii: "\n")
        if endsWithNewline || text.isEmpty { rawLines.removeLast() }
        var parts: [(name: String?, lines: [String])] = [(nil, [])]
        for line in rawLines {
            if let name = INILine.sectionName(line) {
                parts.append((name, [line]))
            } else {
                parts[parts.count - 1].lines.append(line)
            }
        }
        if parts[0].lines.isEmpty && parts.count > 1 { parts.removeFirst() }
        blocks = parts.map { Block(name: $0.name, lines: $0.lines) }
    }

    /// The document as it would be written, byte for byte.
    public var text: String {
        let lines = blocks.flatMap(\.lines)
        if lines.isEmpty { return "" }
        return lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// Section names in order of first appearance (a section may have several headers).
    public var sectionNames: [String] {
        var seen = Set<String>()
        return blocks.compactMap(\.name).filter { seen.insert($0).inserted }
    }

    /// Active values of `key` in `section`, in file order; continuation lines are joined with "\n".
    /// Values are read as oslo does: trimmed, one pair of matching surrounding quotes removed.
    public func values(section: String, key: String) -> [String] {
        var found: [String] = []
        for block in blocks where block.name == section {
            for entry in block.settings where entry.key == key {
                found.append(entry.value(in: block.lines))
            }
        }
        return found
    }

    /// Every active (section, key) in file order, without duplicates.
    public var activeKeys: [INIKey] {
        var seen = Set<INIKey>()
        var keys: [INIKey] = []
        for block in blocks {
            guard let name = block.name else { continue }
            for entry in block.settings {
                let key = INIKey(section: name, key: entry.key)
                if seen.insert(key).inserted { keys.append(key) }
            }
        }
        return keys
    }
}

/// One key of one section.
public struct INIKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var section: String
    public var key: String

    public init(section: String, key: String) {
        self.section = section
        self.key = key
    }

    public static func < (lhs: INIKey, rhs: INIKey) -> Bool {
        (lhs.section, lhs.key) < (rhs.section, rhs.key)
    }

    public var description: String { "[\(section)] \(key)" }
}
