/// `glance::keystone::auth`: the glance user, its role, the image service and its endpoints in
/// Keystone, with the `openstack` CLI on one host. Admin credentials come from /root/openrc; the
/// glance password from a root-only file, fed to `--password-prompt` on stdin by the shell's
/// builtin printf, so it is never on a command line.
enum KeystoneAuthRole {
    static let envPath = "\(GlanceFile.credentialsDirectory)/glance-keystone-auth.env"
    static let adminCredentials = "/root/openrc"

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
    ], render: render)

    @Sendable static func render(_ r: inout RoleRendering) throws {
        guard let password = r.string("password") else { return }
        func q(_ name: String) -> String { ShellQuote.quote(r.string(name) ?? "") }
        r.output.wholeFiles.append(WholeFile(
            path: envPath, content: "GLANCE_PASSWORD=\(ShellQuote.quote(password))\n",
            owner: "root", group: "root", mode: 0o600, isSecret: true))
        var script = ["set -e", ". \(adminCredentials)", ". \(envPath)"]
        let user = q("auth_name")
        if r.bool("configure_user") {
            let prompt = "printf '%s\\n%s\\n' \"$GLANCE_PASSWORD\" \"$GLANCE_PASSWORD\""
            script.append("if openstack user show --domain default \(user) >/dev/null 2>&1; then "
                + "\(prompt) | openstack user set --password-prompt \(user); else "
                + "\(prompt) | openstack user create --domain default --email \(q("email")) --password-prompt \(user); fi")
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
            triggeredBy: [envPath]))
    }
}
