import Foundation
import LabSupport
import Planner
import Playbook
import SSH
import XCTest

/// A fleet half-way through an upgrade (inventories/lab-mixed.ini): Debian 13 nodes 61 and 62
/// with Glance 30 (2025.1, scripts/lab-trixie's root) and Debian 12 node 63 with Glance 25, one
/// playbook for all, through the real CLI. Then Glance 30 behind the lab's real Keystone.
/// The tests run in name order.
final class MixedFleetTests: XCTestCase {
    private static let trixie = [61, 62], bookworm = [63]
    private static let nodes = trixie + bookworm
    private var scratch: URL!

    override func setUpWithError() throws {
        let lab = Lab.repository.path + "/scripts/lab"
        for arguments in [["up-nodes", "--release", "trixie"] + Self.trixie.map(String.init),
                          ["up-nodes", "--release", "bookworm"] + Self.bookworm.map(String.init)] {
            let result = try Lab.shell(arguments: [lab] + arguments + ["--dir", Lab.directory])
            XCTAssertEqual(result.status, 0, result.output)
        }
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-mixed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func run(_ node: Int, _ command: String) throws -> String {
        let connection = try SSHConnection.connect(to: SSHTarget(
            host: Lab.address(node), identityFile: Lab.clientKey, knownHostsFile: Lab.directory + "/known_hosts.full",
            connectTimeout: 5))
        defer { connection.close() }
        return try connection.run(command).stdoutText
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = scratch.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    /// lab.yml with `extra` lines added to glance::api, in a file of its own.
    private func labPlaybook(adding extra: String) throws -> String {
        let text = try String(contentsOfFile: Lab.repository.path + "/playbooks/lab.yml", encoding: .utf8)
        return try write("site-\(UUID().uuidString.prefix(8)).yml", text.replacingOccurrences(of: "      workers: 1\n", with: "      workers: 1\n" + extra))
    }

    private func deploy(_ playbook: String, _ extra: [String] = []) throws -> (status: Int32, output: String) {
        try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push", "deploy",
                                  "-i", Lab.repository.path + "/inventories/lab-mixed.ini", "-p", playbook] + extra)
    }

    /// Back to the files each node's own package ships.
    private func resetFiles() throws {
        for node in Self.nodes {
            _ = try run(node, """
                for f in glance-api.conf glance-cache.conf; do
                  install -o root -g glance -m 0640 /usr/share/glance-common/$f /etc/glance/$f
                done
                """)
        }
    }

    func testAOneDeployGivesEachHostItsOwnReleasesFiles() throws {
        try resetFiles()
        let report = scratch.appendingPathComponent("report.json").path
        let run1 = try deploy(try labPlaybook(adding: "      image_cache_stall_time: 7200\n"), ["--diff", "--report", report])
        XCTAssertEqual(run1.status, 0, run1.output)
        // --diff names each host's release before its diff.
        for node in Self.trixie { XCTAssertTrue(run1.output.contains("# node\(node): Debian 13, Glance 30\n--- a/etc/glance/"), run1.output) }
        XCTAssertTrue(run1.output.contains("# node63: Debian 12, Glance 25\n--- a/etc/glance/"), run1.output)
        let hosts = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
            as? [[String: Any]])
        XCTAssertEqual(hosts.map { "\($0["host"] ?? "") \($0["status"] ?? "") \($0["system"] ?? "")" },
                       ["node61 changed Debian 13, Glance 30", "node62 changed Debian 13, Glance 30",
                        "node63 changed Debian 12, Glance 25"])

