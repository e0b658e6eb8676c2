import Basics
import Playbook

/// Turns the role outputs of one host and the facts gathered from it into a `HostPlan`.
/// Pure and deterministic: same inputs, same plan; no I/O, no clock.
public enum Planner {
    /// Owner, group and mode of every INI file the planner edits (Debian's and puppet-glance's).
    public static let configOwner = "root"
    public static let configGroup = "glance"
    public static let configMode: UInt32 = 0o640
    /// Mode of any file that holds a secret.
    public static let secretMode: UInt32 = 0o640
    /// The free-form role: its unknown options are warnings, not errors.
    public static let freeFormRole = "glance::config"

    /// Merges the outputs of all roles of `host` into the files, packages, services and one-shot
    /// commands it must have.
    ///
    /// - INI files start from the host's current content, else from the packaged template
    ///   (`facts.templates`), else from nothing; settings are applied with `INIDocument`, then the
    ///   files named in `purgedFiles` are purged of every key no role manages.
    /// - A key set by two roles to different values, a file both rendered whole and edited, two
    ///   different contents for one whole file, conflicting package ensures or service states, and
    ///   (on Glance 25) an option Glance does not define are `UserError`s; unknown options set
    ///   through `glance::config` only warn.
    public static func plan(host: String, outputs: [RoleOutput], facts: HostFacts) throws -> HostPlan {
        let settings = try MergedSettings(outputs)
        try checkWritable(settings)
        let wholeFiles = try mergeWholeFiles(outputs)
        let purged = Set(outputs.flatMap(\.purgedFiles))
        let iniPaths = Set(settings.files).union(purged).sorted()
        for path in iniPaths {
            if let whole = wholeFiles[path] {
                throw UserError("\(path) is rendered whole by role '\(whole.role)' and also edited key by key")
            }
        }

        var documents: [String: INIDocument] = [:]
        for path in iniPaths {
            documents[path] = INIDocument(parsing: facts.files[path]?.content ?? facts.templates[path] ?? "")
        }
        let backends = enabledBackends(settings: settings, documents: documents)
        var warnings = outputs.flatMap { output in output.warnings.map { "\(output.role): \($0)" } }
        warnings += try validate(settings, backends: backends, release: facts.release)

        var files: [PlannedFile] = []
        for path in iniPaths {
            guard let base = documents[path] else { continue }
            files.append(try renderINI(path: path, base: base, settings: settings,
                                       purge: purged.contains(path), backends: backends))
        }
        for (path, whole) in wholeFiles {
            files.append(renderWhole(whole.file, current: facts.files[path]?.content))
        }
        files.sort { $0.path < $1.path }

        let packages = try mergePackages(outputs)
        return HostPlan(
            host: host, files: files, packages: packages,
            services: try mergeServices(outputs, packages: packages),
            oneShots: try mergeOneShots(outputs), warnings: unique(warnings))
    }

    /// Refuses any section, key or value that cannot be written on one INI line, naming the role.
    static func checkWritable(_ settings: MergedSettings) throws {
        for file in settings.files {
            for entry in settings.byFile[file] ?? [] {
                let values: [String]
                switch entry.setting.value {
                case .set(let value): values = [value]
                case .multi(let list): values = list
                case .absent: values = []
                }
                if let problem = INIDocument.problem(section: entry.setting.section, key: entry.setting.key, values: values) {
                    throw UserError("role '\(entry.roles[0])': \(problem) (\(file))")
                }
            }
        }
    }

    static func renderINI(path: String, base: INIDocument, settings: MergedSettings, purge: Bool,
                          backends: [String: String]) throws -> PlannedFile {
        var document = base
        var secrets: [String] = []
        var secretSettings: [SecretSetting] = []
        var secretKeys = Set<INIKey>()
        var glanceSecrets = GlanceOptions.AnyReleaseSecrets(file: fileName(path), backends: backends)
        let entries = settings.byFile[path] ?? []
        for entry in entries {
            let setting = entry.setting
            document.applyChecked(setting)  // checkWritable accepted every setting
            if setting.isSecret || glanceSecrets.contains(section: setting.section, key: setting.key) {
                let secret = SecretSetting(setting)
                secretSettings.append(secret)
                secretKeys.insert(INIKey(section: setting.section, key: setting.key))
                // For free text: the secrets inside a value masked in part, else the whole value.
                for (value, masked) in zip(secret.plannedValues, secret.maskedValues) {
                    if masked == nil { secrets.append(value) } else { secrets += setting.secretValues }
                }
                secrets += base.values(section: setting.section, key: setting.key)
            }
        }
        if purge {
            let managed = Set(entries.filter { $0.setting.value != .absent }
                .map { INIKey(section: $0.setting.section, key: $0.setting.key) })
            document.purge(keeping: managed)
        }
        // Secret options already in the file (kept, or dropped by a purge) show up in diffs too.
        for key in base.activeKeys where glanceSecrets.contains(section: key.section, key: key.key) {
            secrets += base.values(section: key.section, key: key.key)
            if secretKeys.insert(key).inserted {
                secretSettings.append(SecretSetting(section: key.section, key: key.key))
            }
        }
        return PlannedFile(path: path, content: document.text, owner: configOwner, group: configGroup,
                           mode: configMode, secrets: Set(secrets.filter { !$0.isEmpty }).sorted(),
                           secretSettings: secretSettings)
    }

    static func renderWhole(_ file: WholeFile, current: String?) -> PlannedFile {
        var secrets: [String] = []
        if file.isSecret {
            // The whole text is secret: free text is masked with each line of the old and the new one.
            for text in [file.content, current ?? ""] {
                secrets += text.piecesBetweenLineFeeds.map(INILine.trimmed)
            }
        }
        return PlannedFile(path: file.path, content: file.content, owner: file.owner, group: file.group,
                           mode: file.isSecret ? secretMode : file.mode,
                           secrets: Set(secrets.filter { !$0.isEmpty }).sorted(), isSecret: file.isSecret)
    }

    /// The ids and types of `[DEFAULT] enabled_backends` of glance-api.conf: as the roles set
    /// it, else as the current (or packaged) file has it.
    static func enabledBackends(settings: MergedSettings, documents: [String: INIDocument]) -> [String: String] {
        for path in settings.files where fileName(path) == "glance-api.conf" {
            guard let entry = settings.entry(file: path, section: "DEFAULT", key: "enabled_backends") else { continue }
            switch entry.setting.value {
            case .set(let value): return GlanceOptions.parseBackends(value)
            case .multi(let values): return GlanceOptions.parseBackends(values.joined(separator: ","))
            case .absent: return [:]
            }
        }
        for (path, document) in documents.sorted(by: { $0.key < $1.key }) where fileName(path) == "glance-api.conf" {
            if let value = document.values(section: "DEFAULT", key: "enabled_backends").last {
                return GlanceOptions.parseBackends(value)
            }
        }
        return [:]
    }

    static func values(of value: ConfigSetting.Value) -> [String] {
        switch value {
        case .set(let text): return [text]
        case .multi(let texts): return texts
        case .absent: return []
        }
    }

    /// The last non-empty component of `path` (`path.split(separator: "/").last`), else `path`.
    static func fileName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else { return path }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
