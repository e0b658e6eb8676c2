/// glance::api's parameters (Zed), with glance::api::db's database_* and the legacy (Mitaka-era)
/// ones the old tutorial uses, translated or refused. `moved(to:)` names where puppet-glance Zed
/// has a parameter; `glance-push import` writes it there.
enum GlanceAPIParameters {
    static let registryGone = "glance-registry was removed in Victoria (Glance 21)"
    static let movedToAuthtoken = "is a legacy glance::api parameter (use glance::api::authtoken)"
    static let movedToLogging = "is a legacy glance::api parameter (use glance::api::logging)"
    static let noEffect = "has no effect since puppet-glance 20.x (Yoga)"
    private static let authtoken = GlanceAPIAuthtokenRole.name
    private static let logging = "glance::api::logging"

    static let all: [ParameterSpec] = core + stores + fileStore + images + tasks + imageImport + service + database + legacy

    static let core: [ParameterSpec] = [
        .custom("package_ensure", .packageEnsure, default: "present"),
        .key("bind_host", .api("DEFAULT")),
        // puppet-glance 2025.1 leaves bind_port to Glance's own default (9292) unless given.
        .key("bind_port", .port, default: 9292, .api("DEFAULT")).from(glance: 30, default: .unset),
        .key("backlog", .integer(1...65535), .api("DEFAULT")),
        .key("workers", .integer(1...1024), default: .osWorkers, .api("DEFAULT")),
        .key("show_image_direct_url", .bool, .api("DEFAULT")),
        .key("show_multiple_locations", .bool, .api("DEFAULT")),
        .key("image_cache_dir", default: "/var/lib/glance/image-cache", .api("DEFAULT"), .cache("DEFAULT")),
        .key("image_cache_stall_time", .integer(0...Int.max), .api("DEFAULT"), .cache("DEFAULT")),
        .key("image_cache_max_size", .integer(0...Int.max), .api("DEFAULT"), .cache("DEFAULT")),
        .custom("paste_deploy_flavor", default: "keystone"),
        .key("paste_deploy_config_file", .api("paste_deploy", key: "config_file")),
        .custom("auth_strategy", .oneOf(["keystone", "noauth"]), default: "keystone"),
        .key("lock_path", default: "/var/lock/glance", .api("oslo_concurrency")),
        .key("enable_proxy_headers_parsing", .bool, .api("oslo_middleware")),
        .key("max_request_body_size", .integer(0...Int.max), .api("oslo_middleware")),
        .custom("purge_config", .bool, default: false),
    ]

    static let stores: [ParameterSpec] = [
        .custom("enabled_backends", .list),
        .custom("default_backend"),
        .custom("stores", .list),
        .custom("default_store"),
        .custom("multi_store", .bool, default: false),
    ]

    /// Deprecated in puppet-glance (Zed and 2025.1) for glance::backend::multistore::file's, but still
    /// written to `[glance_store]` (Glance 30: glance-cache.conf too); GlanceAPIRole warns when given.
    static let fileStore: [ParameterSpec] = [
        .key("filesystem_store_metadata_file", .api("glance_store"))
            .from(glance: 30, .writes([.api("glance_store"), .cache("glance_store")])),
        // glance_store reads the digits as an octal mode (int(str(value), 8)): written as given.
        .key("filesystem_store_file_perm", .api("glance_store"))
            .from(glance: 30, .writes([.api("glance_store"), .cache("glance_store")])),
    ]
    static let deprecatedFileStore = fileStore.map(\.name)

