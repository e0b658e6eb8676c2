/// `glance::keystone::auth`: the glance user, its role, the image service and its endpoints in
/// Keystone, made by one openstacksdk program (KeystoneAuthScript) on one host. Admin credentials
/// come from /root/openrc, or, when the glance-push parameter admin_password is given, from a
/// root-only file written from admin_auth_url/admin_username/admin_password/…. The glance
/// password comes from a root-only file and reaches Keystone through the environment, never argv.
package enum KeystoneAuthRole {
    static let envPath = "\(GlanceFile.credentialsDirectory)/glance-keystone-auth.env"
    static let adminCredentials = "/root/openrc"
    static let adminEnvPath = "\(GlanceFile.credentialsDirectory)/glance-keystone-admin.env"

    package static let name = "glance::keystone::auth"

    static let spec = RoleSpec(name, parameters: [
        .custom("password", default: .required, secret: true),
        .custom("auth_name", default: "glance"),
        .custom("email", default: "glance@localhost"),
        .custom("tenant", default: "services"),
        .custom("roles", .stringOrList, default: ["admin"]),
        .custom("system_scope", default: "all"),
        .custom("system_roles", .stringOrList, default: .value(.list([]))),
        .custom("service_name", default: "glance"),
        .custom("service_type", default: "image"),
        .custom("service_description", default: "OpenStack Image Service"),
        .custom("region", default: "RegionOne"),
        .custom("public_url", default: "http://127.0.0.1:9292"),
        .custom("internal_url", default: "http://127.0.0.1:9292"),
        .custom("admin_url", default: "http://127.0.0.1:9292"),
        .custom("configure_user", .bool, default: true),
        .custom("configure_user_role", .bool, default: true),
        .custom("configure_service", .bool, default: true),
        .custom("configure_endpoint", .bool, default: true),
        .custom("admin_auth_url"),
        .custom("admin_username"),
        .custom("admin_password", secret: true),
        .custom("admin_project_name"),
        .custom("admin_user_domain_name"),
        .custom("admin_project_domain_name"),
        .custom("admin_region_name"),
    ] + KeystoneLegacyEndpoints.parameters, render: render)

    /// `interface`'s endpoint URL: built from the legacy parameters when any is given, else `<interface>_url`.
    static func endpoint(_ interface: String, _ r: RoleRendering) -> String {
        KeystoneLegacyEndpoints.url(for: interface) { r.string($0) } ?? r.string("\(interface)_url") ?? ""
    }

    private static func warnLegacyEndpoints(_ r: inout RoleRendering) {
        for parameter in KeystoneLegacyEndpoints.parameters.map(\.name) where r.isGiven(parameter) {
            let urls = KeystoneLegacyEndpoints.interfaces(fedBy: parameter).map { "\($0)_url \(endpoint($0, r))" }
            r.warn("'\(parameter)' was \(KeystoneLegacyEndpoints.removed); written as "
                + urls.joined(separator: ", "), at: parameter)
        }
        for interface in KeystoneLegacyEndpoints.interfaces where r.isGiven("\(interface)_url") {
            if KeystoneLegacyEndpoints.url(for: interface, { r.string($0) }) != nil {
                r.warn("'\(interface)_url' is ignored: the legacy \(interface)_protocol, \(interface)_address or port "
                    + "give that URL, as in puppet-glance 8.x", at: "\(interface)_url")
            }
        }
    }

    @Sendable static func render(_ r: inout RoleRendering) throws {
        warnLegacyEndpoints(&r)
        guard let password = r.string("password") else { return }
        r.output.wholeFiles.append(WholeFile(
            path: envPath, content: "GLANCE_PASSWORD=\(ShellQuote.quote(password))\n",
            owner: "root", group: "root", mode: 0o600, isSecret: true))
        var admin = adminCredentials
        var triggers = [envPath]
        if let adminPassword = r.string("admin_password") {
            let credentials = KeystoneCredentials(
                authURL: r.string("admin_auth_url") ?? "http://127.0.0.1:5000", username: r.string("admin_username") ?? "admin",
                password: adminPassword, projectName: r.string("admin_project_name") ?? "admin",
                userDomainName: r.string("admin_user_domain_name") ?? "Default",
                projectDomainName: r.string("admin_project_domain_name") ?? "Default",
                regionName: r.string("admin_region_name"))
            r.output.wholeFiles.append(WholeFile(path: adminEnvPath, content: credentials.environmentFile,
                                                 owner: "root", group: "root", mode: 0o600, isSecret: true))
            admin = adminEnvPath
            triggers.append(adminEnvPath)
        }
        r.addPackage("\(r.release.pythonPrefix)-openstacksdk")
        let script = ["set -e", ". \(admin)", ". \(envPath)", KeystoneAuthScript.command(r)]
        r.output.oneShots.append(OneShotCommand(
            id: "glance-keystone-auth", command: script.joined(separator: "\n"), onceAcrossHosts: true,
            triggeredBy: triggers))
    }
}
