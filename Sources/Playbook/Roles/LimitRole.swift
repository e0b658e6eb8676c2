/// `glance::limit`: oslo.limit's `[oslo_limit]` in glance-api.conf (unified limits), through
/// oslo::limit. Zed needs endpoint_id; puppet-glance 2025.1 finds the endpoint by service name and
/// type (glance, image) unless endpoint_id is given.
enum LimitRole {
    static let section = "oslo_limit"
    private static func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset,
                            secret: Bool = false) -> ParameterSpec {
        .key(name, type, default: value, secret: secret, .api(section))
    }

    static let spec = RoleSpec("glance::limit", parameters: [
        key("endpoint_id", default: .required).from(glance: 30, default: .unset),
        .custom("endpoint_service_name").from(glance: 30, default: "glance"),
        .custom("endpoint_service_type").from(glance: 30, default: "image"),
        key("endpoint_region_name"),
        key("endpoint_interface", .oneOf(["public", "internal", "admin"])),
        key("password", default: .required, secret: true),
        key("username", default: "glance"),
        key("auth_url", default: "http://localhost:5000"),
        key("project_name", default: "services"),
        key("user_domain_name", default: "Default"),
        key("project_domain_name", default: "Default"),
        .custom("system_scope"),
        key("auth_type", default: "password"),
        key("service_type"),
        key("valid_interfaces", .stringOrList),
        key("region_name"),
        key("endpoint_override"),
    ], check: check, render: render)

    @Sendable static func check(_ r: RoleRendering) throws {
        if r.isGiven("endpoint_id"), let given = ["endpoint_service_name", "endpoint_service_type"].first(where: r.isGiven) {
            throw r.error("endpoint_id and \(given) are mutually exclusive (oslo::limit)", at: given)
        }
    }

    /// The endpoint by service name and type only without endpoint_id (puppet-glance 2025.1).
    @Sendable static func render(_ r: inout RoleRendering) throws {
        for name in ["endpoint_service_name", "endpoint_service_type"] {
            if !r.isGiven("endpoint_id"), let value = r.string(name) {
                try r.set(.api(section, key: name), value, from: name)
            } else {
                try r.remove(.api(section, key: name))
            }
        }
        try KeystoneScope.write(&r, section: section)
    }
}