    static let images: [ParameterSpec] = [
        .key("location_strategy", .oneOf(["location_order", "store_type"]), .api("DEFAULT"))
            .from(glance: 30, .refused(reason: "Glance removed [DEFAULT] location_strategy (Glance 30 has no such "
                + "option) and puppet-glance 2025.1 removed the parameter")),
        .key("delayed_delete", .bool, .api("DEFAULT"))
            .from(glance: 30, .translated([.api("DEFAULT")], reason: "is deprecated with glance-scrubber "
                + "(puppet-glance 2025.1 deprecates it)")),
        .key("require_image_format_match", .bool, .api("image_format")),
        .key("image_cache_driver", .api("DEFAULT"), .cache("DEFAULT")),
        .key("hashing_algorithm", .api("DEFAULT")),
        .key("enforce_secure_rbac", .bool, .api("DEFAULT")),
        .key("use_keystone_limits", .bool, .api("DEFAULT")),
        .key("public_endpoint", .api("DEFAULT")),
        .key("node_staging_uri", .api("DEFAULT")),
        .key("worker_self_reference_url", .api("DEFAULT")),
        .key("image_member_quota", .integer, .api("DEFAULT")),
        .key("image_property_quota", .integer, .api("DEFAULT")),
        .key("image_tag_quota", .integer, .api("DEFAULT")),
        .key("image_location_quota", .integer, .api("DEFAULT")),
        .key("image_size_cap", .integer(0...Int.max), .api("DEFAULT")),
        .key("user_storage_quota", .api("DEFAULT")),
        .key("limit_param_default", .integer(1...Int.max), .api("DEFAULT")),
        .key("api_limit_max", .integer(1...Int.max), .api("DEFAULT")),
        .key("enabled_import_methods", .stringOrList(.bracketed), .api("DEFAULT")),
        .key("container_formats", .stringOrList, .api("image_format")),
        .key("disk_formats", .stringOrList, .api("image_format")),
    ]

    static let tasks: [ParameterSpec] = [
        .key("task_time_to_live", .integer(0...Int.max), .api("task")),
        .key("task_executor", .api("task")),
        .key("task_work_dir", .api("task", key: "work_dir")),
        .key("taskflow_engine_mode", .oneOf(["serial", "parallel"]), .api("taskflow_executor", key: "engine_mode")),
        .key("taskflow_max_workers", .integer(1...Int.max), .api("taskflow_executor", key: "max_workers")),
        .key("conversion_format", .oneOf(["qcow2", "raw", "vmdk"]), .api("taskflow_executor")),
        .key("image_import_plugins", .stringOrList(.bracketed),
             SettingTarget(file: GlanceFile.imageImport, section: "image_import_opts")),
    ]

    /// glance-image-import.conf: the image_conversion and inject_image_metadata import plugins.
    static let imageImport: [ParameterSpec] = [
        .key("image_conversion_output_format", .oneOf(["qcow2", "raw", "vmdk"]),
             imageImportConf("image_conversion", key: "output_format")),
        // Glance's DictOpt text, `key:value,key2:value2`, as puppet writes it.
        .key("inject_metadata_properties", imageImportConf("inject_metadata_properties", key: "inject")),
        .key("ignore_user_roles", .stringOrList, imageImportConf("inject_metadata_properties", key: "ignore_user_roles")),
    ]

    private static func imageImportConf(_ section: String, key: String) -> SettingTarget {
        SettingTarget(file: GlanceFile.imageImport, section: section, key: key)
    }

    static let service: [ParameterSpec] = [
        .custom("sync_db", .bool, default: true),
        .custom("manage_service", .bool, default: true),
        .custom("enabled", .bool, default: true),
        .custom("service_name", .oneOf(["glance-api", "httpd"]), default: "glance-api"),
        // Zed's puppet ignores it; glance-push keeps it: after a restart, list images with the
        // authtoken credentials.
        .custom("validate", .bool, default: false),
        ParameterSpec("validation_options", .map, .dropped(reason: noEffect)),
        ParameterSpec("scrub_time", .integer, .dropped(reason: noEffect)),
        ParameterSpec("cache_prefetcher_interval", .integer, .dropped(reason: noEffect)),
        ParameterSpec("cert_file", .refused(reason: "native SSL was removed from Glance in Ussuri; "
            + "terminate TLS in a proxy")),
        ParameterSpec("key_file", .refused(reason: "native SSL was removed from Glance in Ussuri; "
            + "terminate TLS in a proxy")),
        ParameterSpec("ca_file", .refused(reason: "native SSL was removed from Glance in Ussuri; "
            + "terminate TLS in a proxy")),
    ]