        for node in Self.nodes {
            let release: TargetRelease = Self.trixie.contains(node) ? .debian13Epoxy : .debian12Zed
            let package = try run(node, "dpkg-query -W -f '${Version}' glance-api")
            XCTAssertTrue(package.hasPrefix("2:\(release.glanceMajor)."), "node\(node): \(package)")
            let api = try run(node, "cat /etc/glance/glance-api.conf")
            // Every key written is one the node's own Glance defines.
            let files = try Dictionary(uniqueKeysWithValues: ["glance-api.conf", "glance-cache.conf"].map { file in
                (file, try run(node, "cat /etc/glance/\(file)"))
            })
            XCTAssertEqual(Planner.undefinedOptions(in: files, release: release),
                           ["glance-api.conf": [], "glance-cache.conf": []], "node\(node)")
            XCTAssertTrue(api.contains("\nimage_cache_stall_time = 7200\n"), "node\(node)")
            // puppet-glance 2025.1 leaves bind_port to Glance; Zed's writes 9292.
            XCTAssertEqual(api.contains("\nbind_port = 9292\n"), release == .debian12Zed, "node\(node)")
            // The packaged files differ: each node's is its own release's (Glance 30 documents
            // options Glance 25 does not have).
            XCTAssertEqual(api.contains("#require_image_format_match = "), release == .debian13Epoxy, "node\(node)")
            XCTAssertEqual(try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                         "http://\(Lab.address(node)):9292/versions").output, "200", "node\(node)")
        }
        let again = try deploy(try labPlaybook(adding: "      image_cache_stall_time: 7200\n"))
        XCTAssertEqual(again.status, 0, again.output)
        XCTAssertTrue(again.output.contains("3 hosts: 0 changed, 3 unchanged, 0 failed"), again.output)
    }

    func testBAnOptionOnlyGlance30HasIsRefusedOnTheGlance25HostAlone() throws {
        try resetFiles()
        let result = try deploy(try labPlaybook(adding: "      require_image_format_match: true\n"))
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.output.contains("node63: FAILED: unknown option 'require_image_format_match' in [image_format] "
            + "of glance-api.conf (Glance 25; new in Glance 30)\n"), result.output)
        XCTAssertTrue(result.output.contains("3 hosts: 2 changed, 0 unchanged, 1 failed"), result.output)
        for node in Self.trixie {
            XCTAssertTrue(try run(node, "cat /etc/glance/glance-api.conf").contains("\nrequire_image_format_match = True\n"),
                          "node\(node)")
        }
        XCTAssertFalse(try run(63, "cat /etc/glance/glance-api.conf").contains("require_image_format_match = True"))
    }

    // MARK: Glance 30 behind Keystone

    private static let glanceKeystonePassword = "lab-glance-keystone"

    /// node62 alone: glance::keystone::auth from the node itself (Debian 13's openstack client),
    /// then glance-api behind the lab's Keystone, with its database in the lab's MariaDB (its own
    /// `glance30`, which Glance 30's db_sync migrates) and notifications to its RabbitMQ. The
    /// Keystone records are the ones playbooks/lab-full.yml makes (same user, password and endpoints).
    private var keystonePlaybook: String {
        """
        - hosts: node62
          roles:
            glance::keystone::auth:
              password: "{{ secret.glance_keystone }}"
              public_url: http://127.0.0.61:9292
              internal_url: http://127.0.0.61:9292
              admin_url: http://127.0.0.61:9292
              admin_auth_url: http://127.0.0.4:5000/v3/
              admin_password: "{{ secret.keystone_admin }}"
              admin_region_name: RegionOne
            glance::api:
              bind_host: "{{ ansible_host }}"
              workers: 1
              enabled_backends: ["fs:file"]
              default_backend: fs
              database_connection: "mysql+pymysql://glance30:{{ secret.glance_db }}@127.0.0.2/glance30"
            glance::backend::multistore::file: { id: fs, filesystem_store_datadir: /var/lib/glance/images }
            glance::notify::rabbitmq:
              default_transport_url: "rabbit://glance:{{ secret.rabbit }}@127.0.0.3:5672/"
              notification_driver: messagingv2
            glance::api::authtoken:
              password: "{{ secret.glance_keystone }}"
              auth_url: http://127.0.0.4:5000
              www_authenticate_uri: http://127.0.0.4:5000
              region_name: RegionOne

        """
    }

    /// A token for the glance user, from Keystone's API (password on stdin).
    private func glanceToken() throws -> String {
        let body = #"{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "glance", "#
            + #""domain": {"id": "default"}, "password": "\#(Self.glanceKeystonePassword)"}}}, "#
            + #""scope": {"project": {"name": "services", "domain": {"id": "default"}}}}}"#
        let answer = try Lab.shell("curl", "-s", "-D", "-", "-o", "/dev/null", "-H", "Content-Type: application/json",
                                   "--data", "@-", "http://127.0.0.4:5000/v3/auth/tokens", input: Data(body.utf8)).output
        let header = answer.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-subject-token:") }
        return try XCTUnwrap(header.map { String($0.dropFirst("x-subject-token:".count)).trimmingCharacters(in: .whitespaces) }, answer)
    }

    private func curl(_ arguments: String..., input: Data? = nil) throws -> String {
        try Lab.shell(arguments: ["curl", "-s"] + arguments, input: input).output
    }

    func testCGlance30WithKeystoneMariaDBAndRabbitMQStoresListsAndNotifiesAnImage() throws {
        let neighbours = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "neighbours", "up", "--dir", Lab.directory])
        XCTAssertEqual(neighbours.status, 0, neighbours.output)
        let sql = "CREATE DATABASE IF NOT EXISTS glance30; CREATE USER IF NOT EXISTS 'glance30'@'127.0.0.%' "
            + "IDENTIFIED BY 'lab-glance30-db'; GRANT ALL PRIVILEGES ON glance30.* TO 'glance30'@'127.0.0.%';"
        let database = try Lab.shell("mysql", "--no-defaults", "--socket=\(Lab.directory)/neighbours/mariadb/mysqld.sock",
                                     "-uroot", input: Data(sql.utf8))
        XCTAssertEqual(database.status, 0, database.output)
        let secrets = try write("secrets.yml", "keystone_admin: lab-keystone-admin\nglance_keystone: \(Self.glanceKeystonePassword)\n"
            + "glance_db: lab-glance30-db\nrabbit: lab-rabbit-glance\n")
        let result = try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push", "deploy",
                                               "-i", Lab.repository.path + "/inventories/lab-mixed.ini",
                                               "-p", try write("keystone.yml", keystonePlaybook), "--secrets", secrets])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try run(62, "dpkg-query -W -f '${Version}' glance-api").prefix(5), "2:30.")
        let api = "http://\(Lab.address(62)):9292/v2/images"
        XCTAssertEqual(try curl("-o", "/dev/null", "-w", "%{http_code}", api), "401")
        let token = try glanceToken()

        let name = "glance30-\(UUID().uuidString.prefix(8))"
        let created = try curl("-X", "POST", "-H", "X-Auth-Token: \(token)", "-H", "Content-Type: application/json",
                               "-d", #"{"name": "\#(name)", "disk_format": "raw", "container_format": "bare"}"#, api)
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, created)
        let bytes = "image bytes stored by Glance 30 \(name)\n"
        XCTAssertEqual(try curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H", "X-Auth-Token: \(token)",
                                "-H", "Content-Type: application/octet-stream", "--data-binary", "@-", "\(api)/\(id)/file",
                                input: Data(bytes.utf8)), "204")
        XCTAssertEqual(try curl("-H", "X-Auth-Token: \(token)", "\(api)/\(id)/file"), bytes)
        XCTAssertEqual(try run(62, "cat /var/lib/glance/images/\(id)"), bytes)
        let listing = try curl("-H", "X-Auth-Token: \(token)", api)
        let images = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [String: Any])?["images"]
            as? [[String: Any]], listing)
        let listed = try XCTUnwrap(images.first { $0["id"] as? String == id }, listing)
        XCTAssertEqual(listed["name"] as? String, name)
        XCTAssertEqual(listed["status"] as? String, "active")
        XCTAssertEqual(listed["size"] as? Int, bytes.utf8.count)
        let tables = try Lab.shell("mysql", "--no-defaults", "--socket=\(Lab.directory)/neighbours/mariadb/mysqld.sock", "-uroot",
                                   "--batch", "--skip-column-names",
                                   input: Data("SELECT name FROM glance30.images WHERE id = '\(id)';".utf8))
        XCTAssertEqual(tables.output, name + "\n")
        XCTAssertEqual(try notification(of: id), "image.create image.localhost \(name) queued\n")
    }

    /// The `image.create` notification of image `id`, consumed from the lab's RabbitMQ.
    private func notification(of id: String) throws -> String {
        let consumed = try LabRabbitMQ.imageCreateNotification(of: id, password: "lab-rabbit-glance")
        XCTAssertEqual(consumed.status, 0, consumed.output)
        return consumed.output
    }

    // MARK: Production access on Debian 13

    func testDADebian13NodeThatRefusesRootIsDeployedAsDeployWithSudo() throws {
        let up = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "up-nodes", "--no-root-login",
                                           "--release", "trixie", "64", "--dir", Lab.directory])
        XCTAssertEqual(up.status, 0, up.output)
        addTeardownBlock {
            _ = try? Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "stop-node", "64", "--dir", Lab.directory])
        }
        let inventory = try write("sudo.ini", """
            [controllers]
            node64 ansible_host=127.0.0.74 ansible_user=deploy ansible_become=true

            [all:vars]
            ansible_ssh_private_key_file=\(Lab.clientKey)
            ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.directory)/known_hosts.full'

            """)
        let asRoot = try Lab.shell("ssh", "-i", Lab.clientKey, "-o", "UserKnownHostsFile=\(Lab.directory)/known_hosts.full",
                                   "-o", "BatchMode=yes", "root@127.0.0.74", "true")
        XCTAssertEqual(asRoot.status, 255, "root must not log in: \(asRoot.output)")
        let result = try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push", "deploy", "-i", inventory,
                                               "-p", try labPlaybook(adding: "      image_cache_stall_time: 3600\n")])
        XCTAssertEqual(result.status, 0, result.output)
        let connection = try SSHConnection.connect(to: SSHTarget(
            host: "127.0.0.74", user: "deploy", identityFile: Lab.clientKey,
            knownHostsFile: Lab.directory + "/known_hosts.full", connectTimeout: 5))
        defer { connection.close() }
        XCTAssertEqual(try connection.run("cat /etc/debian_version | cut -d. -f1; sudo -n stat -c '%U:%G %a' /etc/glance/glance-api.conf; "
            + "sudo -n grep -c '^image_cache_stall_time = 3600$' /etc/glance/glance-api.conf").stdoutText, "13\nroot:glance 640\n1\n")
        XCTAssertEqual(try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.74:9292/versions").output, "200")
    }

    // MARK: Drift, as puppet agent --noop --detailed-exitcodes reports it

    func testEDetailedExitcodesAnswerAsPuppetsNoopRun() throws {
        let converged = try labPlaybook(adding: "      image_cache_stall_time: 7200\n")
        XCTAssertEqual(try deploy(converged).status, 0)
        let noDrift = try deploy(converged, ["--check", "--detailed-exitcodes"])
        XCTAssertEqual(noDrift.status, 0, noDrift.output)
        let drifted = try labPlaybook(adding: "      image_cache_stall_time: 7201\n")
        XCTAssertEqual(try deploy(drifted, ["--check", "--detailed-exitcodes"]).status, 2)
        XCTAssertEqual(try deploy(drifted, ["--check"]).status, 0, "without the flag, pending changes exit 0")
        let failing = try labPlaybook(adding: "      image_cache_stall_time: 7201\n      require_image_format_match: true\n")
        let both = try deploy(failing, ["--check", "--detailed-exitcodes"])
        XCTAssertEqual(both.status, 6, both.output)
        XCTAssertTrue(both.output.contains("3 hosts: 2 changed, 0 unchanged, 1 failed"), both.output)
        // --check changed nothing: the converged playbook still finds nothing to do.
        let still = try deploy(converged, ["--check", "--detailed-exitcodes"])
        XCTAssertEqual(still.status, 0, still.output)
        // Applied: changes made exit 2 as well, and a failure alone 4.
        XCTAssertEqual(try deploy(drifted, ["--detailed-exitcodes"]).status, 2)
        let failureOnly = try labPlaybook(adding: "      image_cache_stall_time: 7201\n      require_image_format_match: true\n")
        _ = try deploy(failureOnly)
        XCTAssertEqual(try deploy(failureOnly, ["--detailed-exitcodes"]).status, 4)
    }
}
