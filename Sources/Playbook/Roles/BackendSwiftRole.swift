/// The swift store: credentials in glance-swift.conf `[<default_swift_reference>]` (default
/// `[ref1]`), store options in glance-api.conf.
enum BackendSwiftRole {
    private static func reference(_ key: String) -> SettingTarget {
        SettingTarget(file: GlanceFile.swift, section: SettingTarget.swiftReferenceSection, key: key)
    }

    static let (single, multistore) = BackendRole.specs(type: "swift", parameters: [
        .key("swift_store_user", default: .required, reference("user")),
        .key("swift_store_key", default: .required, secret: true, reference("key")),
        .key("swift_store_auth_address", default: "http://127.0.0.1:5000/v3/", reference("auth_address")),
        // glance_store: 2 and 3 are Keystone, 1 (deprecated) is swauth/tempauth.
        .key("swift_store_auth_version", .oneOf(["1", "2", "3"]), default: "3", reference("auth_version")),
        .key("swift_store_auth_user_domain_id", default: "default", reference("user_domain_id")),
        .key("swift_store_auth_project_domain_id", default: "default", reference("project_domain_id")),
        .custom("default_swift_reference", default: "ref1"),
        .key("swift_store_container", BackendRole.store()),
        .key("swift_store_create_container_on_put", .bool, BackendRole.store()),
        .key("swift_store_large_object_size", .integer(1...Int.max), BackendRole.store()),
        .key("swift_store_large_object_chunk_size", .integer(1...Int.max), BackendRole.store()),
        .key("swift_store_endpoint_type", .oneOf(["publicURL", "internalURL", "adminURL"]), default: "internalURL",
             BackendRole.store()),
        .key("swift_store_region", BackendRole.store()),
        .key("swift_store_service_type", BackendRole.store()),
        .key("swift_buffer_on_upload", .bool, BackendRole.store()),
        .key("swift_upload_buffer_dir", BackendRole.store()),
        .key("swift_store_retry_get_count", .integer(0...Int.max), BackendRole.store()),
    ], multistoreParameters: [
        // Deprecated in puppet-glance; only the define has it. The reference still goes to glance-swift.conf.
        .custom("swift_store_config_file"),
    ], check: { r in
        if let reference = r.string("default_swift_reference"),
           reference.isEmpty || reference.contains("[") || reference.contains("]") || reference.contains("{{") {
            throw r.error("'default_swift_reference' must be a plain name (it is the glance-swift.conf section)",
                          at: "default_swift_reference")
        }
    }, render: { r in
        let store = r.storeSection
        try renderConfigFile(&r)
        try r.set(SettingTarget(file: GlanceFile.api, section: store, key: "default_swift_reference"),
                  r.string("default_swift_reference") ?? "ref1", from: "default_swift_reference")
        if store == "glance_store" {
            // Kilo-era keys that Zed deprecates: they now live in glance-swift.conf.
            for key in ["swift_store_user", "swift_store_key", "swift_store_auth_address", "swift_store_auth_version"] {
                try r.remove(.api("glance_store", key: key))
            }
        }
        if let user = r.string("swift_store_user"), !user.contains(":"), !r.isSecret("swift_store_user") {
            r.warn("swift_store_user is usually 'project:user' (e.g. services:glance), got '\(user)'",
                   at: "swift_store_user")
        }
        r.addPackage("\(r.release.pythonPrefix)-swiftclient")
    })

    /// `[<store>] swift_store_config_file`: glance-swift.conf unless the (deprecated) parameter names
    /// another file, where glance-push, like puppet, writes nothing.
    private static func renderConfigFile(_ r: inout RoleRendering) throws {
        let target = SettingTarget(file: GlanceFile.api, section: r.storeSection, key: "swift_store_config_file")
        guard let path = r.string("swift_store_config_file") else {
            try r.set(target, GlanceFile.swift)
            return
        }
        try r.set(target, path, from: "swift_store_config_file")
        var warning = "'swift_store_config_file' is deprecated in puppet-glance"
        if path != GlanceFile.swift {
            warning += "; the credentials are still written to \(GlanceFile.swift), not to \(r.shown(path, of: "swift_store_config_file"))"
        }
        r.warn(warning, at: "swift_store_config_file")
    }
}
