import Deploy
import Foundation
import Inventory
import LabSupport
import Playbook
import SSH
import XCTest

/// Real deploys of playbooks/lab-full.yml to lab nodes 51-53 with the lab's real neighbours
/// (`scripts/lab neighbours up`): MariaDB on 127.0.0.2, RabbitMQ on 127.0.0.3, Keystone on 127.0.0.4.
/// The tests run in name order; each one first converges the nodes if it needs them converged.
final class FullControllerTests: XCTestCase {
    private static let nodes = [51, 52, 53]
    private static let neighbours = Lab.directory + "/neighbours"
    private static let glanceKeystonePassword = "lab-glance-keystone"
    private static let rabbitPassword = "lab-rabbit-glance"
    private static let secretsText = """
        mysql_root: lab-mysql-root
        keystone_admin: lab-keystone-admin
        glance_db: lab-glance-db
        glance_keystone: \(glanceKeystonePassword)
        rabbit: \(rabbitPassword)
        swift: lab-swift-glance

        """
    private var nodes: [Int] { Self.nodes }

    /// Both are idempotent and quick once up.
    override func setUpWithError() throws {
        let script = Lab.repository.path + "/scripts/lab"
        for arguments in [["up-nodes"] + nodes.map(String.init), ["neighbours", "up"]] {
            let result = try Lab.shell(arguments: [script] + arguments + ["--dir", Lab.directory])
            guard result.status == 0 else {
                throw XCTSkip("scripts/lab \(arguments.joined(separator: " ")) failed: \(result.output)")
            }
        }
    }

    // MARK: The lab

    private func connect(_ node: Int) throws -> SSHConnection {
        try SSHConnection.connect(to: SSHTarget(host: Lab.address(node), identityFile: Lab.clientKey,
                                                knownHostsFile: Lab.directory + "/known_hosts.full", connectTimeout: 5))
    }

    private func run(_ node: Int, _ command: String) throws -> String {
        let connection = try connect(node)
        defer { connection.close() }
        return try connection.run(command).stdoutText
    }

    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    private var fullPlaybook: String { Lab.repository.path + "/playbooks/lab-full.yml" }

