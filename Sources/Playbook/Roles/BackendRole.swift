/// The two shapes of a store: `glance::backend::X` (section `[glance_store]`, and
/// `default_store = X` unless multi_store) and the define `glance::backend::multistore::X`
/// (section = its id, default id = X, several instances allowed).
enum BackendRole {
    static func store(file: String = GlanceFile.api) -> SettingTarget {
        SettingTarget(file: file, section: SettingTarget.storeSection)
    }

    /// `multistoreParameters`: parameters only the define has.
    static func specs(type: String, parameters: [ParameterSpec], multistoreParameters: [ParameterSpec] = [],
                      check: @escaping @Sendable (RoleRendering) throws -> Void = { _ in },
                      render: @escaping @Sendable (inout RoleRendering) throws -> Void)
        -> (single: RoleSpec, multistore: RoleSpec) {
        let single = RoleSpec("glance::backend::\(type)", parameters: parameters + [
            .custom("multi_store", .bool, default: false),
        ], check: check, render: { r in
            try render(&r)
            if !r.bool("multi_store") {
                try r.set(.api("glance_store", key: "default_store"), type)
            }
        })
        let multistore = RoleSpec("glance::backend::multistore::\(type)", parameters: parameters + [
            .key("store_description", store()),
            .key("weight", .integer(nil), store()),
        ] + multistoreParameters, defaultID: type, check: check, render: render)
        return (single, multistore)
    }
}

enum BackendFileRole {
    static let (single, multistore) = BackendRole.specs(type: "file", parameters: [
        .key("filesystem_store_datadir", default: "/var/lib/glance/images/", BackendRole.store(),
             BackendRole.store(file: GlanceFile.cache)),
        .key("filesystem_store_datadirs", .list(.multiLine), BackendRole.store()),
        .key("filesystem_store_metadata_file", BackendRole.store()),
        .key("filesystem_store_file_perm", .integer(0...0o777), BackendRole.store()),
        .key("filesystem_store_chunk_size", .integer(1...Int.max), BackendRole.store()),
        .key("filesystem_thin_provisioning", .bool, BackendRole.store()),
    ], check: { r in
        if r.isGiven("filesystem_store_datadir") && r.isGiven("filesystem_store_datadirs") {
            throw r.error("give filesystem_store_datadir or filesystem_store_datadirs, not both",
                          at: "filesystem_store_datadirs")
        }
    }, render: { r in
        if r.isGiven("filesystem_store_datadirs") {
            try r.remove(SettingTarget(file: GlanceFile.api, section: r.storeSection, key: "filesystem_store_datadir"))
        }
    })
}

enum BackendRBDRole {
    static let (single, multistore) = BackendRole.specs(type: "rbd", parameters: [
        .key("rbd_store_ceph_conf", BackendRole.store()),
        .key("rbd_store_user", BackendRole.store()),
        .key("rbd_store_pool", BackendRole.store()),
        .key("rbd_store_chunk_size", .integer(1...Int.max), BackendRole.store()),
        .key("rados_connect_timeout", .integer(0...Int.max), BackendRole.store()),
        .key("rbd_thin_provisioning", .bool, BackendRole.store()),
        .custom("manage_packages", .bool, default: true),
        .custom("package_ensure", .packageEnsure, default: "present"),
    ], render: { r in
        guard r.bool("manage_packages") else { return }
        let ensure = RoleRendering.ensure(r.string("package_ensure"))
        r.addPackage(r.release.cephPythonPackage, ensure: ensure)
        r.addPackage("ceph-common", ensure: ensure)
    })
}

enum BackendCinderRole {
    private static let targets = [BackendRole.store(), BackendRole.store(file: GlanceFile.cache)]
    private static func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset,
                            secret: Bool = false) -> ParameterSpec {
        ParameterSpec(name, type, default: value, secret: secret, .writes(targets))
    }

    static let (single, multistore) = BackendRole.specs(type: "cinder", parameters: [
        key("cinder_catalog_info"),
        key("cinder_endpoint_template"),
        key("cinder_ca_certificates_file"),
        key("cinder_api_insecure", .bool),
        key("cinder_http_retries", .integer(0...Int.max)),
        key("cinder_state_transition_timeout", .integer(0...Int.max)),
        key("cinder_store_auth_address"),
        key("cinder_store_user_name"),
        key("cinder_store_password", secret: true),
        key("cinder_store_project_name"),
        key("cinder_store_user_domain_name"),
        key("cinder_store_project_domain_name"),
        key("cinder_volume_type"),
        key("cinder_enforce_multipath", .bool),
        key("cinder_use_multipath", .bool),
        key("cinder_mount_point_base"),
        key("cinder_do_extend_attached", .bool),
        key("cinder_os_region_name", default: "RegionOne"),
    ], render: { _ in })
}
