import Basics
import Playbook

extension Planner {
    /// Checks every key the roles would write into glance-api.conf, glance-cache.conf and
    /// glance-swift.conf against the options Glance 25 defines. Removals (`.absent`) are not
    /// checked: dropping an old key Glance no longer knows is how upgrades clean up.
    /// Returns the warnings; throws the first error.
    static func validate(_ settings: MergedSettings, backends: [String: String],
                         release: TargetRelease) throws -> [String] {
        let options = GlanceOptions.zed
        var warnings: [String] = []
        let covered = settings.files.filter { GlanceOptions.validatedFiles.contains(fileName($0)) }
        guard !covered.isEmpty else { return [] }
        guard release.glanceMajor == 25 else {
            return ["options not checked: the option list is Glance 25's, the host runs Glance \(release.glanceMajor)"]
        }
        for (id, type) in backends.sorted(by: { $0.key < $1.key }) where options.storeOptions[type] == nil {
            throw UserError("unknown store type '\(type)' for backend '\(id)' in enabled_backends"
                + NearestName.hint(for: type, among: options.storeOptions.keys.sorted()))
        }
        for path in covered {
            let name = fileName(path)
            for entry in settings.byFile[path] ?? [] where entry.setting.value != .absent {
                let setting = entry.setting
                let freeFormOnly = entry.roles.allSatisfy { $0 == freeFormRole }
                let message: String
                switch options.verdict(file: name, section: setting.section, key: setting.key, backends: backends) {
                case .known, .notValidated:
                    continue
                case .deprecated(let replacement):
                    let parts = replacement.split(separator: "/", maxSplits: 1).map(String.init)
                    let current = parts.count == 2 ? "[\(parts[0])] \(parts[1])" : replacement
                    warnings.append("\(entry.roles.joined(separator: ", ")): deprecated option '\(setting.key)' in "
                        + "[\(setting.section)] of \(name); Glance 25 reads it as \(current)")
                    continue
                case .unknownKey(let suggestion):
                    message = "unknown option '\(setting.key)' in [\(setting.section)] of \(name)"
                        + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
                case .unknownSection(let suggestion):
                    message = "unknown section [\(setting.section)] of \(name) for option '\(setting.key)'"
                        + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
                }
                if freeFormOnly {
                    warnings.append("\(freeFormRole): \(message); written anyway")
                } else {
                    throw UserError(message)
                }
            }
        }
        return warnings
    }
}
