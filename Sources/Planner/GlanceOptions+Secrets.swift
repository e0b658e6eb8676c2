extension GlanceOptions {
    /// The union over `releases` of what each marks secret, so that asking "secret in any
    /// release?" costs one look-up per table instead of one per release.
    private struct SecretUnion: Sendable {
        /// file name -> section (`*` = any) -> keys some release marks secret.
        var byFile: [String: [String: Set<String>]] = [:]
        /// store type -> keys some release marks secret in a `[<backend id>]` section.
        var byStoreType: [String: Set<String>] = [:]
        /// reserved store id -> keys some release marks secret in its section (each release
        /// gives the id its own type).
        var byReservedStore: [String: Set<String>] = [:]

        init(_ releases: [GlanceOptions]) {
            for options in releases {
                for (file, sections) in options.secrets {
                    for (section, keys) in sections { byFile[file, default: [:]][section, default: []].formUnion(keys) }
                }
                for (type, keys) in options.storeSecrets { byStoreType[type, default: []].formUnion(keys) }
                for (id, type) in options.reservedStores {
                    byReservedStore[id, default: []].formUnion(options.storeSecrets[type] ?? [])
                }
            }
        }
    }

    private static let secretUnion = SecretUnion(releases)

    /// `isSecretInAnyRelease` for the settings of one file: the file's tables are looked up once,
    /// a section's once per run of settings in it.
    struct AnyReleaseSecrets {
        private let anySection: Set<String>
        private let bySection: [String: Set<String>]
        private let checksStores: Bool
        private let backends: [String: String]
        /// The section last asked about, and its secret keys besides `anySection`'s.
        private var section: String?
        private var sectionKeys: Set<String>?
        private var storeKeys: Set<String>?

        init(file: String, backends: [String: String]) {
            let sections = GlanceOptions.secretUnion.byFile[file] ?? [:]
            anySection = sections["*"] ?? []
            bySection = sections
            checksStores = file != GlanceOptions.swiftConf
            self.backends = backends
        }

        /// Whether any release marks `key` of `section` secret (as `isSecret(file:section:key:backends:)`).
        mutating func contains(section: String, key: String) -> Bool {
            if section != self.section { look(at: section) }
            if !anySection.isEmpty && anySection.contains(key) { return true }
            return sectionKeys?.contains(key) == true || storeKeys?.contains(key) == true
        }

        private mutating func look(at section: String) {
            self.section = section
            sectionKeys = bySection[GlanceOptions.group(section)]
            storeKeys = nil
            guard checksStores else { return }
            let union = GlanceOptions.secretUnion
            // A backend id names one type in every release; a reserved id may differ per release.
            if let type = backends[section] {
                storeKeys = union.byStoreType[type]
            } else {
                storeKeys = union.byReservedStore[section]
            }
        }
    }
}
