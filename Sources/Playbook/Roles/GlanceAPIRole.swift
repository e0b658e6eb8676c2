/// `glance::api`: glance-api.conf core keys, the image cache (also in glance-cache.conf), stores,
/// the package and service glance-api, db_sync, and the pieces puppet includes: `[database]`
/// (glance::api::db), glance::policy's defaults, and glance::api::authtoken when the legacy
/// keystone_* parameters are used.
enum GlanceAPIRole {
    static let name = "glance::api"

    static let spec = RoleSpec(name, parameters: GlanceAPIParameters.all,
                               check: { r in
                                   try StoreChecks.checkAPI(r)
                                   try GlanceAPIDBRole.checkConnection(r)
                                   try checkFilePermission(r)
                               },
                               render: render)

    @Sendable static func render(_ r: inout RoleRendering) throws {
        try renderFlavor(&r)
        try StoreChecks.renderAPIStores(&r)
        try renderIncludes(&r)
        try renderDatabase(&r)
        warnDeprecatedFileStore(&r)
        if r.bool("purge_config") { r.output.purgedFiles.append(GlanceFile.api) }

        let serviceName = r.string("service_name") ?? "glance-api"
        r.addPackage("glance-api", ensure: RoleRendering.ensure(r.string("package_ensure")), restarts: ["glance-api"])
        if r.bool("manage_service") {
            let running = r.bool("enabled") && serviceName == "glance-api"
            if serviceName == "httpd" && !r.hasRole(WSGIApacheRole.name) {
                r.warn("service_name httpd stops glance-api: add glance::wsgi::apache to the play for Apache "
                    + "to serve Glance", at: "service_name")
            }
            r.output.services.append(ServiceSpec(
                name: "glance-api", running: running, enabled: running, restartedBy: GlanceFile.restartingAPI,
                health: running ? try healthCheck(&r) : nil))
        }
        if r.bool("sync_db") {
            r.output.oneShots += [DBSyncRoles.implicitSync(r), DBSyncRoles.implicitMetadefs(r)].compactMap { $0 }
        }
    }

    /// glance_store takes the digits of filesystem_store_file_perm as an octal mode (`int(str(perm), 8)`);
    /// zero or a negative number keeps the default permissions.
    private static func checkFilePermission(_ r: RoleRendering) throws {
        guard let perm = r.string("filesystem_store_file_perm"), !r.isPending("filesystem_store_file_perm") else { return }
        let digits = perm.hasPrefix("-") ? perm.dropFirst() : Substring(perm)
        let isNumber = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        if !isNumber || (!perm.hasPrefix("-") && !digits.allSatisfy({ "01234567".contains($0) })) {
            throw r.error("'filesystem_store_file_perm' must be an octal mode such as 0644 (or 0 or a negative number "
                + "for the default), got '\(r.shown(perm, of: "filesystem_store_file_perm"))'", at: "filesystem_store_file_perm")
        }
    }

    /// As puppet-glance: given, they still write `[glance_store]`, with a deprecation warning.
    private static func warnDeprecatedFileStore(_ r: inout RoleRendering) {
        for name in GlanceAPIParameters.deprecatedFileStore where r.isGiven(name) {
            r.warn("'\(name)' is deprecated in puppet-glance (use glance::backend::multistore::file's \(name)); "
                + "written to [glance_store]", at: name)
        }
    }

    private static func renderFlavor(_ r: inout RoleRendering) throws {
        let target = SettingTarget.api("paste_deploy", key: "flavor")
        if let flavor = r.string("paste_deploy_flavor"), !flavor.isEmpty {
            try r.set(target, key: "flavor", .set(flavor), from: "paste_deploy_flavor",
                      rank: r.isGiven("paste_deploy_flavor") ? 2 : 1)
        } else {
            try r.remove(target)
        }
        let wantsCache = r.value("image_cache_max_size") != nil || r.value("image_cache_stall_time") != nil
        if wantsCache, let flavor = r.string("paste_deploy_flavor"), !flavor.contains("cachemanagement") {
            let shown = r.shown(flavor, of: "paste_deploy_flavor")
            r.warn("the image cache needs paste_deploy_flavor 'keystone+cachemanagement' (it is '\(shown)')",
                   at: "paste_deploy_flavor")
        }
    }

