/// castellan's key manager in glance-api.conf: `glance::key_manager` (`[key_manager] backend`),
/// `glance::key_manager::barbican` (`[barbican]`) and its service user (`[barbican_service_user]`),
/// through puppet-oslo's oslo::key_manager defines.
enum KeyManagerRole {
    static let spec = RoleSpec("glance::key_manager", parameters: [
        .key("backend", .api("key_manager")),
    ])
}

enum KeyManagerBarbicanRole {
    private static func key(_ name: String, _ type: ParameterType = .string) -> ParameterSpec {
        .key(name, type, .api("barbican"))
    }

    static let spec = RoleSpec("glance::key_manager::barbican", parameters: [
        key("barbican_endpoint"),
        key("barbican_api_version"),
        key("auth_endpoint"),
        key("retry_delay", .integer(0...Int.max)),
        key("number_of_retries", .integer(0...Int.max)),
        key("barbican_endpoint_type", .oneOf(["public", "internal", "admin"])),
        key("barbican_region_name"),
        key("send_service_user_token", .bool),
    ])
}

enum KeyManagerBarbicanServiceUserRole {
    static let section = "barbican_service_user"
    private static func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset,
                            secret: Bool = false) -> ParameterSpec {
        .key(name, type, default: value, secret: secret, .api(section))
    }

    static let spec = RoleSpec("glance::key_manager::barbican::service_user", parameters: [
        key("password", default: .required, secret: true),
        key("username", default: "glance"),
        key("auth_url", default: "http://localhost:5000"),
        key("project_name", default: "services"),
        key("user_domain_name", default: "Default"),
        key("project_domain_name", default: "Default"),
        .custom("system_scope"),
        key("insecure", .bool),
        key("auth_type", default: "password"),
        key("auth_version"),
        key("cafile"),
        key("certfile"),
        key("keyfile"),
        key("region_name"),
    ], render: { r in try KeystoneScope.write(&r, section: section) })
}

/// oslo's `system_scope` rule (oslo::limit, oslo::key_manager::barbican::service_user): a system
/// scope replaces the project, so project_name and project_domain_name are removed, even when
/// given (puppet-oslo drops them silently; glance-push warns).
enum KeystoneScope {
    static func write(_ r: inout RoleRendering, section: String) throws {
        guard let scope = r.string("system_scope") else {
            try r.remove(.api(section, key: "system_scope"))
            return
        }
        try r.set(.api(section, key: "system_scope"), scope, from: "system_scope")
        for key in ["project_name", "project_domain_name"] {
            if r.isGiven(key) {
                r.warn("'\(key)' is not written: system_scope replaces the project (as in puppet-oslo)", at: key)
            }
            try r.set(.api(section), key: key, .absent, from: "system_scope", rank: 3)
        }
    }
}
