/// Python's `shlex.split(line, comments=True, posix=True)`, which Ansible applies to host lines:
/// quotes group words and are removed, a backslash escapes outside single quotes, and `#`
/// starts a comment anywhere outside quotes (even in the middle of a word). With
/// `comments: false` it is `shlex.split(line)`, which Ansible applies to `ansible_ssh_*_args`.
public struct ShellWords {
    public struct Word: Equatable, Sendable {
        public var text: String
        /// 1-based column of the word's first character in the line.
        public var column: Int
    }

    public enum Failure: Error, Equatable {
        case noClosingQuotation
        case noEscapedCharacter
    }

    public static func split(_ line: String, comments: Bool = true) throws(Failure) -> [Word] {
        var words: [Word] = []
        var token = ""
        var inToken = false
        var tokenColumn = 0
        var quote: Unicode.Scalar?
        let scalars = Array(line.unicodeScalars)
        var index = 0
        func finish() {
            if inToken { words.append(Word(text: token, column: tokenColumn)) }
            token = ""
            inToken = false
        }
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if let open = quote {
                if c == open {
                    quote = nil
                } else if c == "\\" && open == "\"" {
                    guard index < scalars.count else { throw .noClosingQuotation }
                    let next = scalars[index]
                    index += 1
                    if next != "\"" && next != "\\" { token.unicodeScalars.append(c) }
                    token.unicodeScalars.append(next)
                } else {
                    token.unicodeScalars.append(c)
                }
                continue
            }
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                finish()
            } else if comments && c == "#" {
                break
            } else {
                if !inToken {
                    inToken = true
                    tokenColumn = index
                }
                if c == "'" || c == "\"" {
                    quote = c
                } else if c == "\\" {
                    guard index < scalars.count else { throw .noEscapedCharacter }
                    token.unicodeScalars.append(scalars[index])
                    index += 1
                } else {
                    token.unicodeScalars.append(c)
                }
            }
        }
        if quote != nil { throw .noClosingQuotation }
        finish()
        return words
    }
}
