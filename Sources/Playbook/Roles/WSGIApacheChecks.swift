/// What glance::wsgi::apache refuses before anything is written: values that would not be one
/// Apache directive argument, and a glance::api that keeps glance-api on the vhost's port.
enum WSGIApacheChecks {
    /// Written as one bare argument: no blank, quote or line break.
    static let tokens = ["servername", "bind_host", "path"]
    /// Written inside double quotes: no quote or line break.
    static let quoted = ["ssl_cert", "ssl_key", "ssl_chain", "ssl_ca", "ssl_crl_path", "ssl_crl", "ssl_certs_dir",
                         "access_log_file", "access_log_pipe", "access_log_syslog",
                         "error_log_file", "error_log_pipe", "error_log_syslog"]
    /// Written as the rest of one line.
    static let lines = ["access_log_format", "access_log_env_var", "wsgi_process_display_name"]

    static func checkValues(_ r: RoleRendering) throws {
        for name in tokens + quoted + lines + ["headers", "request_headers"] where !r.isPending(name) {
            for value in r.list(name) ?? [] {
                try check(value, of: name, r)
            }
        }
        if let path = r.string("path"), !r.isPending("path"), !path.hasPrefix("/") {
            throw r.error("'path' must start with '/' (it is the URL path Glance is served under), "
                + "got '\(r.shown(path, of: "path"))'", at: "path")
        }
        try checkDaemonOptions(r)
    }

    private static func check(_ value: String, of name: String, _ r: RoleRendering) throws {
        let shown = r.shown(value, of: name)
        if value.isEmpty {
            throw r.error("'\(name)' must not be empty", at: name)
        }
        if value.contains(where: \.isNewline) {
            throw r.error("'\(name)' must be one line (it is one Apache directive), got '\(shown)'", at: name)
        }
        if tokens.contains(name), value.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) {
            throw r.error("'\(name)' must have no blank or quote (it is one Apache argument), got '\(shown)'", at: name)
        }
        if quoted.contains(name), value.contains("\"") {
            throw r.error("'\(name)' must have no double quote (Apache reads it quoted), got '\(shown)'", at: name)
        }
    }

    /// mod_wsgi's options are `name=value` words: a value with a blank or quote would split.
    private static func checkDaemonOptions(_ r: RoleRendering) throws {
        let name = "custom_wsgi_process_options"
        guard !r.isPending(name), case .map(let pairs)? = r.value(name) else { return }
        for pair in pairs {
            let isName = !pair.key.isEmpty && pair.key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if !isName {
                throw r.error("'\(name)' has the option name '\(pair.key)': WSGIDaemonProcess option names are "
                    + "letters, digits and '-'", at: name)
            }
            if pair.value.isEmpty || pair.value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) {
                throw r.error("'\(name)' option '\(pair.key)' must be one word without blanks or quotes, got '\(r.shown(pair.value, of: name))'",
                              at: name)
            }
        }
    }

    /// puppet-glance wants glance::api's `service_name: httpd` beside this class; with the default
    /// glance-api, eventlet's glance-api and Apache would both bind the port.
    static func checkGlanceAPI(_ r: RoleRendering) throws {
        guard let api = r.others(GlanceAPIRole.name).first else { return }
        let serviceName = api.value("service_name")?.text ?? "glance-api"
        let manages = api.value("manage_service") != .bool(false) && api.value("enabled") != .bool(false)
        guard manages, serviceName == "glance-api", !api.isPending("service_name"), !api.isPending("bind_port"),
              !r.isPending("port") else { return }
        let apiPort = api.value("bind_port")?.text ?? "9292"
        let port = r.value("port")?.text ?? "9292"
        guard apiPort == port else { return }
        throw r.error("glance::wsgi::apache serves Glance on port \(port), where glance::api's service glance-api "
            + "listens too: give glance::api 'service_name: httpd' (it stops glance-api, as in puppet-glance)")
    }
}
