/// `glance::wsgi::apache`: glance-api served by Apache's mod_wsgi, as openstacklib::wsgi::apache
/// sets it up on Debian: the packages apache2 and libapache2-mod-wsgi-py3, the WSGI script in
/// /usr/lib/cgi-bin/glance, the vhost sites-available/PRIORITY-glance_wsgi.conf (enabled with
/// a2ensite, its modules with a2enmod) and the service apache2, restarted by Glance's files.
/// glance::api's `service_name: httpd` stops glance-api. Deliberate differences from puppet: it
/// does not manage the rest of Apache (puppet's `include apache`: ports.conf, default vhost,
/// purges), so the vhost file carries its own `Listen`; and the WSGI script is glance-push's copy
/// of the module body of Debian's /usr/bin/glance-wsgi-api, not a copy of that file.
enum WSGIApacheRole {
    static let name = "glance::wsgi::apache"
    static let scriptDirectory = "/usr/lib/cgi-bin/glance"
    static let script = "\(scriptDirectory)/glance-api"
    static let service = "apache2"

    /// What pbr generates into /usr/bin/glance-wsgi-api when it is imported rather than run.
    static let scriptContent = """
        # Written by glance-push (glance::wsgi::apache): glance-api's WSGI application, as
        # /usr/bin/glance-wsgi-api defines it when mod_wsgi imports it.
        import threading

        from glance.common.wsgi_app import init_app

        application = None
        app_lock = threading.Lock()

        with app_lock:
            if application is None:
                application = init_app()

        """

    static let spec = RoleSpec(name, parameters: [
        .custom("servername"),
        .custom("port", .port, default: 9292),
        .custom("bind_host"),
        .custom("path", default: "/"),
        .custom("ssl", .bool, default: false),
        .custom("workers", .integer(1...1024), default: .osWorkers),
        .custom("ssl_cert"), .custom("ssl_key"), .custom("ssl_chain"), .custom("ssl_ca"),
        .custom("ssl_crl_path"), .custom("ssl_crl"), .custom("ssl_certs_dir"),
        .custom("wsgi_process_display_name"),
        .custom("threads", .integer(1...1024), default: 1),
        .custom("priority", .integer(0...99), default: 10),
        .custom("access_log_file"), .custom("access_log_pipe"), .custom("access_log_syslog"),
        .custom("access_log_format"), .custom("access_log_env_var"),
        .custom("error_log_file"), .custom("error_log_pipe"), .custom("error_log_syslog"),
        .custom("custom_wsgi_process_options", .map),
        .custom("headers", .stringOrList(.comma)),
        .custom("request_headers", .stringOrList(.comma)),
        .custom("vhost_custom_fragment"),
    ], check: check, render: render)

    private static func check(_ r: RoleRendering) throws {
        try WSGIApacheChecks.checkValues(r)
        try WSGIApacheChecks.checkGlanceAPI(r)
    }

    @Sendable static func render(_ r: inout RoleRendering) throws {
        let vhost = try self.vhost(r)
        if vhost.ssl == nil {
            for name in WSGIApacheChecks.quoted where name.hasPrefix("ssl_") && r.isGiven(name) {
                r.warn("'\(name)' has no effect while 'ssl' is false (as in puppet's vhost)", at: name)
            }
        }
        let vhostPath = "/etc/apache2/sites-available/\(r.value("priority")?.text ?? "10")-\(vhost.name).conf"
        r.output.wholeFiles.append(WholeFile(path: script, content: scriptContent, owner: "glance", group: "glance",
                                             mode: 0o644))
        r.output.wholeFiles.append(WholeFile(path: vhostPath, content: vhost.text, owner: "root", group: "root",
                                             mode: 0o644))
        r.addPackage("apache2", restarts: [service])
        r.addPackage("libapache2-mod-wsgi-py3", restarts: [service])
        // Glance's code runs inside Apache: upgrading it restarts Apache, as glance-api's package does glance-api.
        r.addPackage("glance-api", restarts: [service])
        var modules = ["wsgi", "setenvif"]
        if !vhost.headers.isEmpty || !vhost.requestHeaders.isEmpty { modules.append("headers") }
        if vhost.ssl != nil { modules.append("ssl") }
        let site = (vhostPath.split(separator: "/").last ?? "").dropLast(".conf".count)
        r.output.oneShots.append(OneShotCommand(
            id: "glance-wsgi-apache-enable",
            command: "a2enmod -q \(modules.joined(separator: " ")) && a2ensite -q \(site)",
            triggeredBy: [vhostPath, "apache2", "libapache2-mod-wsgi-py3"]))
        r.output.services.append(ServiceSpec(
            name: service, running: true, enabled: true,
            restartedBy: [vhostPath, script] + GlanceFile.restartingAPI,
            health: HealthCheck(url: healthURL(vhost))))
    }

