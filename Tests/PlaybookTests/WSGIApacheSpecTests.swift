import Playbook
import XCTest

/// glance::wsgi::apache with the parameter sets of puppet-glance's spec/classes/
/// glance_wsgi_apache_spec.rb (zed-eol, stable/2025.1) and of openstacklib's wsgi::apache spec,
/// asserting the vhost puppetlabs-apache's template writes from what those specs expect passed
/// to openstacklib::wsgi::apache. Deliberate differences (README): `servername` defaults to the
/// inventory name (puppet: the fqdn fact); the vhost carries its own `Listen` (puppet adds it to
/// the ports.conf it manages); the WSGI script is written, not copied from /usr/bin/glance-wsgi-api.
final class WSGIApacheSpecTests: XCTestCase {
    private static let vhostPath = "/etc/apache2/sites-available/10-glance_wsgi.conf"

    private static let httpdAPI = "      service_name: httpd\n      auth_strategy: noauth\n"

    private func render(_ parameters: [String], api: String = httpdAPI,
                        release: TargetRelease = .debian12Zed) throws -> [RoleOutput] {
        let yaml = "- hosts: controllers\n  roles:\n    glance::api:\n" + api + "    glance::wsgi::apache:\n"
            + parameters.map { "      \($0)\n" }.joined()
        return try Sample.render(yaml, release: release)
    }

    private func vhost(_ parameters: [String], release: TargetRelease = .debian12Zed) throws -> String {
        let files = try render(parameters, release: release).flatMap(\.wholeFiles)
        return try XCTUnwrap(files.first { $0.path.hasPrefix("/etc/apache2/sites-available/") }?.content)
    }

    func testDefaultParametersAsPuppetsSpec() throws {
        let outputs = try render([])
        let apache = try XCTUnwrap(outputs.first { $0.role == "glance::wsgi::apache" })
        XCTAssertEqual(apache.wholeFiles.map(\.path), ["/usr/lib/cgi-bin/glance/glance-api", Self.vhostPath])
        let script = apache.wholeFiles[0]
        XCTAssertEqual([script.owner, script.group], ["glance", "glance"])
        XCTAssertEqual(script.mode, 0o644)
        XCTAssertTrue(script.content.contains("from glance.common.wsgi_app import init_app\n"))
        XCTAssertTrue(script.content.contains("        application = init_app()\n"))
        // os_workers of 16 CPUs is 8; servername is the host's inventory name.
        XCTAssertEqual(try vhost([]), """
            # Written by glance-push (glance::wsgi::apache), as puppetlabs-apache's vhost template.
            Listen 9292

            <VirtualHost *:9292>
              ServerName ctl01

              ## Vhost docroot
              DocumentRoot "/usr/lib/cgi-bin/glance"

              ## Directories, there should at least be a declaration for /usr/lib/cgi-bin/glance

              <Directory "/usr/lib/cgi-bin/glance">
                Options -Indexes +FollowSymLinks +MultiViews
                AllowOverride None
                Require all granted
              </Directory>

              ## Logging
              ErrorLog "/var/log/apache2/glance_wsgi_error.log"
              ServerSignature Off
              CustomLog "/var/log/apache2/glance_wsgi_access.log" combined
              SetEnvIf X-Forwarded-Proto https HTTPS=1
              WSGIApplicationGroup %{GLOBAL}
              WSGIDaemonProcess glance-api display-name=glance_wsgi group=glance processes=8 threads=1 user=glance
              WSGIProcessGroup glance-api
              WSGIScriptAlias / "/usr/lib/cgi-bin/glance/glance-api"
              WSGIChunkedRequest On
            </VirtualHost>

            """)
        XCTAssertEqual(apache.packages.map(\.name), ["apache2", "libapache2-mod-wsgi-py3", "glance-api"])
        XCTAssertTrue(apache.packages.allSatisfy { $0.restarts == ["apache2"] })
        XCTAssertEqual(apache.oneShots.map(\.command), ["a2enmod -q wsgi setenvif && a2ensite -q 10-glance_wsgi"])
        XCTAssertEqual(apache.oneShots.first?.triggeredBy, [Self.vhostPath, "apache2", "libapache2-mod-wsgi-py3"])
        let service = try XCTUnwrap(apache.services.first)
        XCTAssertEqual([service.name, service.health?.url], ["apache2", "http://127.0.0.1:9292/versions"])
        XCTAssertTrue(service.running && service.enabled)
        XCTAssertTrue(service.restartedBy.contains(Self.vhostPath) && service.restartedBy.contains("/etc/glance/glance-api.conf"))
    }

