import Basics

/// `glance::registry` (legacy, removed in Victoria): glance-registry.conf, package and service
/// glance-registry. Refused on Glance 21 and later unless `ensure: absent`, which removes it.
package enum GlanceRegistryRole {
    static let name = "glance::registry"
    private static let file = GlanceFile.registry
    private static func target(_ section: String, key: String? = nil) -> SettingTarget {
        SettingTarget(file: file, section: section, key: key)
    }

    package static let removal = RoleSpec.Removal(glanceMajor: 21, reason: GlanceAPIParameters.registryGone)

    static let spec = RoleSpec(name, parameters: [
        .custom("ensure", .oneOf(["present", "absent"]), default: "present"),
        .custom("keystone_password", secret: true),
        .key("keystone_user", default: "glance", target("keystone_authtoken", key: "username")),
        .key("keystone_tenant", default: "services", target("keystone_authtoken", key: "project_name")),
        .key("auth_uri", default: "http://127.0.0.1:5000/", target("keystone_authtoken", key: "www_authenticate_uri")),
        .key("identity_uri", default: "http://127.0.0.1:35357/", target("keystone_authtoken", key: "auth_url")),
        .key("token_cache_time", .integer(-1...Int.max), target("keystone_authtoken")),
        .key("memcached_servers", .stringOrList, target("keystone_authtoken")),
        .key("bind_host", default: "0.0.0.0", target("DEFAULT")),
        .key("bind_port", .port, default: 9191, target("DEFAULT")),
        .key("workers", .integer(1...1024), default: .osWorkers, target("DEFAULT")),
        .key("pipeline", default: "keystone", target("paste_deploy", key: "flavor")),
        .key("debug", .bool, target("DEFAULT")),
        .key("log_file", default: "/var/log/glance/registry.log", target("DEFAULT")),
        .key("log_dir", default: "/var/log/glance", target("DEFAULT")),
        ParameterSpec("verbose", .bool, .dropped(reason: GlanceLoggingRole.verboseGone)),
        .key("database_connection", default: "sqlite:///var/lib/glance/glance.sqlite", secret: true,
             target("database", key: "connection")),
        .key("database_idle_timeout", .integer, target("database", key: "idle_timeout")),
        .custom("sync_db", .bool, default: true),
        .custom("manage_service", .bool, default: true),
        .custom("enabled", .bool, default: true),
        .custom("package_ensure", .packageEnsure, default: "present"),
    ], removal: removal, check: check, render: render)

    static var isAbsent: @Sendable (RoleRendering) -> Bool { { $0.string("ensure") == "absent" } }

    /// The release check comes first, in ParameterResolver; at load time the release is unknown,
    /// so a missing password waits for it too (on Zed the real reason is the removal).
    @Sendable static func check(_ r: RoleRendering) throws {
        guard !isAbsent(r), !r.isPending("ensure"), r.host != nil else { return }
        if !r.isGiven("keystone_password") {
            throw UserError("role 'glance::registry' needs parameter 'keystone_password'", at: r.location)
        }
    }

    /// Runs after the parameters were written: for `ensure: absent` those keys are dropped again,
    /// since the file goes with the package.
    @Sendable static func render(_ r: inout RoleRendering) throws {
        if isAbsent(r) {
            r.output.settings = []
            r.output.packages = [PackageRequirement(name: "glance-registry", ensure: .absent)]
            r.output.services = [ServiceSpec(name: "glance-registry", running: false, enabled: false)]
            return
        }
        if let password = r.string("keystone_password") {
            try r.set(target("keystone_authtoken", key: "password"), password, from: "keystone_password")
        }
        try r.set(target("keystone_authtoken", key: "auth_type"), "password")
        try r.set(target("keystone_authtoken", key: "user_domain_name"), "Default")
        try r.set(target("keystone_authtoken", key: "project_domain_name"), "Default")
        r.addPackage("glance-registry", ensure: RoleRendering.ensure(r.string("package_ensure")),
                     restarts: ["glance-registry"])
        if r.bool("manage_service") {
            let running = r.bool("enabled")
            r.output.services.append(ServiceSpec(name: "glance-registry", running: running, enabled: running,
                                                 restartedBy: [file],
                                                 health: running ? HealthCheck(url: healthURL(r)) : nil))
        }
        if r.bool("sync_db") {
            r.output.oneShots.append(OneShotCommand(
                id: "glance-registry-db-sync", command: "glance-manage --config-file \(file) db_sync",
                user: "glance", onceAcrossHosts: true, triggeredBy: [file, "glance-registry"]))
        }
    }

    private static func healthURL(_ r: RoleRendering) -> String {
        var host = r.string("bind_host") ?? "127.0.0.1"
        if host == "0.0.0.0" { host = "127.0.0.1" }
        return "http://\(host):\(r.string("bind_port") ?? "9191")/"
    }
}
