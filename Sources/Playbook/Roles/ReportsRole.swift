/// `glance::reports` (puppet-glance 2025.1): oslo.reports' `[oslo_reports]` in glance-api.conf.
enum ReportsRole {
    static let spec = RoleSpec("glance::reports", parameters: [
        .key("log_dir", .api("oslo_reports")),
        .key("file_event_handler", .api("oslo_reports")),
        .key("file_event_handler_interval", .integer(1...Int.max), .api("oslo_reports")),
    ])
}
