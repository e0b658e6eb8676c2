import Basics

/// The defines `glance::backend::multistore::http` (read-only images by URL; one per Glance) and
/// `glance::backend::multistore::s3` (boto3), in the section named by the store id.
enum BackendHTTPRole {
    static let name = "glance::backend::multistore::http"
    private static let api = [BackendRole.store()]
    /// puppet-glance 2025.1 writes them to glance-cache.conf too.
    private static func key(_ name: String, _ type: ParameterType = .string) -> ParameterSpec {
        ParameterSpec(name, type, .writes(api))
            .from(glance: 30, .writes(api + [BackendRole.store(file: GlanceFile.cache)]))
    }

    static let spec = RoleSpec(name, parameters: [
        key("https_ca_certificates_file"),
        key("https_insecure", .bool),
        key("http_proxy_information", .stringOrList),
        // New in puppet-glance 2025.1 (no store weight in Glance 25: its option check refuses it).
        key("weight", .integer(nil)),
    ], defaultID: "http", check: { r in
        if r.others(name).count > 1 {
            throw UserError("Glance accepts only one http store (\(name) is given \(r.others(name).count) times)",
                            at: r.location)
        }
    })
}

enum BackendS3Role {
    private static let both = [BackendRole.store(), BackendRole.store(file: GlanceFile.cache)]
    private static func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset,
                            secret: Bool = false) -> ParameterSpec {
        ParameterSpec(name, type, default: value, secret: secret, .writes(both))
    }

    static let spec = RoleSpec("glance::backend::multistore::s3", parameters: [
        key("s3_store_host", default: .required),
        key("s3_store_access_key", default: .required, secret: true),
        key("s3_store_secret_key", default: .required, secret: true),
        key("s3_store_bucket", default: .required),
        key("s3_store_create_bucket_on_put", .bool),
        key("s3_store_bucket_url_format", .oneOf(["auto", "path", "virtual"])),
        key("s3_store_large_object_size", .integer(1...Int.max)),
        key("s3_store_large_object_chunk_size", .integer(1...Int.max)),
        key("s3_store_thread_pools", .integer(1...Int.max)),
        .key("store_description", BackendRole.store()),
        // New in puppet-glance 2025.1 (no store weight in Glance 25: its option check refuses it).
        key("weight", .integer(nil)),
        .custom("manage_packages", .bool, default: true),
        .custom("package_ensure", .packageEnsure, default: "present"),
    ], defaultID: "s3", render: { r in
        if r.bool("manage_packages") {
            r.addPackage("\(r.release.pythonPrefix)-boto3", ensure: RoleRendering.ensure(r.string("package_ensure")))
        }
    })
}
