/// Shows the text of a planned file, or the host's current text of it, with its secrets masked
/// by structure: the value of each line of a `SecretSetting` (see `SecretSetting.shown`) and the
/// continuation lines under it; the whole text of a secret file as one `<secret>` line. Every
/// other line (section headers, keys, comments, values without a secret) is shown as it is.
///
/// Lines are read as `INIDocument` reads them: split at each LF byte, `[name]` starts a section,
/// an indented line continues the setting above it.
public struct ContentMask: Sendable {
    /// The text is secret as a whole.
    public let masksWholeText: Bool
    private let settings: [INIKey: SecretSetting]

    public static let none = ContentMask(masksWholeText: false, settings: [])

    public init(_ file: PlannedFile) {
        self.init(masksWholeText: file.isSecret, settings: file.secretSettings)
    }

    init(masksWholeText: Bool, settings: [SecretSetting]) {
        self.masksWholeText = masksWholeText
        var byKey: [INIKey: SecretSetting] = [:]
        for setting in settings { byKey[INIKey(section: setting.section, key: setting.key)] = setting }
        self.settings = byKey
    }

    /// `text` as shown, its line breaks kept.
    public func shown(_ text: String) -> String {
        let lines = shownLines(of: text)
        if lines.isEmpty { return "" }
        let keepsLastBreak = masksWholeText || text.utf8.last == UInt8(ascii: "\n")
        return lines.joined(separator: "\n") + (keepsLastBreak ? "\n" : "")
    }

    /// The lines of `text` as shown, without their line breaks (none after a final LF).
    public func shownLines(of text: String) -> [String] {
        if text.isEmpty { return [] }
        if masksWholeText { return ["<secret>"] }
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if text.utf8.last == UInt8(ascii: "\n") { lines.removeLast() }
        return shown(lines)
    }

    /// `lines` (without line breaks) as shown.
    func shown(_ lines: [String]) -> [String] {
        guard !settings.isEmpty else { return lines }
        var section: String?
        // The setting an indented line would continue, and whether it carries a secret.
        var continuable = false
        var continuesSecret = false
        var shown: [String] = []
        shown.reserveCapacity(lines.count)
        for line in lines {
            let text = INILine.trimmedEnd(line)
            guard let first = text.first else {
                continuable = false
                shown.append(line)
                continue
            }
            if first == " " || first == "\t" {
                let isSecret = continuable && continuesSecret
                shown.append(isSecret ? String(line.prefix { $0 == " " || $0 == "\t" }) + "<secret>" : line)
                continue
            }
            continuable = false
            if first == "[", let name = INILine.sectionName(line) { section = name }
            guard first != "[", first != "#", first != ";", let key = INILine.key(ofSetting: text) else {
                shown.append(line)
                continue
            }
            continuable = true
            let setting = section.flatMap { settings[INIKey(section: $0, key: key)] }
            continuesSecret = setting != nil
            shown.append(setting.map { Self.masking(line, with: $0) } ?? line)
        }
        return shown
    }

    /// A `key = value` line of `setting` with its value as `SecretSetting.shown` has it.
    static func masking(_ line: String, with setting: SecretSetting) -> String {
        guard let separator = INILine.separatorIndex(line) else { return line }
        let valueStart = line.index(after: separator)
        let blanks = String(line[valueStart...].prefix { $0 == " " || $0 == "\t" })
        return String(line[..<valueStart]) + (blanks.isEmpty ? " " : blanks) + setting.shown(INILine.firstValue(line))
    }
}
