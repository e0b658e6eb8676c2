import Foundation
import LabSupport
import XCTest

/// `glance-push plan` (offline, no lab needed) with secrets that are words its files use anyway:
/// sections, paths and keys stay as they are; only the values carrying the secrets are masked,
/// where the secrets went in.
final class PlanOutputMaskingTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-plan-mask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try "glance_db: api\nglance_keystone: glance\nrabbit: \"1\"\n"
            .write(to: scratch.appendingPathComponent("secrets.yml"), atomically: true, encoding: .utf8)
        chmod(scratch.appendingPathComponent("secrets.yml").path, 0o600)
        try """
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: "{{ ansible_host }}"
                  workers: 1
                  enabled_backends: ["fs:file"]
                  default_backend: fs
                  database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance"
                glance::api::authtoken:
                  password: "{{ secret.glance_keystone }}"
                  auth_url: http://keystone.example.net:5000
                glance::notify::rabbitmq:
                  default_transport_url: "rabbit://glance:{{ secret.rabbit }}@mq1:5671/"
                glance::backend::multistore::file: { id: fs, filesystem_store_datadir: /var/lib/glance/images }

            """.write(to: scratch.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func plan(_ extra: [String] = []) throws -> (status: Int32, output: String) {
        try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push", "plan",
                                  "-i", Lab.repository.path + "/inventories/lab.ini", "--limit", "node1",
                                  "-p", scratch.appendingPathComponent("site.yml").path,
                                  "--secrets", scratch.appendingPathComponent("secrets.yml").path] + extra)
    }

    func testPlanMasksOnlyTheSecretCarryingValues() throws {
        let run = try plan()
        XCTAssertEqual(run.status, 0, run.output)
        // Blank content lines print as "  | "; compared without that trailing blank.
        XCTAssertEqual(run.output.replacingOccurrences(of: " \n", with: "\n"), """
            == node1 (Debian 12, Glance 25)
            file /etc/glance/glance-api.conf root:glance 640
              | [DEFAULT]
              | bind_host = 127.0.0.11
              | bind_port = 9292
              | workers = 1
              | image_cache_dir = /var/lib/glance/image-cache
              | enabled_backends = fs:file
              | transport_url = rabbit://glance:<secret>@mq1:5671/
              |
              | [oslo_concurrency]
              | lock_path = /var/lock/glance
              |
              | [paste_deploy]
              | flavor = keystone
              |
              | [glance_store]
              | default_backend = fs
              |
              | [oslo_policy]
              | policy_file = /etc/glance/policy.yaml
              |
              | [database]
              | connection = mysql+pymysql://glance:<secret>@db1/glance
              |
              | [keystone_authtoken]
              | password = <secret>
              | username = glance
              | project_name = services
              | user_domain_name = Default
              | project_domain_name = Default
              | auth_url = http://keystone.example.net:5000
              | www_authenticate_uri = http://127.0.0.1:5000
              | auth_type = password
              |
              | [fs]
              | filesystem_store_datadir = /var/lib/glance/images
            file /etc/glance/glance-cache.conf root:glance 640
              | [DEFAULT]
              | image_cache_dir = /var/lib/glance/image-cache
              |
              | [fs]
              | filesystem_store_datadir = /var/lib/glance/images
            file /etc/glance/glance-image-import.conf root:glance 640
            package glance-api present (restarts glance-api)
            package python3-pymysql present
            service glance-api running, enabled; restarted by /etc/glance/glance-api-paste.ini, \
            /etc/glance/glance-api-uwsgi.ini, /etc/glance/glance-api.conf, /etc/glance/glance-cache.conf, \
            /etc/glance/glance-image-import.conf, /etc/glance/glance-swift.conf, /etc/glance/policy.yaml, \
            /etc/glance/property-protections.conf, /etc/glance/rootwrap.conf, glance-api; health http://127.0.0.11:9292/versions
            one-shot glance-db-sync (once across hosts, when /etc/glance/glance-api.conf, glance-api changes, timeout 300 s)
            one-shot glance-db-load-metadefs (once across hosts, when /etc/glance/glance-api.conf, glance-api changes)

            """)
    }

    func testPlanJSONShowsTheSameMaskedContentsAndNoSecretList() throws {
        let run = try plan(["--json"])
        XCTAssertEqual(run.status, 0, run.output)
        let hosts = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let files = try XCTUnwrap(hosts.first?["files"] as? [[String: Any]])
        let api = try XCTUnwrap(files.first { $0["path"] as? String == "/etc/glance/glance-api.conf" })
        let content = try XCTUnwrap(api["content"] as? String)
        XCTAssertTrue(content.contains("\n[glance_store]\ndefault_backend = fs\n"), content)
        XCTAssertTrue(content.contains("\nconnection = mysql+pymysql://glance:<secret>@db1/glance\n"), content)
        XCTAssertTrue(content.contains("\ntransport_url = rabbit://glance:<secret>@mq1:5671/\n"), content)
        XCTAssertTrue(content.contains("\n[keystone_authtoken]\npassword = <secret>\nusername = glance\n"), content)
        XCTAssertTrue(content.contains("\npolicy_file = /etc/glance/policy.yaml\n"), content)
        for file in files {
            XCTAssertEqual((file["secrets"] as? [Any])?.count, 0)
            XCTAssertEqual((file["secretSettings"] as? [Any])?.count, 0)
        }
    }
}
