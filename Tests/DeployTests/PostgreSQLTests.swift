import Foundation
import LabSupport
import SSH
import XCTest

/// glance::db::postgresql and glance::api on PostgreSQL 15 (`scripts/lab postgres up`: a real
/// server on 127.0.0.5:5432), through the real CLI, on lab node 57: the role creates the user
/// and database, db_sync migrates it, glance-api serves from it, an image created through the
/// API is a row in PostgreSQL, and the password is in no output.
final class PostgreSQLTests: XCTestCase {
    private static let node = 57
    private static let password = "pg-lab-it's-secret"
    private var scratch: URL!

    override func setUpWithError() throws {
        let lab = Lab.repository.path + "/scripts/lab"
        for arguments in [["up-nodes", String(Self.node)], ["postgres", "up"]] {
            let result = try Lab.shell(arguments: [lab] + arguments + ["--dir", Lab.directory])
            XCTAssertEqual(result.status, 0, result.output)
        }
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = scratch.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    private func psql(_ database: String, _ query: String) throws -> String {
        let result = try Lab.shell("runuser", "-u", "postgres", "--", "psql", "-X", "-At", "-d", database, "-c", query)
        XCTAssertEqual(result.status, 0, result.output)
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func glancePush(_ arguments: String...) throws -> (status: Int32, output: String) {
        let inventory = try write("hosts.ini", """
            node\(Self.node) ansible_host=\(Lab.address(Self.node)) ansible_user=root ansible_ssh_private_key_file=\(Lab.clientKey) \
            ansible_ssh_common_args='-o UserKnownHostsFile=\(Lab.directory)/known_hosts.full'

            """)
        let secrets = try write("secrets.yml", "pg_glance: '\(Self.password.replacingOccurrences(of: "'", with: "''"))'\n")
        let playbook = try write("site.yml", """
            - hosts: all
              roles:
                glance::db::postgresql:
                  password: "{{ secret.pg_glance }}"
                  dbname: glancepg
                glance::api:
                  bind_host: "{{ ansible_host }}"
                  workers: 1
                  auth_strategy: noauth
                  paste_deploy_flavor: ""
                  enabled_backends: ["fs:file"]
                  default_backend: fs
                  database_connection: "postgresql+psycopg2://glance:{{ secret.pg_glance }}@127.0.0.5/glancepg"
                glance::backend::multistore::file:
                  id: fs
                  filesystem_store_datadir: /var/lib/glance/images

            """)
        return try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push"] + arguments
            + ["-i", inventory, "-p", playbook, "--secrets", secrets])
    }

    func testGlanceServesItsImagesFromPostgreSQL() throws {
        _ = try psql("postgres", "DROP DATABASE IF EXISTS glancepg WITH (FORCE)")
        _ = try psql("postgres", "DROP ROLE IF EXISTS glance")
        // The one-shots run when their files change (puppet's refreshonly): back to the package's file.
        let reset = try Lab.shell("ssh", "-i", Lab.clientKey, "-o", "UserKnownHostsFile=\(Lab.directory)/known_hosts.full",
                                  "-o", "BatchMode=yes", "root@\(Lab.address(Self.node))",
                                  "rm -f /var/lib/glance-push/credentials/glance-db-postgresql.sql && install -o root -g glance "
                                    + "-m 0640 /usr/share/glance-common/glance-api.conf /etc/glance/glance-api.conf")
        XCTAssertEqual(reset.status, 0, reset.output)
        let deploy = try glancePush("deploy")
        XCTAssertEqual(deploy.status, 0, deploy.output)
        XCTAssertFalse(deploy.output.contains("pg-lab"), deploy.output)

        // The role made a login role whose password the server hashed (SCRAM), owning nothing,
        // and the grants db_sync needed.
        XCTAssertEqual(try psql("postgres", "SELECT rolcanlogin, left(rolpassword, 14) FROM pg_authid WHERE rolname = 'glance'"),
                       "t|SCRAM-SHA-256$")
        XCTAssertEqual(try psql("postgres", "SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding) FROM pg_database "
            + "WHERE datname = 'glancepg'"), "postgres|UTF8")
        XCTAssertEqual(try psql("glancepg", "SELECT tableowner FROM pg_tables WHERE tablename = 'images'"), "glance")
        XCTAssertGreaterThan(Int(try psql("glancepg", "SELECT count(*) FROM metadef_namespaces")) ?? 0, 0,
                             "db_load_metadefs loaded the namespaces")

        let api = "http://\(Lab.address(Self.node)):9292"
        let created = try Lab.shell("curl", "-sf", "-X", "POST", "-H", "Content-Type: application/json",
                                    "-d", #"{"name": "pg-image", "disk_format": "raw", "container_format": "bare"}"#, api + "/v2/images")
        XCTAssertEqual(created.status, 0, created.output)
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any])?["id"] as? String)
        XCTAssertEqual(try psql("glancepg", "SELECT name || ' ' || status FROM images WHERE id = '\(id)'"), "pg-image queued")

        let again = try glancePush("deploy")
        XCTAssertEqual(again.status, 0, again.output)
        XCTAssertTrue(again.output.contains("1 hosts: 0 changed, 1 unchanged, 0 failed"), again.output)
        let plan = try glancePush("plan")
        XCTAssertEqual(plan.status, 0, plan.output)
        XCTAssertTrue(plan.output.contains("one-shot glance-db-postgresql (once across hosts, when "
            + "/var/lib/glance-push/credentials/glance-db-postgresql.sql changes)"), plan.output)
        XCTAssertFalse(plan.output.contains("pg-lab"), plan.output)
    }
}
