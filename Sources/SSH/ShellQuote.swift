/// POSIX shell quoting for anything that comes from user input (paths, host names, values).
public enum ShellQuote {
    /// `'it'\''s'`: safe inside any POSIX shell word, whatever the input holds.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-:=@,+".contains($0)) }) {
            return text
        }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
