import Basics

/// One release's option definitions as `scripts/gen-glance-options` wrote them from that
/// release's installed Glance (`GlanceOptions+Glance25.swift`, `+Glance30.swift`).
struct GlanceOptionData: Sendable {
    let glanceMajor: Int
    /// The packages' versions it was generated from.
    let generatedFrom: String
    let options: [(String, String, String)]
    let deprecated: [(String, String, String, String)]
    let secrets: [(String, String, String)]
    let storeTypeOptions: [(String, String, Bool)]
    let reservedStores: [String: String]
    let swiftReferenceKeys: [String]
}

/// The options one Glance release reads from glance-api.conf, glance-cache.conf and
/// glance-swift.conf, generated from its own option definitions by `scripts/gen-glance-options`.
/// A class: its tables are built once and shared, never copied per look-up.
final class GlanceOptions: Sendable {
    /// What Glance makes of one (file, section, key).
    enum Verdict: Sendable, Equatable {
        case known
        /// An old name oslo.config still reads; `replacement` is `section/key`.
        case deprecated(replacement: String)
        case unknownKey(suggestion: String?)
        case unknownSection(suggestion: String?)
        /// A file the data does not cover (paste ini, policy.yaml, uwsgi ini...).
        case notValidated
    }

    static let swiftConf = "glance-swift.conf"
    static let validatedFiles: Set<String> = ["glance-api.conf", "glance-cache.conf", swiftConf]

    /// Glance 25 (Zed, Debian 12) and Glance 30 (2025.1, Debian 13).
    static let zed = GlanceOptions(.glance25)
    static let epoxy = GlanceOptions(.glance30)
    static let releases = [zed, epoxy]

    /// The option list of a Glance major version, if glance-push has it.
    static func of(glanceMajor: Int) -> GlanceOptions? {
        releases.first { $0.glanceMajor == glanceMajor }
    }

    /// Whether any known release marks the option secret (masking errs on the safe side).
    static func isSecretInAnyRelease(file: String, section: String, key: String, backends: [String: String]) -> Bool {
        var secrets = AnyReleaseSecrets(file: file, backends: backends)
        return secrets.contains(section: section, key: key)
    }

    let glanceMajor: Int
    /// file name -> section -> keys.
    let options: [String: [String: Set<String>]]
    /// file name -> section -> old key -> `section/current key`.
    let deprecated: [String: [String: [String: String]]]
    /// file name -> section (`*` = any) -> secret keys.
    let secrets: [String: [String: Set<String>]]
    /// store type -> keys of a `[<backend id>]` section.
    let storeOptions: [String: Set<String>]
    let storeSecrets: [String: Set<String>]
    let reservedStores: [String: String]
    let swiftReferenceKeys: Set<String>

    init(_ data: GlanceOptionData) {
        var options: [String: [String: Set<String>]] = [:]
        for (file, section, key) in data.options {
            options[file, default: [:]][Self.group(section), default: []].insert(Self.fileKey(key))
        }
        for (file, section, keys) in Self.unlisted {
            options[file, default: [:]][Self.group(section), default: []].formUnion(keys)
        }
        var deprecated: [String: [String: [String: String]]] = [:]
        for (file, section, key, replacement) in data.deprecated {
            deprecated[file, default: [:]][Self.group(section), default: [:]][Self.fileKey(key)] = replacement
        }
        var secrets: [String: [String: Set<String>]] = [:]
        for (file, section, key) in data.secrets {
            secrets[file, default: [:]][Self.group(section), default: []].insert(Self.fileKey(key))
        }
        var storeOptions: [String: Set<String>] = [:]
        var storeSecrets: [String: Set<String>] = [:]
        for (type, key, isSecret) in data.storeTypeOptions {
            storeOptions[type, default: []].insert(Self.fileKey(key))
            if isSecret { storeSecrets[type, default: []].insert(Self.fileKey(key)) }
        }
        for (type, keys) in Self.unlistedStoreOptions { storeOptions[type, default: []].formUnion(keys) }
        self.glanceMajor = data.glanceMajor
        self.options = options
        self.deprecated = deprecated
        self.secrets = secrets
        self.storeOptions = storeOptions
        self.storeSecrets = storeSecrets
        self.reservedStores = data.reservedStores
        self.swiftReferenceKeys = Set(data.swiftReferenceKeys)
    }

