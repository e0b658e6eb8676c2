/// `glance::api::logging` and `glance::cache::logging`: oslo.log keys in `[DEFAULT]`.
enum GlanceLoggingRole {
    static let verboseGone = "removed from oslo.log 3.22.0 (Pike) and from puppet-glance 10.x (Ocata)"

    static let api = spec("glance::api::logging", file: GlanceFile.api, logFile: "/var/log/glance/api.log",
                          extra: [.key("use_journal", .bool, SettingTarget(file: GlanceFile.api, section: "DEFAULT"))])
    static let cache = spec("glance::cache::logging", file: GlanceFile.cache,
                            logFile: "/var/log/glance/cache.log", extra: [])

    private static func spec(_ name: String, file: String, logFile: String, extra: [ParameterSpec]) -> RoleSpec {
        let target = SettingTarget(file: file, section: "DEFAULT")
        func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset) -> ParameterSpec {
            .key(name, type, default: value, target)
        }
        let parameters: [ParameterSpec] = [
            key("debug", .bool),
            key("log_dir", default: "/var/log/glance"),
            .custom("log_file", default: .value(.string(logFile))),
            .key("log_facility", SettingTarget(file: file, section: "DEFAULT", key: "syslog_log_facility")),
            key("use_syslog", .bool),
            key("use_json", .bool),
            key("use_stderr", .bool),
        ] + extra + [
            key("watch_log_file", .bool).from(glance: 30, .translated([SettingTarget(file: file, section: "DEFAULT")],
                reason: "is deprecated since oslo.log 6.0.0 (puppet-glance 2025.1 deprecates it)")),
            .custom("default_log_levels", .map),
            key("logging_context_format_string"),
            key("logging_default_format_string"),
            key("logging_debug_format_suffix"),
            key("logging_exception_prefix"),
            key("logging_user_identity_format"),
            key("log_config_append"),
            key("publish_errors", .bool),
            key("fatal_deprecations", .bool),
            key("instance_format"),
            key("instance_uuid_format"),
            key("log_date_format"),
            ParameterSpec("verbose", .bool, .dropped(reason: verboseGone)),
        ]
        return RoleSpec(name, parameters: parameters, render: { r in
            try r.write("log_file", to: target)
            try writeLogLevels(&r, to: target)
            if name == "glance::api::logging", r.isGiven("log_file"), r.release.osID == "debian" {
                r.warn("Debian's glance-api init script passes --log-file=/var/log/glance/glance-api.log, which wins "
                    + "over log_file unless /etc/default/glance-api sets USE_LOGFILE=no", at: "log_file")
            }
        })
    }

    /// `logger=LEVEL` pairs sorted and comma-joined, as puppet-oslo writes them (so a playbook
    /// and the manifest it came from give the same bytes whatever order the hash was written in).
    private static func writeLogLevels(_ r: inout RoleRendering, to target: SettingTarget) throws {
        let levels = SettingTarget(file: target.file, section: target.section, key: "default_log_levels")
        guard case .map(let pairs)? = r.value("default_log_levels") else { return try r.remove(levels) }
        try r.set(levels, pairs.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","), from: "default_log_levels")
    }
}
