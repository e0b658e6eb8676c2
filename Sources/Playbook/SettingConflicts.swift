import Basics

/// Keys set by more than one role of a host: a removal gives way to a value, equal values are
/// kept once, different values are an error, and `glance::config` may not touch another role's key
/// (as puppet's duplicate declaration).
enum SettingConflicts {
    private struct Key: Hashable {
        var file: String
        var section: String
        var key: String

        /// The (long) file path is left out of the hash, not out of `==`: see RoleRendering.SettingKey.
        func hash(into hasher: inout Hasher) {
            hasher.combine(section)
            hasher.combine(key)
        }
    }

    static func merge(_ rendered: [(RoleInstance, RoleOutput)]) throws -> [RoleOutput] {
        var outputs = rendered.map(\.1)
        var owner: [Key: (output: Int, setting: Int)] = [:]
        owner.reserveCapacity(outputs.reduce(0) { $0 + $1.settings.count })
        for (index, (instance, output)) in rendered.enumerated() {
            for (settingIndex, setting) in output.settings.enumerated() {
                let key = Key(file: setting.file, section: setting.section, key: setting.key)
                // A key seen first (the usual case) costs one hash; a later one puts the first owner back.
                guard let first = owner.updateValue((index, settingIndex), forKey: key) else { continue }
                owner[key] = first
                let firstOutput = outputs[first.output]
                let firstSetting = firstOutput.settings[first.setting]
                let name = "[\(setting.section)] \(setting.key) in \(setting.file)"
                if output.role == "glance::config" || firstOutput.role == "glance::config" {
                    throw UserError("\(name) is set by both '\(firstOutput.role)' and '\(output.role)'; "
                        + "glance::config may only set keys no other role manages", at: instance.location)
                }
                if firstSetting.value == setting.value || setting.value == .absent {
                    if firstSetting.value == setting.value {
                        outputs[first.output].settings[first.setting].takeSecrecy(of: setting)
                    }
                    outputs[index].settings[settingIndex].value = .absent
                    outputs[index].settings[settingIndex].key = "\u{0}"
                } else if firstSetting.value == .absent {
                    outputs[first.output].settings[first.setting].key = "\u{0}"
                    owner[key] = (index, settingIndex)
                } else {
                    throw UserError("role '\(output.role)' sets \(name), which role '\(firstOutput.role)' "
                        + "already sets to another value", at: instance.location)
                }
            }
        }
        for index in outputs.indices { outputs[index].settings.removeAll { $0.key == "\u{0}" } }
        return outputs
    }
}
