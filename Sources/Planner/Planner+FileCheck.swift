import Playbook

extension Planner {
    /// The keys set in a host's Glance files (by name: glance-api.conf, glance-cache.conf,
    /// glance-swift.conf, with their contents) that `release`'s Glance does not define, per file;
    /// store sections are those glance-api.conf's `enabled_backends` names. nil when glance-push
    /// has no option list for that release.
    public static func undefinedOptions(in files: [String: String], release: TargetRelease) -> [String: [INIKey]]? {
        guard let options = GlanceOptions.of(glanceMajor: release.glanceMajor) else { return nil }
        let api = files["glance-api.conf"].map(INIDocument.init(parsing:))
        let backends = GlanceOptions.parseBackends(api?.values(section: "DEFAULT", key: "enabled_backends").last ?? "")
        return Dictionary(uniqueKeysWithValues: files.map { name, content in
            (name, INIDocument(parsing: content).activeKeys.filter { key in
                switch options.verdict(file: name, section: key.section, key: key.key, backends: backends) {
                case .known, .notValidated: return false
                case .deprecated, .unknownKey, .unknownSection: return true
                }
            })
        })
    }
}
