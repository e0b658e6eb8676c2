import Basics
import Playbook

/// The INI settings of all roles of a host, one per (file, section, key), with the roles that set
/// each. Two roles may set the same key only to the same value.
struct MergedSettings: Sendable {
    struct Entry: Sendable, Equatable {
        var setting: ConfigSetting
        /// Roles that set it, in input order.
        var roles: [String]
    }

    /// The entries of one file in order of first appearance, and where each key is among them.
    private struct FileEntries: Sendable {
        var entries: [Entry] = []
        var position: [INIKey: Int] = [:]
    }

    /// file path -> entries in order of first appearance.
    let byFile: [String: [Entry]]
    private let entriesByFile: [String: FileEntries]

    init(_ outputs: [RoleOutput]) throws(UserError) {
        var files: [String: FileEntries] = [:]
        // Settings come in runs of one file: that file's entries are taken out of `files` while
        // its run lasts, not looked up by path for each setting.
        var currentPath: String?
        var current = FileEntries()
        for output in outputs {
            for setting in output.settings {
                if setting.file != currentPath {
                    if let currentPath { files[currentPath] = current }
                    currentPath = setting.file
                    current = files.removeValue(forKey: setting.file) ?? FileEntries()
                }
                try Self.add(setting, role: output.role, to: &current)
            }
        }
        if let currentPath { files[currentPath] = current }
        entriesByFile = files
        byFile = files.mapValues(\.entries)
    }

    var files: [String] { byFile.keys.sorted() }

    func entry(file: String, section: String, key: String) -> Entry? {
        guard let file = entriesByFile[file], let index = file.position[INIKey(section: section, key: key)] else {
            return nil
        }
        return file.entries[index]
    }

    private static func add(_ setting: ConfigSetting, role: String, to file: inout FileEntries) throws(UserError) {
        let key = INIKey(section: setting.section, key: setting.key)
        // A new key (the usual case) costs one hash; a repeated one keeps its first position.
        guard let index = file.position.updateValue(file.entries.count, forKey: key) else {
            file.entries.append(Entry(setting: setting, roles: [role]))
            return
        }
        file.position[key] = index
        var entry = file.entries[index]
        guard entry.setting.value == setting.value else {
            let first = entry.roles[0]
            var message = "conflicting values for \(key) in \(setting.file): role '\(first)' and role '\(role)' set it differently"
            if !entry.setting.isSecret && !setting.isSecret {
                message += " (\(Self.describe(entry.setting.value)) vs \(Self.describe(setting.value)))"
            }
            throw UserError(message)
        }
        if !entry.roles.contains(role) { entry.roles.append(role) }
        entry.setting.takeSecrecy(of: setting)
        file.entries[index] = entry
    }

    static func describe(_ value: ConfigSetting.Value) -> String {
        switch value {
        case .set(let text): return "'\(text)'"
        case .multi(let texts): return "[" + texts.map { "'\($0)'" }.joined(separator: ", ") + "]"
        case .absent: return "absent"
        }
    }
}