    /// oslo.config reads a command-line option such as `log-dir` from a file as `log_dir`
    /// (its `dest`); the generator lists the dashed name.
    static func fileKey(_ key: String) -> String {
        key.includes("-") ? key.replacingOccurrences(of: "-", with: "_") : key
    }

    /// `backends` maps the ids of `[DEFAULT] enabled_backends` to their store type.
    func verdict(file: String, section: String, key rawKey: String, backends: [String: String]) -> Verdict {
        let key = Self.fileKey(rawKey)
        guard Self.validatedFiles.contains(file) else { return .notValidated }
        if file == Self.swiftConf {
            // Any section is a swift reference; glance_store reads only these keys from it.
            if swiftReferenceKeys.contains(key) { return .known }
            return .unknownKey(suggestion: NearestName.suggestion(for: key, among: swiftReferenceKeys.sorted()))
        }
        if isOption(file: file, section: section, key: key, backends: backends) { return .known }
        let keys = validKeys(file: file, section: section, backends: backends)
        let old = deprecated[file]?[Self.group(section)] ?? [:]
        if keys == nil && old.isEmpty {
            return .unknownSection(suggestion: NearestName.suggestion(
                for: section, among: sectionNames(file: file, backends: backends)))
        }
        if keys?.contains(key) == true { return .known }
        if let replacement = old[key] { return .deprecated(replacement: replacement) }
        return .unknownKey(suggestion: NearestName.suggestion(for: key, among: (keys ?? []).sorted()))
    }

    /// Whether Glance treats the option as secret (passwords, connection URLs...).
    func isSecret(file: String, section: String, key: String, backends: [String: String]) -> Bool {
        if secrets[file]?["*"]?.contains(key) == true || secrets[file]?[Self.group(section)]?.contains(key) == true {
            return true
        }
        guard file != Self.swiftConf, let type = storeType(of: section, backends: backends) else { return false }
        return storeSecrets[type]?.contains(key) == true
    }

    /// Whether `validKeys` would contain the key, without building their union.
    private func isOption(file: String, section: String, key: String, backends: [String: String]) -> Bool {
        if options[file]?[Self.group(section)]?.contains(key) == true { return true }
        guard let type = storeType(of: section, backends: backends) else { return false }
        return storeOptions[type]?.contains(key) == true
    }

    /// Keys of a section: its fixed options plus, for a store id, that store type's options.
    private func validKeys(file: String, section: String, backends: [String: String]) -> Set<String>? {
        let fixed = options[file]?[Self.group(section)]
        guard let type = storeType(of: section, backends: backends) else { return fixed }
        return (fixed ?? []).union(storeOptions[type] ?? [])
    }

    private func storeType(of section: String, backends: [String: String]) -> String? {
        backends[section] ?? reservedStores[section]
    }

    private func sectionNames(file: String, backends: [String: String]) -> [String] {
        Set((options[file] ?? [:]).keys).union(backends.keys).union(reservedStores.keys).sorted()
    }

    /// oslo.config's group name for a section: lower case, except `DEFAULT`.
    static func group(_ section: String) -> String {
        // Most sections are lower-case ASCII already: no need for a lower-cased copy.
        if section == "DEFAULT" || section.utf8.allSatisfy({ $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            return section
        }
        return section.lowercased()
    }

    /// Parses oslo's DictOpt form `id:type, id2:type2` of `enabled_backends`.
    static func parseBackends(_ value: String) -> [String: String] {
        var backends: [String: String] = [:]
        for item in value.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let id = INILine.trimmed(String(parts[0]))
            let type = INILine.trimmed(String(parts[1]))
            if !id.isEmpty { backends[id] = type }
        }
        return backends
    }
}