    /// `/versions` under the script alias, on the bind address (127.0.0.1 for every address).
    static func healthURL(_ vhost: ApacheVhost) -> String {
        let host = HealthCheck.localHost(bindHost: vhost.bindHost)
        let prefix = vhost.scriptAlias.path == "/" ? "" : vhost.scriptAlias.path
        return "\(vhost.ssl == nil ? "http" : "https")://\(host):\(vhost.port)\(prefix)/versions"
    }

    static func vhost(_ r: RoleRendering) throws -> ApacheVhost {
        let ssl = r.bool("ssl")
        let options = try daemonOptions(r)
        let path = r.string("path") ?? "/"
        return ApacheVhost(
            serverName: r.string("servername") ?? r.host?.name ?? "localhost",
            bindHost: r.string("bind_host"),
            port: Int(r.string("port") ?? "") ?? 9292,
            documentRoot: scriptDirectory,
            directoryOptions: r.release.glanceMajor >= 30 ? ["-Indexes", "+FollowSymLinks"]
                : ["-Indexes", "+FollowSymLinks", "+MultiViews"],
            errorLog: ApacheVhost.logDestination(file: r.string("error_log_file"), pipe: r.string("error_log_pipe"),
                                                 syslog: r.string("error_log_syslog"),
                                                 defaultName: ssl ? "glance_wsgi_error_ssl.log" : "glance_wsgi_error.log"),
            accessLog: ApacheVhost.logDestination(file: r.string("access_log_file"), pipe: r.string("access_log_pipe"),
                                                  syslog: r.string("access_log_syslog"),
                                                  defaultName: ssl ? "glance_wsgi_access_ssl.log" : "glance_wsgi_access.log"),
            accessLogFormat: r.string("access_log_format") ?? "combined",
            accessLogEnv: r.string("access_log_env_var").map { $0.hasPrefix("env=") ? $0 : "env=\($0)" },
            headers: r.list("headers") ?? [],
            requestHeaders: r.list("request_headers") ?? [],
            ssl: ssl ? ApacheVhost.SSL(
                certificate: r.string("ssl_cert") ?? "/etc/ssl/certs/ssl-cert-snakeoil.pem",
                key: r.string("ssl_key") ?? "/etc/ssl/private/ssl-cert-snakeoil.key",
                chain: r.string("ssl_chain"), certificatesDirectory: r.string("ssl_certs_dir") ?? "/etc/ssl/certs",
                ca: r.string("ssl_ca"), crlPath: r.string("ssl_crl_path"), crl: r.string("ssl_crl")) : nil,
            daemonProcess: "glance-api",
            daemonOptions: options,
            // openstacklib strips a trailing slash (but keeps "/").
            scriptAlias: (path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path, script),
            customFragment: r.string("vhost_custom_fragment"))
    }

    /// user, group, processes, threads and display-name, then custom_wsgi_process_options over them.
    static func daemonOptions(_ r: RoleRendering) throws -> [(key: String, value: String)] {
        let workers = try r.value("workers")?.text ?? String(r.osWorkers())
        var options = ["user": "glance", "group": "glance", "processes": workers,
                       "threads": r.value("threads")?.text ?? "1",
                       "display-name": r.string("wsgi_process_display_name") ?? "glance_wsgi"]
        if case .map(let pairs)? = r.value("custom_wsgi_process_options") {
            for pair in pairs { options[pair.key] = pair.value }
        }
        return options.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }
}