    /// glance_api_spec "when running glance-api in wsgi": glance-api stopped and disabled.
    func testGlanceAPIWithServiceNameHttpdIsStopped() throws {
        let api = try XCTUnwrap(try render([]).first { $0.role == "glance::api" })
        let service = try XCTUnwrap(api.services.first)
        XCTAssertEqual(service.name, "glance-api")
        XCTAssertFalse(service.running)
        XCTAssertFalse(service.enabled)
        XCTAssertNil(service.health)
        XCTAssertEqual(api.warnings, [], "no warning when the play has glance::wsgi::apache")
        let alone = try Sample.render("- hosts: c\n  roles:\n    glance::api:\n" + Self.httpdAPI)
        XCTAssertEqual(alone.first?.warnings, ["site.yml:4:7: glance::api: service_name httpd stops glance-api: add "
            + "glance::wsgi::apache to the play for Apache to serve Glance"])
    }

    func testOverridingParametersUsingDifferentPortsAsPuppetsSpec() throws {
        let text = try vhost([
            "servername: dummy.host", "bind_host: 10.42.51.1", "port: 12345", "ssl: true",
            "vhost_custom_fragment: Timeout 99", "wsgi_process_display_name: glance-api", "workers: 37",
            "custom_wsgi_process_options: {python_path: /my/python/admin/path}",
            #"headers: ['set X-XSS-Protection "1; mode=block"']"#,
            #"request_headers: ['set Content-Type "application/json"']"#,
        ])
        XCTAssertEqual(text, """
            # Written by glance-push (glance::wsgi::apache), as puppetlabs-apache's vhost template.
            Listen 10.42.51.1:12345

            <VirtualHost 10.42.51.1:12345>
              ServerName dummy.host

              ## Vhost docroot
              DocumentRoot "/usr/lib/cgi-bin/glance"

              ## Directories, there should at least be a declaration for /usr/lib/cgi-bin/glance

              <Directory "/usr/lib/cgi-bin/glance">
                Options -Indexes +FollowSymLinks +MultiViews
                AllowOverride None
                Require all granted
              </Directory>

              ## Logging
              ErrorLog "/var/log/apache2/glance_wsgi_error_ssl.log"
              ServerSignature Off
              CustomLog "/var/log/apache2/glance_wsgi_access_ssl.log" combined

              ## Header rules
              ## as per http://httpd.apache.org/docs/2.4/mod/mod_headers.html#header
              Header set X-XSS-Protection "1; mode=block"

              ## Request header rules
              ## as per http://httpd.apache.org/docs/2.4/mod/mod_headers.html#requestheader
              RequestHeader set Content-Type "application/json"
              SetEnvIf X-Forwarded-Proto https HTTPS=1

              ## SSL directives
              SSLEngine on
              SSLCertificateFile      "/etc/ssl/certs/ssl-cert-snakeoil.pem"
              SSLCertificateKeyFile   "/etc/ssl/private/ssl-cert-snakeoil.key"
              SSLCACertificatePath    "/etc/ssl/certs"
              WSGIApplicationGroup %{GLOBAL}
              WSGIDaemonProcess glance-api display-name=glance-api group=glance processes=37 python_path=/my/python/admin/path threads=1 user=glance
              WSGIProcessGroup glance-api
              WSGIScriptAlias / "/usr/lib/cgi-bin/glance/glance-api"
              WSGIChunkedRequest On

              ## Custom fragment
            Timeout 99
            </VirtualHost>

            """)
        let outputs = try render(["bind_host: 10.42.51.1", "port: 12345", "ssl: true",
                                  #"headers: ['set X-XSS-Protection "1"']"#])
        let apache = try XCTUnwrap(outputs.first { $0.role == "glance::wsgi::apache" })
        XCTAssertEqual(apache.oneShots.map(\.command), ["a2enmod -q wsgi setenvif headers ssl && a2ensite -q 10-glance_wsgi"])
        XCTAssertEqual(apache.services.first?.health?.url, "https://10.42.51.1:12345/versions")
    }

    func testCustomAccessLoggingAsPuppetsSpec() throws {
        let text = try vhost(["access_log_format: foo", "access_log_syslog: 'syslog:local0'",
                              "error_log_syslog: 'syslog:local1'", "access_log_env_var: '!dontlog'"])
        XCTAssertTrue(text.contains("\n  ErrorLog \"syslog:local1\"\n"), text)
        XCTAssertTrue(text.contains("\n  CustomLog \"syslog:local0\" foo env=!dontlog\n"), text)
        XCTAssertTrue(try vhost(["access_log_file: /path/to/file"]).contains("\n  CustomLog \"/path/to/file\" combined\n"))
        XCTAssertTrue(try vhost(["access_log_file: glance.log"]).contains("\n  CustomLog \"/var/log/apache2/glance.log\" combined\n"))
        XCTAssertTrue(try vhost(["access_log_pipe: pipe"]).contains("\n  CustomLog \"pipe\" combined\n"))
        XCTAssertTrue(try vhost(["error_log_file: /path/to/file"]).contains("\n  ErrorLog \"/path/to/file\"\n"))
        XCTAssertTrue(try vhost(["error_log_pipe: pipe"]).contains("\n  ErrorLog \"pipe\"\n"))
        XCTAssertTrue(try vhost([#"access_log_format: '%h "%r" %>s'"#]).contains(#"CustomLog "/var/log/apache2/glance_wsgi_access.log" "%h \"%r\" %>s""#))
    }

    func testPathPriorityAndReleaseOptions() throws {
        let text = try vhost(["path: /image/", "priority: 20", "threads: 4"])
        XCTAssertTrue(text.contains("\n  WSGIScriptAlias /image \"/usr/lib/cgi-bin/glance/glance-api\"\n"), text)
        XCTAssertTrue(text.contains(" processes=8 threads=4 user=glance\n"), text)
        let outputs = try render(["path: /image/", "priority: 20"])
        let apache = try XCTUnwrap(outputs.first { $0.role == "glance::wsgi::apache" })
        XCTAssertEqual(apache.wholeFiles.last?.path, "/etc/apache2/sites-available/20-glance_wsgi.conf")
        XCTAssertEqual(apache.services.first?.health?.url, "http://127.0.0.1:9292/image/versions")
        // puppet-openstacklib 2025.1 dropped +MultiViews.
        XCTAssertTrue(try vhost([], release: .debian13Epoxy).contains("\n    Options -Indexes +FollowSymLinks\n"))
    }

    /// glance::api and glance::wsgi::apache check the same address: the wildcard's is 127.0.0.1,
    /// an IPv6 one is bracketed.
    func testBothHealthChecksAskTheSameLocalAddress() throws {
        for (bind, host) in [("0.0.0.0", "127.0.0.1"), ("'::'", "127.0.0.1"), ("'::1'", "[::1]"), ("10.0.0.5", "10.0.0.5")] {
            let outputs = try render(["bind_host: \(bind)"], api: Self.httpdAPI)
            let urls = outputs.flatMap(\.services).compactMap(\.health?.url)
            XCTAssertEqual(urls, ["http://\(host):9292/versions"], bind)
            let api = try Sample.render("- hosts: c\n  roles:\n    glance::api:\n      bind_host: \(bind)\n      auth_strategy: noauth\n")
            XCTAssertEqual(api.flatMap(\.services).compactMap(\.health?.url), ["http://\(host):9292/versions"], bind)
        }
    }

    func testSSLPathsWithoutSSLWarn() throws {
        let apache = try XCTUnwrap(try render(["ssl_cert: /etc/ssl/glance.pem"]).first { $0.role == "glance::wsgi::apache" })
        XCTAssertEqual(apache.warnings, ["site.yml:7:7: glance::wsgi::apache: 'ssl_cert' has no effect while 'ssl' is false (as in puppet's vhost)"])
        XCTAssertFalse(apache.wholeFiles.last?.content.contains("SSL") ?? true)
    }

    func testBadValuesAreRefusedWithTheirPlace() {
        func error(_ parameters: [String], api: String = Self.httpdAPI) -> String {
            Sample.error { try self.render(parameters, api: api) }
        }
        XCTAssertEqual(error([], api: "      bind_port: 9292\n"), "site.yml:5:5: glance::wsgi::apache serves Glance on port 9292, "
            + "where glance::api's service glance-api listens too: give glance::api 'service_name: httpd' "
            + "(it stops glance-api, as in puppet-glance)")
        XCTAssertEqual(error(["port: 8080"], api: "      bind_port: 9292\n"), "no error", "two ports: both may run")
        XCTAssertEqual(error(["path: image"]), "site.yml:7:13: 'path' must start with '/' (it is the URL path Glance "
            + "is served under), got 'image'")
        XCTAssertEqual(error(["servername: 'a b'"]), "site.yml:7:19: 'servername' must have no blank or quote "
            + "(it is one Apache argument), got 'a b'")
        XCTAssertEqual(error([#"ssl_cert: '/etc/a"b'"#]), #"site.yml:7:17: 'ssl_cert' must have no double quote (Apache reads it quoted), got '/etc/a"b'"#)
        XCTAssertEqual(error(["custom_wsgi_process_options: {python-path: 'a b'}"]), "site.yml:7:36: 'custom_wsgi_process_options' "
            + "option 'python-path' must be one word without blanks or quotes, got 'a b'")
        XCTAssertEqual(error(["priority: 100"]).contains("'priority'"), true)
    }
}
