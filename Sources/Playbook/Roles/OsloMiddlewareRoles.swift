/// puppet-glance's thin wrappers of puppet-oslo resources on glance-api.conf: `glance::healthcheck`
/// (`[healthcheck]`, oslo.middleware's healthcheck app), `glance::cors` (`[cors]`) and, from
/// 2025.1, `glance::os_brick` (`[os_brick]`, glance-cache.conf too). A list is written
/// comma-joined, as puppet-oslo does; an option the host's Glance lacks (2025.1's
/// `allowed_source_ranges` on Glance 25) is refused by the option check.
enum OsloMiddlewareRoles {
    static let healthcheck = RoleSpec("glance::healthcheck", parameters: [
        .key("detailed", .bool, .api("healthcheck")),
        .key("backends", .stringOrList, .api("healthcheck")),
        .key("allowed_source_ranges", .stringOrList, .api("healthcheck")),
        .key("ignore_proxied_requests", .bool, .api("healthcheck")),
        .key("disable_by_file_path", .api("healthcheck")),
        .key("disable_by_file_paths", .stringOrList, .api("healthcheck")),
        .key("enable_by_file_paths", .stringOrList, .api("healthcheck")),
    ])

    static let cors = RoleSpec("glance::cors", parameters: [
        .key("allowed_origin", .stringOrList, .api("cors")),
        .key("allow_credentials", .bool, .api("cors")),
        .key("expose_headers", .stringOrList, .api("cors")),
        .key("max_age", .integer(0...Int.max), .api("cors")),
        .key("allow_methods", .stringOrList, .api("cors")),
        .key("allow_headers", .stringOrList, .api("cors")),
    ])

    static let osBrick = RoleSpec("glance::os_brick", parameters: [
        .key("lock_path", .api("os_brick"), .cache("os_brick")),
        .key("wait_mpath_device_attempts", .integer(1...Int.max), .api("os_brick"), .cache("os_brick")),
        .key("wait_mpath_device_interval", .integer(1...Int.max), .api("os_brick"), .cache("os_brick")),
    ])
}

/// `glance::client`: the python3-glanceclient package (puppet-glance's `client_package_name`).
enum GlanceClientRole {
    static let spec = RoleSpec("glance::client", parameters: [
        .custom("ensure", .packageEnsure, default: "present"),
    ], render: { r in
        r.addPackage("\(r.release.pythonPrefix)-glanceclient", ensure: RoleRendering.ensure(r.string("ensure")))
    })
}
