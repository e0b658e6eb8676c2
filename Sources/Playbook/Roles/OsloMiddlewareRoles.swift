/// oslo.middleware's options in glance-api.conf: `glance::healthcheck` (`[healthcheck]`, through
/// oslo::healthcheck) and `glance::cors` (`[cors]`, through oslo::cors). Like puppet-glance, neither
/// touches glance-api-paste.ini: the healthcheck app or filter is the packaged paste file's.
enum HealthcheckRole {
    private static func key(_ name: String, _ type: ParameterType = .string) -> ParameterSpec {
        .key(name, type, .api("healthcheck"))
    }

    static let spec = RoleSpec("glance::healthcheck", parameters: [
        key("detailed", .bool),
        key("backends", .stringOrList),
        // New in puppet-glance 2025.1 (oslo.middleware options Glance 25 lacks: its option check refuses them).
        key("allowed_source_ranges", .stringOrList),
        key("ignore_proxied_requests", .bool),
        key("disable_by_file_path"),
        key("disable_by_file_paths", .stringOrList),
        key("enable_by_file_paths", .stringOrList),
    ])
}

enum CorsRole {
    private static func key(_ name: String, _ type: ParameterType = .stringOrList) -> ParameterSpec {
        .key(name, type, .api("cors"))
    }

    static let spec = RoleSpec("glance::cors", parameters: [
        key("allowed_origin"),
        key("allow_credentials", .bool),
        key("expose_headers"),
        key("max_age", .integer(0...Int.max)),
        key("allow_methods"),
        key("allow_headers"),
    ])
}