    /// glance::api took these until Xena and passed them to glance::api::db; glance-push still
    /// does (GlanceAPIDBRole.renderSection).
    static let database: [ParameterSpec] = GlanceAPIDBRole.current.map { $0.moved(to: GlanceAPIDBRole.name) }
        + GlanceAPIDBRole.removed

    static let legacy: [ParameterSpec] = [
        ParameterSpec("keystone_password", secret: true,
                      .translated([.api("keystone_authtoken", key: "password")], reason: movedToAuthtoken))
            .moved(to: authtoken, "password"),
        ParameterSpec("keystone_user",
                      .translated([.api("keystone_authtoken", key: "username")], reason: movedToAuthtoken))
            .moved(to: authtoken, "username"),
        ParameterSpec("keystone_tenant",
                      .translated([.api("keystone_authtoken", key: "project_name")], reason: movedToAuthtoken))
            .moved(to: authtoken, "project_name"),
        ParameterSpec("auth_uri",
                      .translated([.api("keystone_authtoken", key: "www_authenticate_uri")], reason: movedToAuthtoken))
            .moved(to: authtoken, "www_authenticate_uri"),
        ParameterSpec("identity_uri",
                      .translated([.api("keystone_authtoken", key: "auth_url")], reason: movedToAuthtoken))
            .moved(to: authtoken, "auth_url"),
        ParameterSpec("token_cache_time", .integer(-1...Int.max),
                      .translated([.api("keystone_authtoken")], reason: movedToAuthtoken)).moved(to: authtoken),
        ParameterSpec("memcached_servers", .stringOrList,
                      .translated([.api("keystone_authtoken")], reason: movedToAuthtoken)).moved(to: authtoken),
        ParameterSpec("signing_dir", .dropped(reason: "PKI tokens and signing_dir are gone from keystonemiddleware")),
        ParameterSpec("auth_region", .refused(reason: "removed; use glance::api::authtoken region_name")),
        ParameterSpec("os_region_name", .refused(reason: "it is only an alias of cinder_os_region_name now; "
            + "set cinder_os_region_name on the cinder backend role")),
        ParameterSpec("registry_host", .refused(reason: registryGone)),
        ParameterSpec("registry_port", .refused(reason: registryGone)),
        ParameterSpec("registry_client_protocol", .refused(reason: registryGone)),
        ParameterSpec("pipeline", .translated([.api("paste_deploy", key: "flavor")],
                                              reason: "was renamed paste_deploy_flavor"))
            .moved(to: GlanceAPIRole.name, "paste_deploy_flavor"),
        ParameterSpec("verbose", .bool, .dropped(reason: GlanceLoggingRole.verboseGone)),
        ParameterSpec("debug", .bool, .translated([.api("DEFAULT")], reason: movedToLogging)).moved(to: logging),
        ParameterSpec("log_file", .translated([.api("DEFAULT")], reason: movedToLogging)).moved(to: logging),
        ParameterSpec("log_dir", .translated([.api("DEFAULT")], reason: movedToLogging)).moved(to: logging),
        ParameterSpec("use_syslog", .bool, .translated([.api("DEFAULT")], reason: movedToLogging)).moved(to: logging),
        ParameterSpec("use_stderr", .bool, .translated([.api("DEFAULT")], reason: movedToLogging)).moved(to: logging),
        ParameterSpec("log_facility", .translated([.api("DEFAULT", key: "syslog_log_facility")],
                                                  reason: movedToLogging)).moved(to: logging),
    ]
}
