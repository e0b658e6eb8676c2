/// `glance::backend::reserved::staging` and `::tasks`: the filesystem stores Glance always has,
/// `[os_glance_staging_store]` (image import staging) and `[os_glance_tasks_store]` (task work dir).
enum BackendReservedRole {
    static let staging = spec("staging", section: "os_glance_staging_store")
    static let tasks = spec("tasks", section: "os_glance_tasks_store")

    private static func spec(_ name: String, section: String) -> RoleSpec {
        RoleSpec("glance::backend::reserved::\(name)", parameters: [
            .key("filesystem_store_datadir", .api(section)),
            .key("filesystem_store_file_perm", .integer(0...0o777), .api(section)),
            .key("filesystem_store_chunk_size", .integer(1...Int.max), .api(section)),
            .key("filesystem_thin_provisioning", .bool, .api(section)),
        ])
    }
}
