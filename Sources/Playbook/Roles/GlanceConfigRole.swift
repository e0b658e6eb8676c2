import Basics

/// `glance::config`: free-form keys, `'SECTION/key': { value: x }` or `{ ensure: absent }` (a bare
/// scalar is taken as its value; `secret: true` hides it; a list writes one line per item).
/// A key another role of the host sets is an error, as puppet's duplicate declaration.
enum GlanceConfigRole {
    static let files: [(parameter: String, file: String)] = [
        ("api_config", GlanceFile.api),
        ("api_paste_ini_config", GlanceFile.apiPaste),
        ("cache_config", GlanceFile.cache),
        ("image_import_config", GlanceFile.imageImport),
        ("rootwrap_config", GlanceFile.rootwrap),
    ]
    static let entryKeys = ["value", "ensure", "secret"]

    static let spec = RoleSpec("glance::config", parameters: files.map { .custom($0.parameter, .raw) },
                               check: { r in _ = try settings(r) },
                               render: { r in r.output.settings = try settings(r) })

    /// The settings of every hash; at load time, values waiting for a host are left out.
    static func settings(_ r: RoleRendering) throws -> [ConfigSetting] {
        var settings: [ConfigSetting] = []
        for (parameter, file) in files {
            guard case .raw(let node)? = r.value(parameter), case .mapping(let entries) = node.content else { continue }
            for entry in entries {
                let parts = entry.key.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw UserError("'\(entry.key)' in \(parameter) must be 'SECTION/key'", at: entry.keyLocation)
                }
                if let setting = try setting(entry, file: file, section: parts[0], key: parts[1], r) {
                    settings.append(setting)
                }
            }
        }
        return settings
    }

    static func setting(_ entry: YAMLEntry, file: String, section: String, key: String,
                                _ r: RoleRendering) throws -> ConfigSetting? {
        var valueNode = entry.value
        var ensure = "present"
        // `secret: true` makes the whole value secret; otherwise only what secrets put into it is.
        var isMarkedSecret = false
        if case .mapping(let fields) = entry.value.content {
            valueNode = YAMLNode(.null, at: entry.value.location)
            for field in fields {
                switch field.key {
                case "value": valueNode = field.value
                case "ensure":
                    guard case .scalar(let text, _) = field.value.content, ["present", "absent"].contains(text) else {
                        throw UserError("'ensure' of '\(entry.key)' must be present or absent", at: field.value.location)
                    }
                    ensure = text
                case "secret":
                    guard case .scalar(let text, _) = field.value.content,
                          let flag = ParameterType.bool.scalarValue(text) else {
                        throw UserError("'secret' of '\(entry.key)' must be true or false", at: field.value.location)
                    }
                    isMarkedSecret = flag == .bool(true)
                default:
                    throw UserError(NearestName.message("unknown key '\(field.key)' in '\(entry.key)'",
                                                        for: field.key, among: entryKeys), at: field.keyLocation)
                }
            }
        }
        if ensure == "absent" {
            return ConfigSetting(file: file, section: section, key: key, value: .absent)
        }
        var texts: [String] = []
        var maskedTexts: [String] = []
        var isSecret = isMarkedSecret
        var secretValues: [String] = []
        let items: [YAMLNode]
        switch valueNode.content {
        case .sequence(let list): items = list
        case .null:
            throw UserError("'\(entry.key)' needs a value (or ensure: absent)", at: entry.value.location)
        case .mapping:
            throw UserError("the value of '\(entry.key)' must be a string or a list", at: valueNode.location)
        case .scalar: items = [valueNode]
        }
        for item in items {
            guard case .scalar = item.content else {
                throw UserError("items of '\(entry.key)' must be strings, got \(item.kindName)", at: item.location)
            }
            guard let text = try r.interpolate(item) else { return nil }
            isSecret = isSecret || text.isSecret
            secretValues += text.secretValues
            texts.append(text.text)
            maskedTexts.append(text.masked)
        }
        func value(_ texts: [String]) -> ConfigSetting.Value {
            if case .sequence = valueNode.content { return .multi(texts) }
            return .set(texts.first ?? "")
        }
        return ConfigSetting(file: file, section: section, key: key, value: value(texts), isSecret: isSecret,
                             secretValues: secretValues,
                             maskedValue: isSecret && !isMarkedSecret ? value(maskedTexts) : nil)
    }
}
