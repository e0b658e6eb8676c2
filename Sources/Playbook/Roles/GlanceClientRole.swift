/// `glance::client`: the python3-glanceclient package (puppet-glance's `client_package_name`).
enum GlanceClientRole {
    static let spec = RoleSpec("glance::client", parameters: [
        .custom("ensure", .packageEnsure, default: "present"),
    ], render: { r in
        r.addPackage("\(r.release.pythonPrefix)-glanceclient", ensure: RoleRendering.ensure(r.string("ensure")))
    })
}
