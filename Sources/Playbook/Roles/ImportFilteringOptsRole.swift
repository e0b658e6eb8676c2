/// `glance::import_filtering_opts` (new in puppet-glance 2025.1): which URLs web-download may
/// fetch, `[import_filtering_opts]` in glance-api.conf, each list written `[a,b]` as puppet does.
enum ImportFilteringOptsRole {
    private static func key(_ name: String) -> ParameterSpec {
        .key(name, .stringOrList(.bracketed), .api("import_filtering_opts"))
    }

    static let spec = RoleSpec("glance::import_filtering_opts", parameters: [
        key("allowed_schemes"),
        key("disallowed_schemes"),
        key("allowed_hosts"),
        key("disallowed_hosts"),
        key("allowed_ports"),
        key("disallowed_ports"),
    ])
}

/// `glance::os_brick` (new in puppet-glance 2025.1): os-brick's `[os_brick]` in glance-api.conf and
/// glance-cache.conf (the cinder store attaches volumes with it).
enum OSBrickRole {
    private static let both: [SettingTarget] = [.api("os_brick"), .cache("os_brick")]

    static let spec = RoleSpec("glance::os_brick", parameters: [
        ParameterSpec("lock_path", .string, .writes(both)),
        // Glance 25's os-brick lacks these two: its option check refuses them.
        ParameterSpec("wait_mpath_device_attempts", .integer(1...Int.max), .writes(both)),
        ParameterSpec("wait_mpath_device_interval", .integer(1...Int.max), .writes(both)),
    ])
}
