import Deploy
import Foundation
import LabSupport
import Playbook
import XCTest

/// glance::wsgi::apache on a real Apache with mod_wsgi (lab node 8): glance::api's
/// `service_name: httpd` stops eventlet's glance-api, Apache serves the API from the vhost and
/// WSGI script glance-push wrote, an image goes up and comes back through it, and a second
/// deploy restarts nothing. The lab gives each node its own /etc/apache2 (no Listen of its own,
/// no default site: the nodes share one network namespace), /run/apache2 and logs.
final class WSGIApacheLabTests: XCTestCase {
    private let node = 8
    private let vhost = "/etc/apache2/sites-available/10-glance_wsgi.conf"

    override func setUpWithError() throws {
        try Lab.up(10)
    }

    private func playbook(threads: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-wsgi-apache-\(threads).yml").path
        let role = """
                glance::wsgi::apache:
                  bind_host: "{{ ansible_host }}"
                  workers: 1
                  threads: \(threads)
                  headers: ['set X-Served-By glance-push-wsgi']

            """
        let text = try LabDeploy.labText(workers: 1, syncDB: false)
            .replacingOccurrences(of: "      auth_strategy: noauth\n", with: "      auth_strategy: noauth\n      service_name: httpd\n")
            .replacingOccurrences(of: "    glance::backend::multistore::file:\n", with: role + "    glance::backend::multistore::file:\n")
        XCTAssertTrue(text.contains("service_name: httpd") && text.contains("glance::wsgi::apache:"), text)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func apachePID() throws -> String {
        try LabDeploy.run(node, "cat /run/apache2/apache2.pid").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The vhost as `plan` renders it for the node.
    private func plannedVhost(_ book: String) throws -> String {
        let input = try XCTUnwrap(try LabDeploy.inputs(book, hosts: try LabDeploy.hosts([node])).first)
        let files = try input.render(.debian12Zed).flatMap(\.wholeFiles)
        return try XCTUnwrap(files.first { $0.path == vhost }?.content)
    }

    func testApacheServesGlanceAndAnImageRoundTrips() throws {
        XCTAssertNotEqual(try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: [node]).first?.status, .failed)
        try LabDeploy.run(node, "rm -rf /usr/lib/cgi-bin/glance")
        defer {
            // Apache stops and leaves the node; lab.yml's glance-api takes the port back.
            _ = try? LabDeploy.run(node, "service apache2 stop >/dev/null 2>&1; update-rc.d apache2 disable >/dev/null 2>&1; "
                + "rm -rf /etc/apache2/sites-enabled/10-glance_wsgi.conf \(vhost) /usr/lib/cgi-bin/glance")
            _ = try? LabDeploy.deploy(try LabDeploy.restorePlaybook(), nodes: [node])
        }
        let book = try playbook(threads: 2)
        let report = try XCTUnwrap(try LabDeploy.deploy(book, nodes: [node]).first)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.detail.health, "ok")
        XCTAssertEqual(report.detail.oneShots, ["glance-wsgi-apache-enable"])
        XCTAssertTrue(report.detail.started.contains("apache2"), "\(report.detail)")

        let written = try LabDeploy.run(node, "cat \(vhost)")
        XCTAssertEqual(written, try plannedVhost(book))
        XCTAssertTrue(written.contains("\nListen \(Lab.address(node)):9292\n\n<VirtualHost \(Lab.address(node)):9292>\n"), written)
        XCTAssertTrue(written.contains("\n  WSGIDaemonProcess glance-api display-name=glance_wsgi group=glance processes=1 threads=2 user=glance\n"))
        XCTAssertEqual(try LabDeploy.run(node, "readlink /etc/apache2/sites-enabled/10-glance_wsgi.conf"),
                       "../sites-available/10-glance_wsgi.conf\n")
        XCTAssertEqual(try LabDeploy.run(node, "stat -c '%U:%G %a' /usr/lib/cgi-bin/glance/glance-api /usr/lib/cgi-bin/glance"),
                       "glance:glance 644\nroot:root 755\n", "Apache's workers search the directory")
        // The init script's own status falls back to pidof, which sees the other nodes' glance-api.
        XCTAssertEqual(try LabDeploy.run(node, "test -e /run/glance/glance-api.pid; echo $?"), "1\n", "glance-api is stopped")

        let api = "http://\(Lab.address(node)):9292"
        let versions = try Lab.shell("curl", "-s", "-i", api + "/versions").output
        XCTAssertTrue(versions.hasPrefix("HTTP/1.1 200"), versions)
        XCTAssertTrue(versions.contains("\r\nServer: Apache"), "Apache answers: \(versions)")
        XCTAssertTrue(versions.contains("\r\nX-Served-By: glance-push-wsgi\r\n"), "the vhost's header rule: \(versions)")

        let created = try Lab.shell("curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d",
                                    #"{"name": "through-apache", "disk_format": "raw", "container_format": "bare"}"#,
                                    api + "/v2/images").output
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, created)
        let bytes = "image bytes through Apache mod_wsgi\n"
        let upload = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H",
                                   "Content-Type: application/octet-stream", "--data-binary", "@-",
                                   api + "/v2/images/\(id)/file", input: Data(bytes.utf8))
        XCTAssertEqual(upload.output, "204")
        XCTAssertEqual(try Lab.shell("curl", "-s", api + "/v2/images/\(id)/file").output, bytes)
        XCTAssertEqual(try LabDeploy.run(node, "cat /var/lib/glance/images/\(id)"), bytes)

        let pid = try apachePID()
        let again = try XCTUnwrap(try LabDeploy.deploy(book, nodes: [node]).first)
        XCTAssertEqual(again.status, .unchanged, again.error ?? "")
        XCTAssertEqual(try apachePID(), pid, "nothing changed: Apache was not restarted")

        let more = try XCTUnwrap(try LabDeploy.deploy(try playbook(threads: 3), nodes: [node]).first)
        XCTAssertEqual(more.status, .changed, more.error ?? "")
        XCTAssertEqual(more.detail.restarted, ["apache2"])
        XCTAssertEqual(more.detail.oneShots, ["glance-wsgi-apache-enable"], "the vhost changed: its site is enabled again")
        XCTAssertEqual(more.detail.health, "ok")
        XCTAssertNotEqual(try apachePID(), pid)
        XCTAssertTrue(try LabDeploy.run(node, "cat \(vhost)").contains(" processes=1 threads=3 user=glance\n"))
        XCTAssertEqual(try Lab.shell("curl", "-s", api + "/v2/images/\(id)/file").output, bytes)
    }
}
