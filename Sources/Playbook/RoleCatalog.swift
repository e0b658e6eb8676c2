import Basics

/// Every puppet-glance class glance-push can apply, by name.
public enum RoleCatalog {
    static let roles: [RoleSpec] = [
        GlanceRole.spec,
        GlanceAPIRole.spec,
        GlanceAPIDBRole.spec,
        GlanceAPIAuthtokenRole.spec,
        GlanceLoggingRole.api,
        GlanceLoggingRole.cache,
        GlancePolicyRole.spec,
        GlanceRegistryRole.spec,
        NotifyRabbitMQRole.spec,
        BackendFileRole.single, BackendFileRole.multistore,
        BackendRBDRole.single, BackendRBDRole.multistore,
        BackendSwiftRole.single, BackendSwiftRole.multistore,
        BackendCinderRole.single, BackendCinderRole.multistore,
        BackendVsphereRole.single, BackendVsphereRole.multistore,
        BackendHTTPRole.spec, BackendS3Role.spec,
        BackendReservedRole.staging, BackendReservedRole.tasks,
        DBMySQLRole.spec, DBPostgreSQLRole.spec, DBSyncRoles.sync, DBSyncRoles.metadefs,
        KeystoneAuthRole.spec,
        CacheCronRole.cleaner, CacheCronRole.pruner,
        DBPurgeCronRole.purge, DBPurgeCronRole.purgeImagesTable,
        GlanceConfigRole.spec,
        WSGIUWSGIRole.spec, WSGIRole.spec, WSGIApacheRole.spec,
        HealthcheckRole.spec, CorsRole.spec, LimitRole.spec,
        KeyManagerRole.spec, KeyManagerBarbicanRole.spec, KeyManagerBarbicanServiceUserRole.spec,
        ImportFilteringOptsRole.spec, OSBrickRole.spec,
        PropertyProtectionRole.spec, ReportsRole.spec, GlanceClientRole.spec,
    ]

    /// Role names in catalog order.
    public static var names: [String] { roles.map(\.name) }

    public static func role(named name: String) -> RoleSpec? {
        rolesByName[name]
    }

    /// `roles` by name (the first one when a name repeats).
    private static let rolesByName = Dictionary(roles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The roles as each supported release has them (`RoleSpec.on`), by Glance major and name.
    private static let rolesByRelease: [Int: [String: RoleSpec]] = Dictionary(
        TargetRelease.supported.map { release in (release.glanceMajor, rolesByName.mapValues { $0.on(release) }) },
        uniquingKeysWith: { first, _ in first })

    /// The catalog's role `name` as a host running `release` has it: `role(named:)?.on(release)`.
    static func role(named name: String, on release: TargetRelease) -> RoleSpec? {
        if let byName = rolesByRelease[release.glanceMajor] { return byName[name] }
        return role(named: name)?.on(release)
    }

    /// The parameter names of a role, in catalog order (for documentation and completion).
    public static func parameterNames(of role: String) -> [String] {
        self.role(named: role)?.parameters.map(\.name) ?? []
    }

    /// puppet-glance classes glance-push refuses in a playbook, with the reason.
    public static let unsupported: [String: String] = [:]

    static func spec(for instance: RoleInstance) throws -> RoleSpec {
        guard let spec = role(named: instance.role) else {
            throw UserError(NearestName.message("unknown role '\(instance.role)'", for: instance.role, among: names),
                            at: instance.location)
        }
        return spec
    }
}

extension TargetRelease {
    /// `python3` since Ussuri (Glance 20); `python` for the Python 2 era the old tutorial describes.
    var pythonPrefix: String { glanceMajor >= 20 ? "python3" : "python" }

    /// puppet-glance's `pyceph_package_name`: python3-ceph on Debian, python3-rbd on Ubuntu,
    /// python-ceph before Ussuri.
    var cephPythonPackage: String {
        if glanceMajor < 20 { return "python-ceph" }
        return osID == "ubuntu" ? "python3-rbd" : "python3-ceph"
    }
}
