/// `glance`: the base class. Its package (`openstack-glance`) exists on RedHat only, so on
/// Debian and Ubuntu it yields the OpenStack client the other roles' commands use.
enum GlanceRole {
    static let spec = RoleSpec("glance", parameters: [
        .custom("package_ensure", .packageEnsure, default: "present"),
    ], render: { r in
        r.addPackage("\(r.release.pythonPrefix)-openstackclient")
        if r.isGiven("package_ensure") {
            r.warn("package_ensure applies to RedHat's openstack-glance package only; on \(r.release.osID) "
                + "glance::api installs glance-api", at: "package_ensure")
        }
    })
}