    /// glance::policy's defaults unless the play has that role; glance::api::authtoken when the
    /// legacy keystone_password is given and the play has no glance::api::authtoken.
    private static func renderIncludes(_ r: inout RoleRendering) throws {
        if !r.hasRole(GlancePolicyRole.name) {
            try r.set(.api("oslo_policy"), key: "policy_file", .set(GlanceFile.policy), rank: 1)
            for key in ["enforce_scope", "enforce_new_defaults", "policy_dirs"] {
                try r.remove(.api("oslo_policy", key: key))
            }
        }
        guard r.string("auth_strategy") == "keystone", !r.hasRole(GlanceAPIAuthtokenRole.name) else { return }
        if r.isGiven("keystone_password") {
            for parameter in GlanceAPIAuthtokenRole.spec.parameters {
                guard case .writes(let targets) = parameter.effect else { continue }
                for target in targets {
                    if case .value(let value) = parameter.defaultValue {
                        try r.set(target, key: parameter.name, .set(value.text), from: parameter.name, rank: 1)
                    } else if parameter.defaultValue == .unset {
                        try r.set(target, key: parameter.name, .absent, from: parameter.name, rank: 0)
                    }
                }
            }
        } else if r.host != nil {
            r.warn("auth_strategy is keystone but the play has no glance::api::authtoken role (nor the legacy "
                + "keystone_password): [keystone_authtoken] is left as it is")
        }
    }

    /// puppet's `include glance::api::db`, fed by glance::api's database_* parameters; with a
    /// glance::api::db role in the play, that role writes the section and glance::api only the
    /// keys of the parameters it was given (SettingConflicts refuses two different values).
    private static func renderDatabase(_ r: inout RoleRendering) throws {
        let hasDBRole = r.hasRole(GlanceAPIDBRole.name)
        let parameters = GlanceAPIDBRole.fed.filter { !hasDBRole || r.isGiven($0) }
        try GlanceAPIDBRole.renderSection(&r, parameters: Set(parameters), removingUnfed: !hasDBRole)
        if !hasDBRole || r.isGiven("database_connection") { GlanceAPIDBRole.renderDriver(&r) }
    }

    /// The connection db_sync uses: glance::api's own, else the play's glance::api::db's, else the default.
    static func databaseConnection(_ r: RoleRendering) -> String? {
        if r.isGiven("database_connection") { return r.string("database_connection") }
        return r.others(GlanceAPIDBRole.name).first?.value("database_connection")?.text ?? r.string("database_connection")
    }

    /// A token for the glance user, then one image listed from this node's API (openstacksdk:
    /// `openstack image list` ignores OS_IMAGE_ENDPOINT_OVERRIDE and asks the catalog's endpoint).
    static let validationScript = "import openstack; next(iter(openstack.connect().image.images(limit=1)), None)"

    /// `/versions` on the bind address (127.0.0.1 for a wildcard), plus a token and an image list
    /// from that address with credentials from a root-only file when `validate` is true.
    private static func healthCheck(_ r: inout RoleRendering) throws -> HealthCheck {
        let api = "http://\(HealthCheck.localHost(bindHost: r.string("bind_host"))):\(r.string("bind_port") ?? "9292")"
        let url = api + "/versions"
        guard r.bool("validate") else { return HealthCheck(url: url) }
        guard var credentials = KeystoneCredentials.forValidation(r) else {
            throw r.error("validate: true needs Keystone credentials: a glance::api::authtoken role with password "
                + "in this play, or keystone_password", at: "validate")
        }
        credentials.imageEndpoint = api
        r.addPackage("\(r.release.pythonPrefix)-openstacksdk")
        let path = "\(GlanceFile.credentialsDirectory)/glance-api-validate.env"
        r.output.wholeFiles.append(WholeFile(path: path, content: credentials.environmentFile,
                                             owner: "root", group: "root", mode: 0o600, isSecret: true))
        return HealthCheck(url: url, validationCommand: "sh -c '. \(path) && /usr/bin/python3 -c \"\(validationScript)\"'")
    }
}
