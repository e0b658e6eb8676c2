import Inventory
import Playbook
import XCTest
import Yams

/// The manifest of the original tutorial, verbatim (including its missing comma on line 25).
final class PuppetImportTutorialTests: XCTestCase {
    private func tutorial() throws -> PuppetImportResult {
        let manifest = try PuppetManifest.parse(try PuppetImportFixture.text("tutorial.pp"), file: "tutorial.pp")
        return try PuppetImport.playbookYAML(from: manifest)
    }

    func testTutorialManifestGivesGoldenPlaybook() throws {
        try PuppetImportFixture.assertGolden(try tutorial().yaml, "tutorial.expected.yml")
    }

    func testTutorialWarningsAreExact() throws {
        XCTAssertEqual(try tutorial().warnings.map(\.description), [
            "tutorial.pp:2:3: warning: 'verbose' was removed in Pike (oslo.log 3.22.0) and from puppet-glance in Ocata (10.x); use 'debug' (glance::api::logging) for more output",
            "tutorial.pp:3:3: warning: 'keystone_tenant' is no longer a parameter of glance::api; use glance::api::authtoken 'project_name'",
            "tutorial.pp:4:3: warning: 'keystone_user' is no longer a parameter of glance::api; use glance::api::authtoken 'username'",
            "tutorial.pp:5:3: warning: 'keystone_password' is no longer a parameter of glance::api; use glance::api::authtoken 'password'",
            "tutorial.pp:6:3: warning: 'database_connection' is no longer a parameter of glance::api; use glance::api::db 'database_connection'",
            "tutorial.pp:9:9: warning: class 'glance::registry' was removed in Victoria (Glance 21); glance-push refuses it for current releases: delete it, or set 'ensure: absent' to remove an old glance-registry",
            "tutorial.pp:17:9: warning: class 'glance::backend::file' is deprecated: it wraps glance::backend::multistore::file titled 'glance_store'; prefer glance::api 'enabled_backends' with that define",
            "tutorial.pp:25:30: warning: missing ',' after the value of 'password' (puppet apply rejects this; read as if it were there)",
            "tutorial.pp:27:3: warning: 'public_address' was removed from glance::keystone::auth; use 'public_url' (e.g. 'http://127.0.0.1:9292')",
            "tutorial.pp:28:3: warning: 'admin_address' was removed from glance::keystone::auth; use 'admin_url' (e.g. 'http://127.0.0.1:9292')",
            "tutorial.pp:29:3: warning: 'internal_address' was removed from glance::keystone::auth; use 'internal_url' (e.g. 'http://172.17.1.3:9292')",
            "tutorial.pp:33:1: warning: resource 'rabbitmq_user' ('glance') is not managed by glance-push; skipped",
            "tutorial.pp:40:1: warning: resource 'rabbitmq_user_permissions' ('glance@/') is not managed by glance-push; skipped",
        ])
    }

    func testTutorialSecretsAreNamedNotPrinted() throws {
        let result = try tutorial()
        XCTAssertEqual(result.secrets.map(\.key), [
            "api_keystone_password", "api_database_connection", "registry_keystone_password",
            "registry_database_connection", "db_mysql_password", "keystone_auth_password",
        ])
        XCTAssertEqual(result.secretsSkeleton, """
            # secrets.yml (mode 0600): fill in the values the playbook refers to as {{ secret.<key> }}
            api_keystone_password: ""         # glance::api keystone_password (tutorial.pp:5:3)
            api_database_connection: ""       # glance::api database_connection (password in the URL) (tutorial.pp:6:3)
            registry_keystone_password: ""    # glance::registry keystone_password (tutorial.pp:13:3)
            registry_database_connection: ""  # glance::registry database_connection (password in the URL) (tutorial.pp:14:3)
            db_mysql_password: ""             # glance::db::mysql password (tutorial.pp:20:3)
            keystone_auth_password: ""        # glance::keystone::auth password (tutorial.pp:25:3)

            """)
        for output in [result.yaml, result.secretsSkeleton] + result.warnings.map(\.description) {
            XCTAssertFalse(output.contains("12345"), output)
            XCTAssertFalse(output.contains("an_even_bigger_secret"), output)
        }
    }

    /// The golden file read back: the roles and values a playbook loader will see.
    func testTutorialPlaybookLoadsAsYAML() throws {
        let plays = try XCTUnwrap(try Yams.load(yaml: try tutorial().yaml) as? [[String: Any]])
        XCTAssertEqual(plays.count, 1)
        XCTAssertEqual(plays[0]["hosts"] as? String, "all")
        let roles = try XCTUnwrap(plays[0]["roles"] as? [String: Any])
        XCTAssertEqual(Set(roles.keys), ["glance::api", "glance::registry", "glance::backend::file", "glance::db::mysql", "glance::keystone::auth"])
        let api = try XCTUnwrap(roles["glance::api"] as? [String: Any])
        XCTAssertEqual(api["verbose"] as? Bool, true)
        XCTAssertEqual(api["keystone_tenant"] as? String, "services")
        XCTAssertEqual(api["database_connection"] as? String, "mysql://glance:{{ secret.api_database_connection }}@127.0.0.1/glance")
        let mysql = try XCTUnwrap(roles["glance::db::mysql"] as? [String: Any])
        XCTAssertEqual(mysql["allowed_hosts"] as? String, "%")
        let auth = try XCTUnwrap(roles["glance::keystone::auth"] as? [String: Any])
        XCTAssertEqual(auth["public_address"] as? String, "127.0.0.1")
        XCTAssertEqual((roles["glance::backend::file"] as? [String: Any])?.count, 0)
    }
}
