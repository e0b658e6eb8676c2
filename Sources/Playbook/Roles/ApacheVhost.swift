/// The Apache virtual host glance::wsgi::apache declares through openstacklib::wsgi::apache and
/// puppetlabs-apache's `apache::vhost`, as that template writes it on Debian, plus the `Listen`
/// line puppetlabs-apache would add to ports.conf (glance-push leaves ports.conf alone).
struct ApacheVhost {
    static let logRoot = "/var/log/apache2"

    var name = "glance_wsgi"
    var serverName: String
    /// nil: every address (`*`).
    var bindHost: String?
    var port: Int
    var documentRoot: String
    var directoryOptions: [String]
    var errorLog: String
    var accessLog: String
    var accessLogFormat: String
    var accessLogEnv: String?
    var headers: [String]
    var requestHeaders: [String]
    var ssl: SSL?
    var daemonProcess: String
    /// Sorted by key, as the template prints them.
    var daemonOptions: [(key: String, value: String)]
    var scriptAlias: (path: String, script: String)
    var customFragment: String?

    struct SSL {
        var certificate: String
        var key: String
        var chain: String?
        var certificatesDirectory: String?
        var ca: String?
        var crlPath: String?
        var crl: String?
    }

    /// `10.0.0.1:9292`, `[::1]:9292` or `*:9292`.
    var address: String {
        guard let bindHost else { return "*:\(port)" }
        let host = bindHost.contains(":") && !bindHost.hasPrefix("[") ? "[\(bindHost)]" : bindHost
        return "\(host):\(port)"
    }

    var text: String {
        var lines = [
            "# Written by glance-push (glance::wsgi::apache), as puppetlabs-apache's vhost template.",
            "Listen \(bindHost == nil ? String(port) : address)",
            "",
            "<VirtualHost \(address)>",
            "  ServerName \(serverName)",
            "",
            "  ## Vhost docroot",
            "  DocumentRoot \"\(documentRoot)\"",
            "",
            "  ## Directories, there should at least be a declaration for \(documentRoot)",
            "",
            "  <Directory \"\(documentRoot)\">",
            "    Options \(directoryOptions.joined(separator: " "))",
            "    AllowOverride None",
            "    Require all granted",
            "  </Directory>",
            "",
            "  ## Logging",
            "  ErrorLog \"\(errorLog)\"",
            "  ServerSignature Off",
            "  CustomLog \"\(accessLog)\" \(Self.formatArgument(accessLogFormat))" + (accessLogEnv.map { " \($0)" } ?? ""),
        ]
        if !headers.isEmpty {
            lines += ["", "  ## Header rules", "  ## as per http://httpd.apache.org/docs/2.4/mod/mod_headers.html#header"]
            lines += headers.map { "  Header \($0)" }
        }
        if !requestHeaders.isEmpty {
            lines += ["", "  ## Request header rules",
                      "  ## as per http://httpd.apache.org/docs/2.4/mod/mod_headers.html#requestheader"]
            lines += requestHeaders.map { "  RequestHeader \($0)" }
        }
        lines.append("  SetEnvIf X-Forwarded-Proto https HTTPS=1")
        if let ssl { lines += sslLines(ssl) }
        lines += [
            "  WSGIApplicationGroup %{GLOBAL}",
            "  WSGIDaemonProcess \(daemonProcess) " + daemonOptions.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            "  WSGIProcessGroup \(daemonProcess)",
            "  WSGIScriptAlias \(scriptAlias.path) \"\(scriptAlias.script)\"",
            "  WSGIChunkedRequest On",
        ]
        if let customFragment {
            lines += ["", "  ## Custom fragment"] + customFragment.piecesBetweenLineFeeds
        }
        lines.append("</VirtualHost>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func sslLines(_ ssl: SSL) -> [String] {
        var lines = ["", "  ## SSL directives", "  SSLEngine on",
                     "  SSLCertificateFile      \"\(ssl.certificate)\"",
                     "  SSLCertificateKeyFile   \"\(ssl.key)\""]
        if let chain = ssl.chain { lines.append("  SSLCertificateChainFile \"\(chain)\"") }
        if let directory = ssl.certificatesDirectory { lines.append("  SSLCACertificatePath    \"\(directory)\"") }
        if let ca = ssl.ca { lines.append("  SSLCACertificateFile    \"\(ca)\"") }
        if let crlPath = ssl.crlPath { lines.append("  SSLCARevocationPath     \"\(crlPath)\"") }
        if let crl = ssl.crl { lines.append("  SSLCARevocationFile     \"\(crl)\"") }
        if ssl.crlPath != nil || ssl.crl != nil { lines.append("  SSLCARevocationCheck    \"chain\"") }
        return lines
    }

    /// A LogFormat nickname (`combined`) stays bare; a format string is quoted, its quotes escaped.
    static func formatArgument(_ format: String) -> String {
        if format.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return format }
        return "\"" + format.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// puppetlabs-apache's log destination: a file (relative to the log root unless absolute),
    /// else a pipe, else syslog, else `NAME_KIND.log` (`NAME_KIND_ssl.log` with SSL).
    static func logDestination(file: String?, pipe: String?, syslog: String?, defaultName: String) -> String {
        if let file { return file.hasPrefix("/") ? file : "\(logRoot)/\(file)" }
        return pipe ?? syslog ?? "\(logRoot)/\(defaultName)"
    }
}
