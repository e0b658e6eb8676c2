import Basics

/// `glance::property_protection` (puppet-glance 2025.1): `[DEFAULT] property_protection_file` and
/// `property_protection_rule_format`, and the rules in /etc/glance/property-protections.conf, each
/// `'REGEX/operation': { value: x }` as puppet's glance_property_protections_config (a list value
/// is joined with commas, as puppet does).
enum PropertyProtectionRole {
    static let file = GlanceFile.propertyProtections

    static let spec = RoleSpec("glance::property_protection", parameters: [
        .custom("property_protection_rule_format", .oneOf(["roles", "policies"])),
        .custom("rules", .raw),
        .custom("purge_config", .bool, default: false),
    ], check: { r in
        if case .raw(let node)? = r.value("rules"), case .mapping(let entries) = node.content, !entries.isEmpty,
           !r.isGiven("property_protection_rule_format") {
            throw r.error("'rules' needs property_protection_rule_format (roles or policies); without it puppet-glance "
                + "ignores them and turns property protection off", at: "rules")
        }
        _ = try rules(r)
    }, render: render)

    @Sendable static func render(_ r: inout RoleRendering) throws {
        let fileKey = SettingTarget.api("DEFAULT", key: "property_protection_file")
        let formatKey = SettingTarget.api("DEFAULT", key: "property_protection_rule_format")
        guard let format = r.string("property_protection_rule_format") else {
            try r.remove(fileKey)
            try r.remove(formatKey)
            return
        }
        try r.set(fileKey, file)
        try r.set(formatKey, format, from: "property_protection_rule_format")
        r.output.settings += try rules(r)
        if r.bool("purge_config") { r.output.purgedFiles.append(file) }
    }

    private static func rules(_ r: RoleRendering) throws -> [ConfigSetting] {
        guard case .raw(let node)? = r.value("rules"), case .mapping(let entries) = node.content else { return [] }
        return try entries.compactMap { entry in
            let parts = entry.key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, ["create", "read", "update", "delete"].contains(parts[1]) else {
                throw UserError("'\(entry.key)' in rules must be 'REGEX/create', '/read', '/update' or '/delete'",
                                at: entry.keyLocation)
            }
            guard var setting = try GlanceConfigRole.setting(entry, file: file, section: parts[0], key: parts[1], r) else {
                return nil
            }
            if case .multi(let items) = setting.value { setting.value = .set(items.joined(separator: ",")) }
            if case .multi(let items)? = setting.maskedValue { setting.maskedValue = .set(items.joined(separator: ",")) }
            return setting
        }
    }
}
