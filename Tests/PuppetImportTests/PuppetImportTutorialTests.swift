import Playbook
import PuppetImport
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
            "tutorial.pp:2:3: warning: 'verbose' left out: removed from oslo.log 3.22.0 (Pike) and from puppet-glance 10.x (Ocata)",
            "tutorial.pp:3:3: warning: 'keystone_tenant' is glance::api::authtoken 'project_name' in puppet-glance Zed; imported there",
            "tutorial.pp:4:3: warning: 'keystone_user' is glance::api::authtoken 'username' in puppet-glance Zed; imported there",
            "tutorial.pp:5:3: warning: 'keystone_password' is glance::api::authtoken 'password' in puppet-glance Zed; imported there",
            "tutorial.pp:6:3: warning: 'database_connection' is glance::api::db 'database_connection' in puppet-glance Zed; imported there",
            "tutorial.pp:9:9: warning: class 'glance::registry' left out: glance-registry was removed in Victoria (Glance 21), and glance-push refuses it on Glance 21 and later; to remove an old glance::registry from a host, give the playbook 'glance::registry: { ensure: absent }'",
            "tutorial.pp:17:9: warning: class 'glance::backend::file' is deprecated: it wraps glance::backend::multistore::file titled 'glance_store'; prefer glance::api 'enabled_backends' with that define",
            "tutorial.pp:25:30: warning: missing ',' after the value of 'password' (puppet apply rejects this; read as if it were there)",
            "tutorial.pp:27:3: warning: 'public_address' was removed in puppet-glance 9.x (Newton); imported into public_url http://127.0.0.1:9292",
            "tutorial.pp:28:3: warning: 'admin_address' was removed in puppet-glance 9.x (Newton); imported into admin_url http://127.0.0.1:9292",
            "tutorial.pp:29:3: warning: 'internal_address' was removed in puppet-glance 9.x (Newton); imported into internal_url http://172.17.1.3:9292",
            "tutorial.pp:33:1: warning: resource 'rabbitmq_user' ('glance') is not managed by glance-push; skipped",
            "tutorial.pp:40:1: warning: resource 'rabbitmq_user_permissions' ('glance@/') is not managed by glance-push; skipped",
        ])
    }

    /// The left-out glance::registry's credentials are not asked for: the playbook does not use them.
    func testTutorialSecretsAreNamedNotPrinted() throws {
        let result = try tutorial()
        XCTAssertEqual(result.secrets.map(\.key), [
            "api_keystone_password", "api_database_connection", "db_mysql_password", "keystone_auth_password",
        ])
        XCTAssertEqual(result.secretsSkeleton, """
            # secrets.yml (mode 0600): fill in the values the playbook refers to as {{ secret.<key> }}
            api_keystone_password: ""    # glance::api keystone_password (tutorial.pp:5:3)
            api_database_connection: ""  # glance::api database_connection (password in the URL) (tutorial.pp:6:3)
            db_mysql_password: ""        # glance::db::mysql password (tutorial.pp:20:3)
            keystone_auth_password: ""   # glance::keystone::auth password (tutorial.pp:25:3)

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
        XCTAssertEqual(Set(roles.keys), ["glance::api", "glance::api::authtoken", "glance::api::db", "glance::backend::file",
                                         "glance::db::mysql", "glance::keystone::auth"])
        XCTAssertEqual((roles["glance::api"] as? [String: Any])?.count, 0)
        let authtoken = try XCTUnwrap(roles["glance::api::authtoken"] as? [String: Any])
        XCTAssertEqual(authtoken["project_name"] as? String, "services")
        let database = try XCTUnwrap(roles["glance::api::db"] as? [String: Any])
        XCTAssertEqual(database["database_connection"] as? String, "mysql://glance:{{ secret.api_database_connection }}@127.0.0.1/glance")
        let mysql = try XCTUnwrap(roles["glance::db::mysql"] as? [String: Any])
        XCTAssertEqual(mysql["allowed_hosts"] as? String, "%")
        let auth = try XCTUnwrap(roles["glance::keystone::auth"] as? [String: Any])
        XCTAssertEqual(auth["internal_url"] as? String, "http://172.17.1.3:9292")
        XCTAssertNil(auth["internal_address"])
        XCTAssertEqual((roles["glance::backend::file"] as? [String: Any])?.count, 0)
    }

    /// What `glance-push import tutorial.pp` writes, `plan` accepts: parsed, validated and
    /// rendered with the secrets its skeleton names, with no warning left to fix.
    func testTutorialPlaybookPlans() throws {
        XCTAssertEqual(try PuppetImportFixture.plan(try tutorial(), file: "tutorial.yml"), [])
    }

    /// The endpoints `plan` would register are the ones puppet-glance 8.x built from the addresses.
    func testTutorialEndpointsAreTheLegacyOnes() throws {
        let result = try tutorial()
        let playbook = try Playbook.parse(result.yaml, file: "tutorial.yml", secrets: try PuppetImportFixture.secrets(for: result))
        let outputs = try playbook.render(host: PuppetImportFixture.host, release: .debian12Zed, includes: { _ in true })
        let command = try XCTUnwrap(outputs.first { $0.role == "glance::keystone::auth" }?.oneShots.first?.command)
        XCTAssertTrue(command.contains(#""endpoints":{"admin":"http://127.0.0.1:9292","internal":"http://172.17.1.3:9292","public":"http://127.0.0.1:9292"}"#), command)
        XCTAssertTrue(command.contains(#""region":"example-west-1""#), command)
    }
}
