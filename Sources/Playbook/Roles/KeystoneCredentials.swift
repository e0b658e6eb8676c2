import Basics

/// Keystone credentials for a command run on the node, written as a root-only environment file so
/// the password never appears on a command line.
struct KeystoneCredentials: Sendable, Equatable {
    var authURL: String
    var username: String
    var password: String
    var projectName: String
    var userDomainName: String
    var projectDomainName: String
    var regionName: String?
    /// Talk to this image API instead of the catalog's (the node's own glance-api, not the
    /// endpoint registered for all of them).
    var imageEndpoint: String? = nil

    /// From the play's glance::api::authtoken, else glance::api's legacy keystone_* parameters.
    static func forValidation(_ r: RoleRendering) -> KeystoneCredentials? {
        if let authtoken = r.others(GlanceAPIAuthtokenRole.name).first,
           let password = authtoken.value("password")?.text {
            return KeystoneCredentials(
                authURL: authtoken.value("auth_url")?.text ?? "http://127.0.0.1:5000",
                username: authtoken.value("username")?.text ?? "glance", password: password,
                projectName: authtoken.value("project_name")?.text ?? "services",
                userDomainName: authtoken.value("user_domain_name")?.text ?? "Default",
                projectDomainName: authtoken.value("project_domain_name")?.text ?? "Default",
                regionName: authtoken.value("region_name")?.text)
        }
        guard let password = r.string("keystone_password") else { return nil }
        return KeystoneCredentials(
            authURL: r.string("identity_uri") ?? "http://127.0.0.1:5000", username: r.string("keystone_user") ?? "glance",
            password: password, projectName: r.string("keystone_tenant") ?? "services",
            userDomainName: "Default", projectDomainName: "Default", regionName: nil)
    }

    var environmentFile: String {
        var lines = [
            "# Written by glance-push: Keystone credentials for commands it runs on this node.",
            "export OS_AUTH_TYPE=password",
            "export OS_IDENTITY_API_VERSION=3",
            "export OS_AUTH_URL=\(ShellQuote.quote(authURL))",
            "export OS_USERNAME=\(ShellQuote.quote(username))",
            "export OS_PASSWORD=\(ShellQuote.quote(password))",
            "export OS_PROJECT_NAME=\(ShellQuote.quote(projectName))",
            "export OS_USER_DOMAIN_NAME=\(ShellQuote.quote(userDomainName))",
            "export OS_PROJECT_DOMAIN_NAME=\(ShellQuote.quote(projectDomainName))",
        ]
        if let regionName { lines.append("export OS_REGION_NAME=\(ShellQuote.quote(regionName))") }
        if let imageEndpoint { lines.append("export OS_IMAGE_ENDPOINT_OVERRIDE=\(ShellQuote.quote(imageEndpoint))") }
        return lines.joined(separator: "\n") + "\n"
    }
}

enum ShellQuote {
    /// `'text'` with embedded single quotes as `'\''`: safe for sh in every case.
    static func quote(_ text: String) -> String {
        // Most texts have no quote: Foundation's replace (bridged through NSString) is skipped.
        guard text.includes("'") else { return "'" + text + "'" }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
