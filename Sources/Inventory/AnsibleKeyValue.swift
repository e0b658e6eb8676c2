/// Ansible's `parse_kv` over `split_args` (lib/ansible/parsing/splitter.py), as `-e key=value`
/// is read: words split at spaces, except inside quotes and `{{ }}`, `{% %}`, `{# #}`; Python
/// escapes (`\n`, `\x41`, `\u00e9`…) decoded; each word split at its first `=` not preceded by a
/// backslash; the value's own outer quotes removed. Values stay strings.
enum AnsibleKeyValue {
    struct Failure: Error, Equatable {
        var message: String
    }

    /// The pairs, and the words that are not `key=value` (Ansible's `_raw_params`).
    static func parse(_ text: String) throws(Failure) -> (pairs: [(String, String)], others: [String]) {
        var pairs: [(String, String)] = []
        var others: [String] = []
        for word in try split(text) {
            let decoded = try decodeEscapes(word)
            let characters = Array(decoded)
            guard characters.contains("=") else {
                others.append(word)
                continue
            }
            // Ansible looks for '=' from the second character on.
            guard let position = characters.indices.dropFirst().first(where: { characters[$0] == "=" && characters[$0 - 1] != "\\" })
            else {
                others.append(decoded.replacingOccurrences(of: "\\=", with: "="))
                continue
            }
            let key = String(characters[..<position]).trimmingCharacters(in: .whitespacesAndNewlines)
            let value = String(characters[(position + 1)...]).trimmingCharacters(in: .whitespacesAndNewlines)
            pairs.append((key, unquote(value)))
        }
        return (pairs, others)
    }

    /// `split_args`.
    static func split(_ text: String) throws(Failure) -> [String] {
        guard !text.isEmpty else { return [] }
        var params: [String] = []
        var quote: Character?
        var insideQuotes = false
        var depths = (print: 0, block: 0, comment: 0)
        func inBlock() -> Bool { depths.print > 0 || depths.block > 0 || depths.comment > 0 }
        func appendToLast(_ text: String) {
            if params.isEmpty { params.append("") }
            params[params.count - 1] += text
        }
        let items = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (itemIndex, item) in items.enumerated() {
            var lineContinuation = false
            for (index, tokenText) in item.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                let token = String(tokenText)
                if token.isEmpty && index != 0 {
                    appendToLast(" ")
                    continue
                }
                if token == "\\" && !insideQuotes {
                    lineContinuation = true
                    continue
                }
                let wasInsideQuotes = insideQuotes
                quote = quoteState(token, quote)
                insideQuotes = quote != nil
                var appended = false
                if insideQuotes && !wasInsideQuotes && !inBlock() {
                    params.append(token)
                    appended = true
                } else if inBlock() || insideQuotes || wasInsideQuotes {
                    appendToLast(index == 0 && wasInsideQuotes ? token : (index > 0 ? " " : "") + token)
                    appended = true
                }
                for (open, close, keyPath) in [("{{", "}}", \(print: Int, block: Int, comment: Int).print),
                                               ("{%", "%}", \.block), ("{#", "#}", \.comment)] {
                    let before = depths[keyPath: keyPath]
                    depths[keyPath: keyPath] = depth(token, before, open, close)
                    if depths[keyPath: keyPath] != before && !appended {
                        params.append(token)
                        appended = true
                    }
                }
                if !inBlock() && !insideQuotes && !appended && !token.isEmpty { params.append(token) }
            }
            if items.count > 1 && itemIndex != items.count - 1 && !lineContinuation { appendToLast("\n") }
        }
        if inBlock() || insideQuotes {
            throw Failure(message: "unbalanced quotes or {{ }} (Ansible fails at splitting it)")
        }
        return params
    }

    /// `_get_quote_state`: the quote still open after `token`.
    private static func quoteState(_ token: String, _ open: Character?) -> Character? {
        var quote = open
        var previous: Character?
        for character in token {
            if (character == "\"" || character == "'") && previous != "\\" {
                if let current = quote {
                    if character == current { quote = nil }
                } else {
                    quote = character
                }
            }
            previous = character
        }
        return quote
    }

    /// `_count_jinja2_blocks`.
    private static func depth(_ token: String, _ current: Int, _ open: String, _ close: String) -> Int {
        let opened = token.components(separatedBy: open).count - 1
        let closed = token.components(separatedBy: close).count - 1
        return opened == closed ? current : max(0, current + opened - closed)
    }

    /// `unquote`: the outer quotes of a value that starts and ends with the same one.
    static func unquote(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 1, let first = characters.first, first == characters.last, first == "\"" || first == "'",
              characters[characters.count - 2] != "\\" else { return value }
        return String(characters[1..<(characters.count - 1)])
    }

    /// `_decode_escapes`: Python's unicode-escape of `\U…`, `\u…`, `\x…` and the one-letter
    /// escapes; any other backslash stays. `\N{NAME}` is refused (no name table here).
    static func decodeEscapes(_ text: String) throws(Failure) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        let single: [Unicode.Scalar: Unicode.Scalar] = [
            "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r",
            "t": "\t", "v": "\u{0B}",
        ]
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\\", index + 1 < scalars.count else {
                out.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if let decoded = single[next] {
                out.append(decoded)
                index += 2
                continue
            }
            let digits = ["x": 2, "u": 4, "U": 8][Character(next)]
            if let digits, index + 2 + digits <= scalars.count {
                let hex = String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 2 + digits)]))
                if hex.allSatisfy(\.isHexDigit), let value = UInt32(hex, radix: 16) {
                    guard let decoded = Unicode.Scalar(value) else {
                        throw Failure(message: "'\\\(next)\(hex)' is not a Unicode character")
                    }
                    out.append(decoded)
                    index += 2 + digits
                    continue
                }
            }
            if next == "N", index + 2 < scalars.count, scalars[index + 2] == "{",
               scalars[(index + 3)...].contains("}") {
                throw Failure(message: "'\\N{…}' escapes are not supported: write the character, or '\\uXXXX'")
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}
