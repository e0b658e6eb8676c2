/// The VMware datastore store: the define `glance::backend::multistore::vsphere` (section = its id,
/// store type `vmware` in enabled_backends) and the deprecated class `glance::backend::vsphere`
/// (`[glance_store]`, its vcenter_* parameters, `default_store = vsphere` unless multi_store).
/// puppet-glance 2025.1 removed both; Glance 30's glance_store (4.9) still reads the options, so
/// a Glance 30 host gets them with a warning.
enum BackendVsphereRole {
    static let removedUpstream = "puppet-glance 2025.1 removed the vsphere store classes and glance_store "
        + "deprecated its VMware driver; Glance 30 still reads these options"

    private static func key(_ name: String, _ type: ParameterType = .string, default value: DefaultValue = .unset,
                            secret: Bool = false, as option: String) -> ParameterSpec {
        ParameterSpec(name, type, default: value, secret: secret,
                      .writes([SettingTarget(file: GlanceFile.api, section: SettingTarget.storeSection, key: option)]))
    }

    /// The parameters of the define (`vmware_*`) or of the class (`vcenter_*`), each written as its `vmware_*` option.
    private static func parameters(class isClass: Bool) -> [ParameterSpec] {
        func name(_ vmware: String, _ vcenter: String) -> String { isClass ? vcenter : vmware }
        return [
            key(name("vmware_server_host", "vcenter_host"), default: .required, as: "vmware_server_host"),
            key(name("vmware_server_username", "vcenter_user"), default: .required, as: "vmware_server_username"),
            key(name("vmware_server_password", "vcenter_password"), default: .required, secret: true,
                as: "vmware_server_password"),
            key(name("vmware_store_image_dir", "vcenter_image_dir"), default: .required, as: "vmware_store_image_dir"),
            key(name("vmware_ca_file", "vcenter_ca_file"), as: "vmware_ca_file"),
            key(name("vmware_datastores", "vcenter_datastores"), .stringOrList(.multiLine), as: "vmware_datastores"),
            // puppet-glance writes the string 'True' by default.
            key(name("vmware_insecure", "vcenter_insecure"), .bool, default: true, as: "vmware_insecure"),
            key(name("vmware_task_poll_interval", "vcenter_task_poll_interval"), .integer(1...Int.max),
                as: "vmware_task_poll_interval"),
            key(name("vmware_api_retry_count", "vcenter_api_retry_count"), .integer(1...Int.max),
                as: "vmware_api_retry_count"),
        ]
    }

    static let multistore = RoleSpec("glance::backend::multistore::vsphere", parameters: parameters(class: false) + [
        .key("store_description", BackendRole.store()),
    ], defaultID: "vsphere", render: warnOnGlance30)

    static let single = RoleSpec("glance::backend::vsphere", parameters: parameters(class: true) + [
        .custom("multi_store", .bool, default: false),
    ], render: { r in
        r.warn("glance::backend::vsphere is deprecated: use glance::backend::multistore::vsphere")
        if !r.bool("multi_store") {
            try r.set(.api("glance_store", key: "default_store"), "vsphere")
        }
        try warnOnGlance30(&r)
    })

    @Sendable static func warnOnGlance30(_ r: inout RoleRendering) throws {
        if r.release.glanceMajor >= 30 { r.warn(removedUpstream) }
    }
}
