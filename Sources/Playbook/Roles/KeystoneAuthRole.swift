/// `glance::keystone::auth`: the glance user, its role, the image service and its endpoints in
/// Keystone, with the `openstack` CLI on one host. Admin credentials come from /root/openrc, or,
/// when the glance-push parameter admin_password is given, from a root-only file written from
/// admin_auth_url/admin_username/admin_password/…. The glance password comes from a root-only
/// file and reaches Keystone through the environment of an openstacksdk call, never a command line.
enum KeystoneAuthRole {
    static let envPath = "\(GlanceFile.credentialsDirectory)/glance-keystone-auth.env"
    static let adminCredentials = "/root/openrc"
    /// Creates the user, or sets its password: `python3 -c SCRIPT NAME EMAIL`, password in $GLANCE_PASSWORD.
    static let userScript = """
        import os, sys, openstack
        name, email, password = sys.argv[1], sys.argv[2], os.environ["GLANCE_PASSWORD"]
        cloud = openstack.connect()
        user = cloud.identity.find_user(name, domain_id="default")
        if user is None:
            cloud.identity.create_user(name=name, email=email, domain_id="default", password=password, is_enabled=True)
        else:
            cloud.identity.update_user(user, password=password)
        """
    static let adminEnvPath = "\(GlanceFile.credentialsDirectory)/glance-keystone-admin.env"

    static let spec = RoleSpec("glance::keystone::auth", parameters: [
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
    ], render: render)

    @Sendable static func render(_ r: inout RoleRendering) throws {
        guard let password = r.string("password") else { return }
        func q(_ name: String) -> String { ShellQuote.quote(r.string(name) ?? "") }
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
        r.addPackage("\(r.release.pythonPrefix)-openstackclient")
        var script = ["set -e", ". \(admin)", ". \(envPath)"]
        let user = q("auth_name")
        if r.bool("configure_user") {
            // `openstack … --password-prompt` reads a terminal, not stdin; openstacksdk takes the
            // password from the environment instead.
            script.append("GLANCE_PASSWORD=\"$GLANCE_PASSWORD\" /usr/bin/python3 -c \(ShellQuote.quote(userScript)) "
                + "\(user) \(q("email"))")
        }
        if r.bool("configure_user_role") {
            for role in r.list("roles") ?? [] {
                script.append("openstack role add --project \(q("tenant")) --user \(user) \(ShellQuote.quote(role))")
            }
            for role in r.list("system_roles") ?? [] {
                script.append("openstack role add --system \(q("system_scope")) --user \(user) \(ShellQuote.quote(role))")
            }
        }
        let type = q("service_type")
        if r.bool("configure_service") {
            script.append("openstack service show \(type) >/dev/null 2>&1 || openstack service create --name "
                + "\(q("service_name")) --description \(q("service_description")) \(type)")
        }
        if r.bool("configure_endpoint") {
            for interface in ["public", "internal", "admin"] {
                script.append("openstack endpoint list --service \(type) --interface \(interface) --region \(q("region")) "
                    + "-f value -c ID | grep -q . || openstack endpoint create --region \(q("region")) \(type) "
                    + "\(interface) \(q("\(interface)_url"))")
            }
        }
        r.output.oneShots.append(OneShotCommand(
            id: "glance-keystone-auth", command: script.joined(separator: "\n"), onceAcrossHosts: true,
            triggeredBy: triggers))
    }
}
