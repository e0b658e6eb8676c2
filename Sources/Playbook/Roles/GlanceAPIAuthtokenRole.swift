/// `glance::api::authtoken`: keystonemiddleware's `[keystone_authtoken]` in glance-api.conf.
enum GlanceAPIAuthtokenRole {
    static let name = "glance::api::authtoken"
    private static func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset,
                            secret: Bool = false) -> ParameterSpec {
        .key(name, type, default: value, secret: secret, .api("keystone_authtoken"))
    }

    static let spec = RoleSpec(name, parameters: [
        key("password", default: .required, secret: true),
        key("username", default: "glance"),
        key("project_name", default: "services"),
        key("user_domain_name", default: "Default"),
        key("project_domain_name", default: "Default"),
        key("auth_url", default: "http://127.0.0.1:5000"),
        key("www_authenticate_uri", default: "http://127.0.0.1:5000"),
        key("auth_type", default: "password"),
        key("auth_section"),
        key("region_name"),
        key("token_cache_time", .integer(-1...Int.max)),
        .custom("memcached_servers", .stringOrList),
        key("memcache_security_strategy", .oneOf(["None", "MAC", "ENCRYPT"])),
        key("memcache_secret_key", secret: true),
        key("memcache_use_advanced_pool", .bool),
        key("memcache_pool_maxsize", .integer(1...Int.max)),
        key("memcache_pool_socket_timeout", .integer(0...Int.max)),
        key("memcache_pool_unused_timeout", .integer(0...Int.max)),
        key("memcache_pool_conn_get_timeout", .integer(0...Int.max)),
        key("memcache_pool_dead_retry", .integer(0...Int.max)),
        .custom("system_scope"),
        key("insecure", .bool),
        key("cafile"),
        key("certfile"),
        key("keyfile"),
        key("service_token_roles", .stringOrList),
        key("service_token_roles_required", .bool),
        key("service_type"),
        key("interface", .oneOf(["public", "internal", "admin"])),
        key("auth_version"),
        key("cache"),
        key("delay_auth_decision", .bool),
        // keystonemiddleware: disabled, permissive, strict, required or the name of a bind method.
        key("enforce_token_bind"),
        key("http_connect_timeout", .integer(0...Int.max)),
        key("http_request_max_retries", .integer(0...Int.max)),
        key("include_service_catalog", .bool),
        .custom("manage_memcache_package", .bool, default: false),
        // puppet passes it to keystone::resource::authtoken as `* => $params`: its keys override
        // the parameters above (ParameterResolver.overrides). It may hold the password.
        .custom("params", .raw, secret: true),
    ].uniqued(), overridesParameter: "params", check: check, render: render)

    @Sendable static func check(_ r: RoleRendering) throws {
        if ["MAC", "ENCRYPT"].contains(r.string("memcache_security_strategy") ?? "None"),
           !r.isGiven("memcache_secret_key") {
            let strategy = r.shown(r.string("memcache_security_strategy") ?? "", of: "memcache_security_strategy")
            throw r.error("memcache_security_strategy \(strategy) needs "
                + "memcache_secret_key", at: "memcache_security_strategy")
        }
    }

    @Sendable static func render(_ r: inout RoleRendering) throws {
        let section = SettingTarget.api("keystone_authtoken", key: "memcached_servers")
        if let servers = r.list("memcached_servers") {
            try r.set(section, servers.map(memcachedServer).joined(separator: ","), from: "memcached_servers")
        } else {
            try r.remove(section)
        }
        if let scope = r.string("system_scope") {
            try r.set(.api("keystone_authtoken", key: "system_scope"), scope, from: "system_scope")
            // As puppet's keystone::resource::authtoken: a system scope replaces the project scope,
            // whatever the project parameters say.
            for name in ["project_name", "project_domain_name"] {
                try r.set(.api("keystone_authtoken"), key: name, .absent, from: "system_scope", rank: 3)
                if r.isGiven(name) {
                    r.warn("'\(name)' is not written: system_scope replaces the project scope (as in puppet-glance)", at: name)
                }
            }
        } else {
            try r.remove(.api("keystone_authtoken", key: "system_scope"))
        }
        if r.bool("manage_memcache_package") { r.addPackage("\(r.release.pythonPrefix)-memcache") }
    }

    /// `host:port`, with `inet6:` before an IPv6 address as keystonemiddleware wants.
    static func memcachedServer(_ server: String) -> String {
        guard server.hasPrefix("[") || server.filter({ $0 == ":" }).count > 1, !server.hasPrefix("inet6:") else {
            return server
        }
        return "inet6:" + server
    }
}

extension Array where Element == ParameterSpec {
    /// Drops repeated names (the first wins), so a catalog line written twice does no harm.
    func uniqued() -> [ParameterSpec] {
        var seen = Set<String>()
        return filter { seen.insert($0.name).inserted }
    }
}
