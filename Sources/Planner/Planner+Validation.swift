import Basics
import Playbook

extension Planner {
    /// Checks every key the roles would write into glance-api.conf, glance-cache.conf and
    /// glance-swift.conf against the options the host's Glance release defines. Removals
    /// (`.absent`) are not checked: dropping an old key Glance no longer knows is how upgrades
    /// clean up. Returns the warnings; throws the first error.
    static func validate(_ settings: MergedSettings, backends: [String: String],
                         release: TargetRelease) throws -> [String] {
        var warnings: [String] = []
        let covered = settings.files.filter { GlanceOptions.validatedFiles.contains(fileName($0)) }
        guard !covered.isEmpty else { return [] }
        guard let options = GlanceOptions.of(glanceMajor: release.glanceMajor) else {
            let known = GlanceOptions.releases.map { String($0.glanceMajor) }.joined(separator: " and ")
            return ["options not checked: glance-push has the option lists of Glance \(known), the host runs Glance "
                + "\(release.glanceMajor)"]
        }
        let major = options.glanceMajor
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
                        + "[\(setting.section)] of \(name); Glance \(major) reads it as \(current)")
                    continue
                case .unknownKey(let suggestion):
                    message = "unknown option '\(setting.key)' in [\(setting.section)] of \(name)"
                        + elsewhere(file: name, setting.section, setting.key, backends: backends, not: major)
                        + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
                case .unknownSection(let suggestion):
                    message = "unknown section [\(setting.section)] of \(name) for option '\(setting.key)'"
                        + elsewhere(file: name, setting.section, setting.key, backends: backends, not: major)
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

    /// For an option the host's release does not know: ` (Glance N)`, and which other release
    /// has it (` (Glance 30; Glance 25 had it)`, ` (Glance 25; new in Glance 30)`).
    private static func elsewhere(file: String, _ section: String, _ key: String, backends: [String: String],
                                  not major: Int) -> String {
        let other = GlanceOptions.releases.first {
            $0.glanceMajor != major && $0.verdict(file: file, section: section, key: key, backends: backends) == .known
        }
        guard let other else { return " (Glance \(major))" }
        return other.glanceMajor < major
            ? " (Glance \(major); Glance \(other.glanceMajor) had it)"
            : " (Glance \(major); new in Glance \(other.glanceMajor))"
    }
}
