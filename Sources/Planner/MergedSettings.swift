import Inventory
import Playbook

/// The INI settings of all roles of a host, one per (file, section, key), with the roles that set
/// each. Two roles may set the same key only to the same value.
struct MergedSettings: Sendable {
    struct Entry: Sendable, Equatable {
        var setting: ConfigSetting
        /// Roles that set it, in input order.
        var roles: [String]
    }

    /// file path -> entries in order of first appearance.
    private(set) var byFile: [String: [Entry]] = [:]
    private var position: [String: [INIKey: Int]] = [:]

    init(_ outputs: [RoleOutput]) throws(UserError) {
        for output in outputs {
            for setting in output.settings { try add(setting, role: output.role) }
        }
    }

    var files: [String] { byFile.keys.sorted() }

    func entry(file: String, section: String, key: String) -> Entry? {
        guard let index = position[file]?[INIKey(section: section, key: key)] else { return nil }
        return byFile[file]?[index]
    }

    private mutating func add(_ setting: ConfigSetting, role: String) throws(UserError) {
        let key = INIKey(section: setting.section, key: setting.key)
        guard let index = position[setting.file]?[key], var entry = byFile[setting.file]?[index] else {
            position[setting.file, default: [:]][key] = byFile[setting.file, default: []].count
            byFile[setting.file, default: []].append(Entry(setting: setting, roles: [role]))
            return
        }
        guard entry.setting.value == setting.value else {
            let first = entry.roles[0]
            var message = "conflicting values for \(key) in \(setting.file): role '\(first)' and role '\(role)' set it differently"
            if !entry.setting.isSecret && !setting.isSecret {
                message += " (\(Self.describe(entry.setting.value)) vs \(Self.describe(setting.value)))"
            }
            throw UserError(message)
        }
        if !entry.roles.contains(role) { entry.roles.append(role) }
        entry.setting.isSecret = entry.setting.isSecret || setting.isSecret
        byFile[setting.file]?[index] = entry
    }

    static func describe(_ value: ConfigSetting.Value) -> String {
        switch value {
        case .set(let text): return "'\(text)'"
        case .multi(let texts): return "[" + texts.map { "'\($0)'" }.joined(separator: ", ") + "]"
        case .absent: return "absent"
        }
    }
}
