import Basics
import Playbook

extension Planner {
    /// What checking a host's settings against its release's options found: an error refuses
    /// the plan (unless only `glance::config` sets the key: then it is a warning).
    struct Finding: Equatable {
        var message: String
        var isError: Bool
    }

    /// Checks every key the roles would write into glance-api.conf, glance-cache.conf and
    /// glance-swift.conf against the options the host's Glance release defines. Removals
    /// (`.absent`) are not checked: dropping an old key Glance no longer knows is how upgrades
    /// clean up. Returns the warnings; throws the first error.
    static func validate(_ settings: MergedSettings, backends: [String: String],
                         release: TargetRelease) throws -> [String] {
        let found = try findings(settings, backends: backends, release: release)
        if let error = found.first(where: \.isError) { throw UserError(error.message) }
        return found.map(\.message)
    }

    /// Every finding, in file and key order; an unknown store type is thrown.
    static func findings(_ settings: MergedSettings, backends: [String: String],
                         release: TargetRelease) throws -> [Finding] {
        let covered = settings.files.filter { GlanceOptions.validatedFiles.contains(fileName($0)) }
        guard !covered.isEmpty else { return [] }
        guard let options = GlanceOptions.of(glanceMajor: release.glanceMajor) else {
            let known = GlanceOptions.releases.map { String($0.glanceMajor) }.joined(separator: " and ")
            return [Finding(message: "options not checked: glance-push has the option lists of Glance \(known), the host "
                + "runs Glance \(release.glanceMajor)", isError: false)]
        }
        for (id, type) in backends.sorted(by: { $0.key < $1.key }) where options.storeOptions[type] == nil {
            throw UserError("unknown store type '\(type)' for backend '\(id)' in enabled_backends"
                + NearestName.hint(for: type, among: options.storeOptions.keys.sorted()))
        }
        var found: [Finding] = []
        for path in covered {
            let name = fileName(path)
            for entry in settings.byFile[path] ?? [] where entry.setting.value != .absent {
                if let finding = check(entry, file: name, options: options, backends: backends) {
                    found.append(finding)
                }
            }
        }
        return found
    }

    private static func check(_ entry: MergedSettings.Entry, file name: String, options: GlanceOptions,
                              backends: [String: String]) -> Finding? {
        let setting = entry.setting
        let major = options.glanceMajor
        let message: String
        switch options.verdict(file: name, section: setting.section, key: setting.key, backends: backends) {
        case .known, .notValidated:
            return nil
        case .deprecated(let replacement):
            let parts = replacement.split(separator: "/", maxSplits: 1).map(String.init)
            let current = parts.count == 2 ? "[\(parts[0])] \(parts[1])" : replacement
            return Finding(message: "\(entry.roles.joined(separator: ", ")): deprecated option '\(setting.key)' in "
                + "[\(setting.section)] of \(name); Glance \(major) reads it as \(current)", isError: false)
        case .unknownKey(let suggestion):
            message = "unknown option '\(setting.key)' in [\(setting.section)] of \(name)"
                + elsewhere(file: name, setting.section, setting.key, backends: backends, not: major)
                + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .unknownSection(let suggestion):
            message = "unknown section [\(setting.section)] of \(name) for option '\(setting.key)'"
                + elsewhere(file: name, setting.section, setting.key, backends: backends, not: major)
                + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        }
        if entry.roles.allSatisfy({ $0 == freeFormRole }) {
            return Finding(message: "\(freeFormRole): \(message); written anyway", isError: false)
        }
        return Finding(message: message, isError: true)
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

extension Planner {
    /// What the roles' settings would have to change for `release`: every option it does not
    /// define (`must change:`, naming the release that has it) and every old name it reads under
    /// a new one (`renamed:`). A report: nothing is refused.
    public static func readiness(outputs: [RoleOutput], release: TargetRelease) throws -> [String] {
        let settings = try MergedSettings(outputs)
        let backends = enabledBackends(settings: settings, documents: [:])
        return try findings(settings, backends: backends, release: release).map { finding in
            // glance::config writes an unknown option anyway; the release would still not read it.
            if finding.isError || finding.message.contains(": unknown ") {
                return "must change: " + finding.message.replacingOccurrences(of: "; written anyway", with: "")
            }
            return (finding.message.contains(": deprecated option") ? "renamed: " : "note: ") + finding.message
        }
    }
}
