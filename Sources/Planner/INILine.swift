/// How oslo.config's `iniparser` reads single lines, and what may be written into one.
enum INILine {
    /// An active `key = value` line and the continuation lines (indented) that follow it.
    struct Setting: Sendable, Equatable {
        var key: String
        /// Index of the `key = value` line in its block.
        var start: Int
        /// Index of its last continuation line (`start` when it has none).
        var end: Int

        func value(in lines: [String]) -> String {
            var parts = [INILine.firstValue(lines[start])]
            if end > start {
                for index in (start + 1)...end { parts.append(INILine.trimmed(lines[index])) }
            }
            return parts.joined(separator: "\n")
        }

        func shifted(by offset: Int) -> Setting {
            Setting(key: key, start: start + offset, end: end + offset)
        }
    }

    /// A line that starts with a blank and has text: it continues a setting right above it.
    static func isIndentedText(_ line: String) -> Bool {
        guard let first = line.first, first == " " || first == "\t" else { return false }
        return !trimmedEnd(line).isEmpty
    }

    /// `name` for a `[name]` header line (the `[` must be the first character).
    static func sectionName(_ line: String) -> String? {
        let text = trimmedEnd(line)
        guard text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 else { return nil }
        return trimmed(String(text.dropFirst().dropLast()))
    }

    /// The active settings of a block, in order.
    static func settings(in lines: [String]) -> [Setting] {
        var found: [Setting] = []
        var continuable = false
        for (index, line) in lines.enumerated() {
            let text = trimmedEnd(line)
            guard let first = text.first else {
                continuable = false
                continue
            }
            if first == " " || first == "\t" {
                if continuable { found[found.count - 1].end = index }
                continue
            }
            continuable = false
            if first == "[" || first == "#" || first == ";" { continue }
            guard let key = key(ofSetting: text) else { continue }
            found.append(Setting(key: key, start: index, end: index))
            continuable = true
        }
        return found
    }

    /// `key` for a commented sample `#key = value` (no space after `#`), as packaged files have.
    static func sampleKey(_ line: String) -> String? {
        guard line.hasPrefix("#") else { return nil }
        let body = line.dropFirst()
        guard let first = body.first, first != " ", first != "\t", first != "#" else { return nil }
        guard let separator = body.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = trimmedEnd(String(body[..<separator]))
        return isValidKey(key) ? key : nil
    }

    static func key(ofSetting text: String) -> String? {
        guard let separator = separatorIndex(text) else { return nil }
        let key = trimmed(String(text[..<separator]))
        return key.isEmpty ? nil : key
    }

    /// Where the first `=` or `:` is. Characters of ASCII text without a line break are its
    /// bytes, so such text is scanned byte by byte.
    static func separatorIndex(_ text: String) -> String.Index? {
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\n") }) {
            return bytes.firstIndex { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }
        }
        return text.firstIndex(where: { $0 == "=" || $0 == ":" })
    }

    static func firstValue(_ line: String) -> String {
        guard let separator = separatorIndex(line) else { return "" }
        var value = trimmed(String(line[line.index(after: separator)...]))
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }

    static func render(key: String, value: String) -> String {
        value.isEmpty ? "\(key) =" : "\(key) = \(value)"
    }

    static func isValidKey(_ key: String) -> Bool {
        if isPlainKey(key) { return true }
        guard let first = key.first, first != "#", first != ";", first != "[" else { return false }
        return !key.unicodeScalars.contains { scalar in
            scalar == "=" || scalar == ":" || scalar == " " || isControl(scalar)
                || (scalar.value >= 0x80 && scalar.properties.isWhitespace)
        }
    }

    /// Printable ASCII without blanks, `=` or `:`, not starting like a comment or a header: a valid key.
    private static func isPlainKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, first != UInt8(ascii: "#"), first != UInt8(ascii: ";"),
              first != UInt8(ascii: "[") else { return false }
        return key.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: ":") }
    }

    /// Printable ASCII without brackets, not starting or ending with a space: a valid section name.
    private static func isPlainSection(_ name: String) -> Bool {
        guard let first = name.utf8.first, let last = name.utf8.last,
              first != UInt8(ascii: " "), last != UInt8(ascii: " ") else { return false }
        return name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") }
    }

    static func isValidSection(_ name: String) -> Bool {
        if isPlainSection(name) { return true }
        guard !name.isEmpty, trimmed(name) == name else { return false }
        return !name.unicodeScalars.contains { $0 == "]" || $0 == "[" || isControl($0) }
    }

    /// The first control character of `value` (newline, NUL, tab, DEL, C1...), which would let a
    /// value break out of its line; nil when the value is safe to write.
    static func firstControlCharacter(_ value: String) -> Unicode.Scalar? {
        value.unicodeScalars.first(where: isControl)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Printable ASCII that neither starts nor ends with a space nor is wrapped in matching quotes:
    /// a value `INIDocument.problem` accepts without looking at its Characters.
    static func isPlainASCII(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return false }
        if bytes.count >= 2 && last == first && (first == UInt8(ascii: "'") || first == UInt8(ascii: "\"")) {
            return false
        }
        return bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `U+000A` style name of a scalar, for messages that must not print the value itself.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func trimmed(_ text: String) -> String {
        // Most text has nothing to trim: a blank Character starts or ends with its blank byte.
        if let first = text.utf8.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
           !endsWithBlankByte(text) {
            return text
        }
        if let trimmed = trimmedASCII(text, leading: true) { return trimmed }
        return trimmedEnd(String(text.drop(while: { $0 == " " || $0 == "\t" })))
    }

    static func trimmedEnd(_ text: String) -> String {
        if !endsWithBlankByte(text) { return text }
        if let trimmed = trimmedASCII(text, leading: false) { return trimmed }
        var result = Substring(text)
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return String(result)
    }

    /// `trimmed` (with `leading`) or `trimmedEnd` of ASCII text, byte by byte: there, the only
    /// Character of two bytes is CR LF, which neither strips. nil for other text.
    private static func trimmedASCII(_ text: String, leading: Bool) -> String? {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var start = bytes.startIndex
        var end = bytes.endIndex
        if leading {
            while start != end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
                start = bytes.index(after: start)
            }
        }
        while start != end {
            let last = bytes[bytes.index(before: end)]
            guard last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") else { break }
            end = bytes.index(before: end)
        }
        return String(text[start..<end])
    }

    /// Whether the last byte is a space, tab or CR (which a trimmed Character would end with).
    private static func endsWithBlankByte(_ text: String) -> Bool {
        guard let last = text.utf8.last else { return false }
        return last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r")
    }
}