    /// lab-full.yml with `replace` swapped for `with` (which must be there exactly once).
    private func variant(_ replace: String, _ with: String) throws -> String {
        let text = try String(contentsOfFile: fullPlaybook, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: replace).count, 2, replace)
        return try temporaryFile("lab-full-variant.yml", text.replacingOccurrences(of: replace, with: with))
    }

    private func deploy(_ playbookPath: String? = nil, nodes: [Int]? = nil) throws -> (reports: [HostReport], steps: [String]) {
        let inventory = try Inventory.load(path: Lab.repository.path + "/inventories/lab-full.ini")
        let secrets = try Secrets.load(path: try temporaryFile("secrets.yml", Self.secretsText))
        let playbook = try Playbook.load(path: playbookPath ?? fullPlaybook, secrets: secrets)
        let selected = (nodes ?? self.nodes).compactMap { inventory.host(named: "node\($0)") }
        let inputs = try playbook.deployInputs(try playbook.targets(in: inventory, selected: selected))
        let steps = StepLog()
        let reports = Deployment.run(inputs, options: DeployOptions(), progress: DeployProgress(enabled: true) { steps.append($0) })
        return (reports, steps.lines)
    }

    private func converge() throws {
        let reports = try deploy().reports
        XCTAssertFalse(reports.contains { $0.status == .failed }, "\(reports.map { $0.error ?? "" })")
    }

    /// Back to nodes as the package left them, and no glance database, user, service or endpoints.
    private func resetEverything() throws {
        for node in nodes {
            _ = try run(node, """
                service glance-api stop >/dev/null 2>&1 || true
                for f in glance-api.conf glance-cache.conf glance-image-import.conf; do
                  install -o root -g glance -m 0640 /usr/share/glance-common/$f /etc/glance/$f
                done
                rm -rf /var/lib/glance-push/releases /var/lib/glance-push/lock /var/lib/glance-push/credentials /var/lib/glance/images/*
                """)
        }
        XCTAssertEqual(try mysql("DROP DATABASE IF EXISTS glance; DROP USER IF EXISTS 'glance'@'127.0.0.%';"), "")
        _ = try admin("openstack user delete glance; openstack service delete image; true")
        XCTAssertEqual(try admin("openstack user list -f value -c Name | sort"), "admin\n")
    }

    private func mysql(_ sql: String) throws -> String {
        let result = try Lab.shell("mysql", "--no-defaults", "--socket=\(Self.neighbours)/mariadb/mysqld.sock", "-uroot",
                                   "--batch", "--skip-column-names", input: Data(sql.utf8))
        XCTAssertEqual(result.status, 0, result.output)
        return result.output
    }

    /// A shell command with the lab's Keystone admin credentials.
    private func admin(_ command: String) throws -> String {
        try Lab.shell("sh", "-c", ". \(Self.neighbours)/admin-openrc && \(command)").output
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

    private func status(_ node: Int, _ path: String, token: String? = nil) throws -> String {
        var arguments = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"]
        if let token { arguments += ["-H", "X-Auth-Token: \(token)"] }
        return try Lab.shell(arguments: arguments + ["http://\(Lab.address(node)):9292\(path)"]).output
    }

    /// The `key = value` lines of one INI section, without comments and blank lines.
    private static func activeLines(of section: String, in text: String) -> [String] {
        var inside = false
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("[") { inside = line == "[\(section)]"; return nil }
            return inside && !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty ? String(line) : nil
        }
    }

    /// Creates an image record (no data yet) through the node's API; returns its id.
    private func createImage(on node: Int, name: String, token: String) throws -> String {
        let created = try Lab.shell("curl", "-s", "-X", "POST", "-H", "X-Auth-Token: \(token)", "-H", "Content-Type: application/json",
                                    "-d", #"{"name": "\#(name)", "disk_format": "raw", "container_format": "bare"}"#,
                                    "http://\(Lab.address(node)):9292/v2/images").output
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, created)
    }

    /// Uploads `bytes` through the node into `store` (`X-Image-Meta-Store`); the image's id and
    /// fields afterwards.
    private func upload(_ bytes: String, named name: String, into store: String, on node: Int,
                        token: String) throws -> (id: String, fields: [String: Any]) {
        let id = try createImage(on: node, name: name, token: token)
        let api = "http://\(Lab.address(node)):9292/v2/images/\(id)"
        let put = try Lab.shell("curl", "-s", "-w", "%{http_code}", "-X", "PUT", "-H", "X-Auth-Token: \(token)",
                                "-H", "X-Image-Meta-Store: \(store)", "-H", "Content-Type: application/octet-stream",
                                "--data-binary", "@-", api + "/file", input: Data(bytes.utf8))
        XCTAssertEqual(put.output, "204", "upload into \(store) through node\(node)")
        let image = try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)", api).output
        return (id, try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(image.utf8)) as? [String: Any], image))
    }

    // MARK: Tests

    func testAFirstDeployCreatesDatabaseAndKeystoneRecordsOnceAndServesBehindKeystone() throws {
        try resetEverything()
        let restarts = Lab.directory + "/restarts.log"
        try? FileManager.default.removeItem(atPath: restarts)
        let (first, steps) = try deploy()
        XCTAssertEqual(first.map(\.status), [.changed, .changed, .changed], "\(first.map { $0.error ?? "" })")
        // The play's serial 1 with its hooks: node after node, seen from the nodes.
        try RestartOrder.assertNodeByNode(log: restarts, nodes: nodes, run: run)
        // The reset stopped glance-api: it is started (its pidfile says it is not running).
        XCTAssertEqual(first.map(\.started), [["glance-api"], ["glance-api"], ["glance-api"]])
        XCTAssertEqual(first.map(\.restarted), [[], [], []])
        XCTAssertEqual(first.map(\.health), ["ok", "ok", "ok"])
        // The one-shots shared by all hosts ran once, on node51, in this order.
        let oneShots = steps.compactMap { line -> String? in
            let fields = line.components(separatedBy: "  ")
            return fields.count == 3 && fields[1].hasPrefix("one-shot ") ? fields[0] + " " + fields[1] : nil
        }
        XCTAssertEqual(oneShots, ["node51 one-shot glance-db-mysql", "node51 one-shot glance-keystone-auth",
                                  "node51 one-shot glance-db-sync", "node51 one-shot glance-db-load-metadefs"], "\(steps)")

        XCTAssertEqual(try mysql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'glance' AND table_name IN ('images', 'alembic_version');"), "2\n")
        XCTAssertEqual(try mysql("SELECT COUNT(*) > 0 FROM glance.metadef_namespaces;"), "1\n")
        XCTAssertEqual(try mysql("SELECT CONCAT(user, '@', host) FROM mysql.user WHERE user = 'glance';"), "glance@127.0.0.%\n")
        XCTAssertEqual(try admin("openstack endpoint list --service image -f value -c Region -c Interface -c URL | sort"),
                       "RegionOne admin http://127.0.0.61:9292\nRegionOne internal http://127.0.0.61:9292\nRegionOne public http://127.0.0.61:9292\n")
        XCTAssertEqual(try admin("openstack role assignment list --user glance --project services --names -f value -c Role"), "admin\n")
        for node in nodes {
            let config = try run(node, "cat /etc/glance/glance-api.conf")
            XCTAssertTrue(config.contains("\npassword = \(Self.glanceKeystonePassword)\n"), "node\(node)")
            XCTAssertTrue(config.contains("\ntoken_cache_time = 300\n"), "node\(node)")
            XCTAssertTrue(config.contains("\nconnection = mysql+pymysql://glance:lab-glance-db@127.0.0.2/glance\n"), "node\(node)")
            XCTAssertTrue(config.contains("\ntransport_url = rabbit://glance:\(Self.rabbitPassword)@127.0.0.3:5672/\n"), "node\(node)")
            XCTAssertEqual(try run(node, "stat -c '%U:%G %a' /var/lib/glance-push/credentials/glance-api-validate.env"), "root:root 640\n")
        }
        XCTAssertEqual(try run(51, "ls /var/lib/glance-push/credentials"),
                       "glance-api-validate.env\nglance-db-mysql-client.cnf\nglance-db-mysql.sql\nglance-keystone-admin.env\nglance-keystone-auth.env\n")
        // Only the databases host holds the MariaDB root and Keystone admin credentials.
        XCTAssertEqual(try run(52, "ls /var/lib/glance-push/credentials"), "glance-api-validate.env\n")

        // Behind Keystone: no token 401, the glance user's token 200, on every node.
        let token = try glanceToken()
        for node in nodes {
            XCTAssertEqual(try status(node, "/v2/images"), "401", "node\(node)")
            XCTAssertEqual(try status(node, "/v2/images", token: token), "200", "node\(node)")
        }

        // An image uploaded through each node with the glance user's token is active, its bytes
        // are stored and come back; every node lists all three (they share the database, and
        // the file store is each node's own: a download is asked of the node that holds it).
        var uploaded: [String: String] = [:]
        for node in nodes {
            let bytes = "image bytes uploaded through node\(node)\n"
            let id = try createImage(on: node, name: "uploaded-node\(node)", token: token)
            let put = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H", "X-Auth-Token: \(token)",
                                    "-H", "Content-Type: application/octet-stream", "--data-binary", "@-",
                                    "http://\(Lab.address(node)):9292/v2/images/\(id)/file", input: Data(bytes.utf8))
            XCTAssertEqual(put.output, "204", "node\(node)")
            XCTAssertEqual(try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)",
                                         "http://\(Lab.address(node)):9292/v2/images/\(id)/file").output, bytes, "node\(node)")
            XCTAssertEqual(try run(node, "cat /var/lib/glance/images/\(id)"), bytes, "node\(node)")
            uploaded[id] = "uploaded-node\(node)"
        }
        for node in nodes {
            let listing = try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)", "http://\(Lab.address(node)):9292/v2/images").output
            let images = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [String: Any])?["images"] as? [[String: Any]], listing)
            let active = images.filter { ($0["status"] as? String) == "active" }
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: active.compactMap { image in
                (image["id"] as? String).map { ($0, image["name"] as? String ?? "") } }), uploaded, "node\(node)")
        }

        let second = try deploy().reports
        XCTAssertEqual(second.map(\.status), [.unchanged, .unchanged, .unchanged], "\(second.map { $0.error ?? "" })")
    }

    func testBWrongKeystonePasswordFailsValidation() throws {
        try converge()
        let wrong = try variant("    glance::api::authtoken:\n      password: \"{{ secret.glance_keystone }}\"",
                                "    glance::api::authtoken:\n      password: not-the-password")
        let failed = try deploy(wrong, nodes: [53]).reports
        XCTAssertEqual(failed.map(\.host), ["node53"])
        XCTAssertEqual(failed[0].status, .failed)
        XCTAssertEqual(failed[0].restarted, ["glance-api"])
        let error = failed[0].error ?? ""
        XCTAssertTrue(error.hasPrefix("validation: validation ended with exit status 1: "), error)
        XCTAssertTrue(error.contains("The request you have made requires authentication. (HTTP 401)"), error)
        XCTAssertFalse(error.contains("not-the-password"), error)
        XCTAssertEqual(try status(53, "/versions"), "200")

        let restored = try deploy(nodes: [53]).reports
        XCTAssertEqual(restored[0].status, .changed, restored[0].error ?? "")
        XCTAssertEqual(restored[0].health, "ok")
    }

    func testCImageCreateNotificationReachesRabbitMQ() throws {
        try converge()
        let token = try glanceToken()
        let name = "notified-\(UUID().uuidString.prefix(8))"
        let id = try createImage(on: 52, name: name, token: token)
        // Every node shares the database: node 51 lists what node 52 created.
        XCTAssertTrue(try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)", "http://\(Lab.address(51)):9292/v2/images").output.contains(id))

        let consumed = try LabRabbitMQ.imageCreateNotification(of: id, password: Self.rabbitPassword)
        XCTAssertEqual(consumed.status, 0, consumed.output)
        XCTAssertEqual(consumed.output, "image.create image.localhost \(name) queued\n")
    }

    /// A real Ceph cluster (`scripts/lab ceph up`: one monitor and a memstore OSD on 127.0.0.5,
    /// pool `images`, user client.glance). Its ceph.conf and keyring are put on node 53 as a Ceph
    /// deployment would (puppet-glance leaves them to the ceph module too); glance-push adds the
    /// RBD store, installs python3-ceph and ceph-common, and an image uploaded into that store
    /// lands in the pool and comes back intact.
    func testDRBDStoreStoresImagesInARealCephCluster() throws {
        try converge()
        let cephDirectory = Lab.directory + "/ceph"
        let up = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "ceph", "up", "--dir", Lab.directory])
        XCTAssertEqual(up.status, 0, up.output)
        let cephConf = try String(contentsOfFile: cephDirectory + "/ceph.conf", encoding: .utf8)
        let keyring = try String(contentsOfFile: cephDirectory + "/ceph.client.glance.keyring", encoding: .utf8)
        let connection = try connect(53)
        defer { connection.close() }
        try connection.writeFileAtomically("/etc/ceph/ceph.conf", contents: Data(cephConf.utf8), mode: 0o644)
        try connection.writeFileAtomically("/etc/ceph/ceph.client.glance.keyring", contents: Data(keyring.utf8), mode: 0o640,
                                           owner: FileOwnership(uid: 0, gid: UInt32(try run(53, "getent group glance | cut -d: -f3")
                                               .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0))
        addTeardownBlock { _ = try? self.run(53, "rm -f /etc/ceph/ceph.conf /etc/ceph/ceph.client.glance.keyring") }
        let rbd = try variant("""
                  enabled_backends: ["fs:file"]
            """, """
                  enabled_backends: ["fs:file", "ceph:rbd"]
            """)
        let withStore = try String(contentsOfFile: rbd, encoding: .utf8) + """
                glance::backend::multistore::rbd:
                  id: ceph
                  rbd_store_pool: images
                  rbd_store_user: glance
                  rbd_store_ceph_conf: /etc/ceph/ceph.conf

            """
        let playbook = try temporaryFile("lab-full-rbd.yml", withStore)
        let report = try deploy(playbook, nodes: [53]).reports[0]
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.health, "ok")
        XCTAssertEqual(report.restarted, ["glance-api"])
        let config = try run(53, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\nenabled_backends = fs:file,ceph:rbd\n"))
        XCTAssertTrue(config.contains("\n[ceph]\nrbd_store_ceph_conf = /etc/ceph/ceph.conf\nrbd_store_user = glance\nrbd_store_pool = images\n"))
        XCTAssertEqual(try run(53, "dpkg-query -W -f='${Status}\\n' python3-ceph ceph-common"),
                       "install ok installed\ninstall ok installed\n")
        XCTAssertEqual(try run(53, "/usr/bin/python3 -c 'import rbd, rados; print(rados.Rados.__name__, rbd.RBD.__name__)'"), "Rados RBD\n")

        let token = try glanceToken()
        let bytes = String(repeating: "ceph block ", count: 100_000)
        let (id, fields) = try upload(bytes, named: "in-ceph", into: "ceph", on: 53, token: token)
        XCTAssertEqual(fields["status"] as? String, "active", "\(fields)")
        XCTAssertEqual(fields["stores"] as? String, "ceph", "\(fields)")
        XCTAssertEqual(fields["size"] as? Int, bytes.utf8.count, "\(fields)")
        // The pool holds the image (and glance's protected snapshot); the bytes come back.
        let pool = try Lab.shell("rbd", "-c", cephDirectory + "/ceph.conf", "--id", "glance", "-k",
                                 cephDirectory + "/ceph.client.glance.keyring", "ls", "-l", "images").output
        XCTAssertTrue(pool.contains("\(id)@snap"), pool)
        XCTAssertEqual(try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)",
                                     "http://\(Lab.address(53)):9292/v2/images/\(id)/file").output, bytes)
        XCTAssertFalse(try run(53, "ls /var/lib/glance/images").contains(id))

        XCTAssertEqual(try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "-H", "X-Auth-Token: \(token)",
                                     "http://\(Lab.address(53)):9292/v2/images/\(id)").output, "204")
        let restored = try deploy(nodes: [53]).reports
        XCTAssertEqual(restored[0].status, .changed, restored[0].error ?? "")
        XCTAssertEqual(restored[0].health, "ok")
    }

    /// The tutorial's swift exercise, live: `scripts/lab swift up` runs a Swift proxy with
    /// tempauth (auth v1) and its storage servers on 127.0.0.6; glance-push writes the `ref1`
    /// reference (auth_address, user, key, auth_version) to glance-swift.conf and the store to
    /// glance-api.conf, and an image uploaded through node 52 lands in the `glance` container.
    func testESwiftStoreStoresImagesInARealSwift() throws {
        try converge()
        let up = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "swift", "up", "--dir", Lab.directory])
        XCTAssertEqual(up.status, 0, up.output)
        let swift = try variant("""
                  enabled_backends: ["fs:file"]
            """, """
                  enabled_backends: ["fs:file", "swift:swift"]
            """)
        let withStore = try String(contentsOfFile: swift, encoding: .utf8) + """
                glance::backend::multistore::swift:
                  id: swift
                  swift_store_auth_address: http://127.0.0.6:8080/auth/v1.0
                  swift_store_auth_version: "1"
                  swift_store_user: "glance:glance"
                  swift_store_key: "{{ secret.swift }}"
                  swift_store_container: glance
                  swift_store_create_container_on_put: true

            """
        let report = try deploy(try temporaryFile("lab-full-swift.yml", withStore), nodes: [52]).reports[0]
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.health, "ok")
        // The packaged glance-swift.conf has sample [ref1] and [ref2] sections: ref1 is edited in place.
        XCTAssertEqual(Self.activeLines(of: "ref1", in: try run(52, "cat /etc/glance/glance-swift.conf")), [
            "user = glance:glance", "key = lab-swift-glance", "auth_version = 1", "auth_address = http://127.0.0.6:8080/auth/v1.0",
            "user_domain_id = default", "project_domain_id = default"])
        XCTAssertEqual(try run(52, "stat -c '%U:%G %a' /etc/glance/glance-swift.conf"), "root:glance 640\n")
        let config = try run(52, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\nenabled_backends = fs:file,swift:swift\n"))
        XCTAssertEqual(Set(Self.activeLines(of: "swift", in: config)), [
            "swift_store_config_file = /etc/glance/glance-swift.conf", "default_swift_reference = ref1",
            "swift_store_container = glance", "swift_store_create_container_on_put = True", "swift_store_endpoint_type = internalURL"])

        let token = try glanceToken()
        let bytes = String(repeating: "swift object ", count: 50_000)
        let (id, fields) = try upload(bytes, named: "in-swift", into: "swift", on: 52, token: token)
        XCTAssertEqual(fields["status"] as? String, "active", "\(fields)")
        XCTAssertEqual(fields["stores"] as? String, "swift", "\(fields)")
        let objects = try Lab.shell("/usr/bin/swift", "-A", "http://127.0.0.6:8080/auth/v1.0", "-U", "glance:glance",
                                    "-K", "lab-swift-glance", "list", "glance").output
        XCTAssertEqual(objects, id + "\n")
        XCTAssertEqual(try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)",
                                     "http://\(Lab.address(52)):9292/v2/images/\(id)/file").output, bytes)

        XCTAssertEqual(try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "-H", "X-Auth-Token: \(token)",
                                     "http://\(Lab.address(52)):9292/v2/images/\(id)").output, "204")
        let restored = try deploy(nodes: [52]).reports
        XCTAssertEqual(restored[0].status, .changed, restored[0].error ?? "")
        XCTAssertEqual(restored[0].health, "ok")
    }

    /// Interoperable image import: glance::api's `enabled_import_methods: [glance-direct]` and
    /// glance::backend::reserved::staging. Data staged through node 51 waits in the staging
    /// store, the import task (owned by the token's project: the lab's noauth nodes cannot own
    /// one) moves it into the file store, and the staged copy is gone.
    func testFGlanceDirectImportGoesThroughTheStagingStore() throws {
        try converge()
        let staging = "/var/lib/glance/staging-lab/"
        let imported = try String(contentsOfFile: try variant("""
                  default_backend: fs
            """, """
                  default_backend: fs
                  enabled_import_methods: [glance-direct]
            """), encoding: .utf8) + """
                glance::backend::reserved::staging:
                  filesystem_store_datadir: \(staging)

            """
        let report = try deploy(try temporaryFile("lab-full-import.yml", imported), nodes: [51]).reports[0]
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.health, "ok")
        let config = try run(51, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\n[os_glance_staging_store]\nfilesystem_store_datadir = \(staging)\n"), config)
        XCTAssertTrue(config.contains("\nenabled_import_methods = [glance-direct]\n"), config)

        let token = try glanceToken()
        let api = "http://\(Lab.address(51)):9292/v2"
        let discovery = try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)", api + "/info/import").output
        XCTAssertTrue(discovery.contains(#""import-methods": {"description": "Import methods available.", "type": "array", "value": ["glance-direct"]}"#),
                      discovery)
        let id = try createImage(on: 51, name: "staged", token: token)
        let bytes = "image bytes staged, then imported\n"
        let stage = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H", "X-Auth-Token: \(token)",
                                  "-H", "Content-Type: application/octet-stream", "--data-binary", "@-",
                                  api + "/images/\(id)/stage", input: Data(bytes.utf8))
        XCTAssertEqual(stage.output, "204")
        XCTAssertEqual(try run(51, "cat \(staging)\(id)"), bytes, "the data waits in the staging store")
        let start = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "X-Auth-Token: \(token)",
                                  "-H", "Content-Type: application/json", "-d", #"{"method": {"name": "glance-direct"}}"#,
                                  api + "/images/\(id)/import")
        XCTAssertEqual(start.output, "202")
        var status = ""
        for _ in 0..<120 where status != "active" {
            Thread.sleep(forTimeInterval: 0.5)
            let image = try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)", api + "/images/\(id)").output
            status = (try JSONSerialization.jsonObject(with: Data(image.utf8)) as? [String: Any])?["status"] as? String ?? image
        }
        XCTAssertEqual(status, "active")
        XCTAssertEqual(try Lab.shell("curl", "-s", "-H", "X-Auth-Token: \(token)", api + "/images/\(id)/file").output, bytes)
        XCTAssertEqual(try run(51, "cat /var/lib/glance/images/\(id)"), bytes, "imported into the file store")
        XCTAssertEqual(try run(51, "test -e \(staging)\(id); echo $?"), "1\n", "the staged copy is gone")

        XCTAssertEqual(try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "-H", "X-Auth-Token: \(token)",
                                     api + "/images/\(id)").output, "204")
        // testG's converge puts node 51 back on lab-full.yml.
    }

    /// Keystone unified limits: glance::api's `use_keystone_limits` and glance::limit's
    /// `[oslo_limit]` (endpoint, the glance user). Glance asks Keystone for the registered
    /// limits: with 1 MiB of images allowed, a project that stored 2 MiB gets its next upload
    /// refused (Glance compares the usage before an upload with the limit).
    func testGUnifiedLimitsRefuseAnUploadOverQuota() throws {
        try converge()
        let endpoint = try admin("openstack endpoint list --service image --interface public -f value -c ID")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(endpoint.count, 32, endpoint)
        let limits = ["image_size_total": 1, "image_stage_total": 1, "image_count_total": 100, "image_count_uploading": 100]
        func deleteLimits() throws {
            let ids = try admin("openstack registered limit list --service glance -f value -c ID")
            for id in ids.split(separator: "\n") { _ = try admin("openstack registered limit delete \(id)") }
        }
        try deleteLimits()
        addTeardownBlock { try? deleteLimits() }
        for (name, value) in limits.sorted(by: { $0.key < $1.key }) {
            XCTAssertTrue(try admin("openstack registered limit create --service glance --region RegionOne "
                + "--default-limit \(value) \(name) -f value -c id")
                .trimmingCharacters(in: .whitespacesAndNewlines).count == 32, name)
        }
        let limited = try String(contentsOfFile: try variant("""
                  default_backend: fs
            """, """
                  default_backend: fs
                  use_keystone_limits: true
            """), encoding: .utf8) + """
                glance::limit:
                  endpoint_id: \(endpoint)
                  password: "{{ secret.glance_keystone }}"
                  auth_url: http://127.0.0.4:5000
                  region_name: RegionOne

            """
        let report = try deploy(try temporaryFile("lab-full-limits.yml", limited), nodes: [51]).reports[0]
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.health, "ok")
        let config = try run(51, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\nuse_keystone_limits = True\n"), config)
        XCTAssertTrue(Self.activeLines(of: "oslo_limit", in: config).contains("endpoint_id = \(endpoint)"), config)

        let token = try glanceToken()
        let api = "http://\(Lab.address(51)):9292/v2/images"
        func upload(_ size: Int) throws -> String {
            let id = try createImage(on: 51, name: "limited-\(size)", token: token)
            addTeardownBlock {
                _ = try? Lab.shell("curl", "-s", "-X", "DELETE", "-H", "X-Auth-Token: \(token)", api + "/\(id)")
            }
            return try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H", "X-Auth-Token: \(token)",
                                 "-H", "Content-Type: application/octet-stream", "--data-binary", "@-", api + "/\(id)/file",
                                 input: Data(count: size)).output
        }
        // Glance checks the usage before an upload: the first one may pass the limit, the next is refused.
        XCTAssertEqual(try upload(2 * 1024 * 1024), "204", "the project uses nothing yet")
        XCTAssertEqual(try upload(100 * 1024), "413", "2 MiB used of 1 MiB: refused")

        let restored = try deploy(nodes: [51]).reports
        XCTAssertEqual(restored[0].status, .changed, restored[0].error ?? "")
        XCTAssertEqual(restored[0].health, "ok")
    }
}

/// Progress lines collected from the deploy's threads.
private final class StepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    func append(_ line: String) { lock.lock(); collected.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return collected }
}
