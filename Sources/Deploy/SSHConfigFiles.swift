import Basics
import Foundation
import SSH

/// The ssh_config files `ssh` reads, as OpenSSH 9.2 chooses them: `-F FILE` alone (`none`:
/// none), else `~/.ssh/config` then `/etc/ssh/ssh_config`, each with its `Include`s in place
/// (relative paths under `~/.ssh` for the user's file, `/etc/ssh` for the system's; globs; `~`).
/// Read only for where each keyword is first written (for messages) and which keywords are
/// written at all: what a host gets from them is `ssh -G`'s to say.
struct SSHConfigFiles: Sendable {
    /// Every keyword written in the files, lowercased, with its first place.
    private(set) var keywords: [String: SourceLocation] = [:]
    /// The files that exist, in the order ssh reads them.
    private(set) var paths: [String] = []
    /// What `-F` said, if anything (passed on to `ssh -G`).
    let explicitFile: String?

    init(explicitFile: String?) throws {
        self.explicitFile = explicitFile
        let home = Self.userHome
        if let explicitFile {
            guard explicitFile.lowercased() != "none" else { return }
            let path = Self.expandHome(explicitFile, home: home)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw UserError("-F \(explicitFile): cannot read the ssh_config file \(path)")
            }
            try read(path, base: home + "/.ssh", home: home, depth: 0)
            return
        }
        for (path, base) in [(home + "/.ssh/config", home + "/.ssh"), ("/etc/ssh/ssh_config", "/etc/ssh")]
        where FileManager.default.fileExists(atPath: path) {
            try read(path, base: base, home: home, depth: 0)
        }
    }

    /// The home directory ssh reads `~/.ssh/config` from and expands `~` to: the user's entry in
    /// the password database, not `$HOME`.
    static var userHome: String {
        getpwuid(getuid()).map { String(cString: $0.pointee.pw_dir) } ?? "/root"
    }

    /// Where `keyword` (any spelling ssh accepts for it) is first written.
    func location(of keyword: String) -> SourceLocation? {
        let lowered = keyword.lowercased()
        return ([lowered] + (Self.spellings[lowered] ?? [])).lazy.compactMap { keywords[$0] }.first
    }

    /// The other names ssh_config accepts for an option `ssh -G` prints.
    private static let spellings: [String: [String]] = [
        "kbdinteractiveauthentication": ["challengeresponseauthentication", "skeyauthentication"],
        "pubkeyacceptedalgorithms": ["pubkeyacceptedkeytypes"],
        "hostbasedacceptedalgorithms": ["hostbasedkeytypes", "hostbasedacceptedkeytypes"],
    ]

    private mutating func read(_ path: String, base: String, home: String, depth: Int) throws {
        guard depth <= 16 else { throw UserError("ssh_config Include nested too deeply", at: SourceLocation(file: path)) }
        guard let data = FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() else {
            throw UserError("cannot read the ssh_config file \(path)")
        }
        paths.append(path)
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated() {
            guard let (keyword, value) = Self.split(line) else { continue }
            let location = SourceLocation(file: path, line: index + 1)
            if keywords[keyword] == nil { keywords[keyword] = location }
            guard keyword == "include" else { continue }
            for pattern in value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
                let expanded = Self.expandHome(pattern, home: home)
                for included in Self.glob(expanded.hasPrefix("/") ? expanded : base + "/" + expanded) {
                    try read(included, base: base, home: home, depth: depth + 1)
                }
            }
        }
    }

    /// `Keyword value`, `Keyword=value` or `Keyword = value`; nil for blank lines and comments.
    private static func split(_ line: Substring) -> (String, String)? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        let keyword = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "=" }
        let value = trimmed.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" || $0 == "=" }
        return (keyword.lowercased(), String(value))
    }

    private static func expandHome(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst(1) : path
    }

    private static func glob(_ pattern: String) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        guard Glibc.glob(pattern, 0, nil, &found) == 0 else { return [] }
        return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
    }
}
