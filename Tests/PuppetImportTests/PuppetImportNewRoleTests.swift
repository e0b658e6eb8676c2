import Playbook
import XCTest

/// The classes and defines that got roles for issue 16 are imported, no longer left out.
final class PuppetImportNewRoleTests: XCTestCase {
    func testNewClassesAndDefinesAreImported() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::api': enabled_backends => ['s3:s3'], default_backend => 's3' }
            class { 'glance::healthcheck': detailed => true, backends => ['disable_by_file'] }
            class { 'glance::cors': allowed_origin => '*' }
            class { 'glance::key_manager': backend => 'barbican' }
            class { 'glance::backend::reserved::staging': filesystem_store_datadir => '/var/lib/glance/staging' }
            glance::backend::multistore::s3 { 's3':
              s3_store_host       => 'host',
              s3_store_access_key => 'access',
              s3_store_secret_key => 'secret',
              s3_store_bucket     => 'bucket',
            }
            """)
        XCTAssertEqual(result.warnings.map(\.description), [])
        let roles = result.yaml.components(separatedBy: "\n").filter { $0.hasPrefix("    glance") || $0.hasPrefix("    \"glance") }
        XCTAssertEqual(roles, ["    glance::api:", "    glance::healthcheck:", "    glance::cors:", "    glance::key_manager:",
                               "    glance::backend::reserved::staging:", "    \"glance::backend::multistore::s3[s3]\":"])
        XCTAssertTrue(result.yaml.contains("      backends:\n        - disable_by_file\n"), result.yaml)
        XCTAssertFalse(result.yaml.contains("secret\n"), "the s3 keys go to the secrets file: \(result.yaml)")
        XCTAssertEqual(Set(result.secrets.map(\.key)).count, 2, "\(result.secrets.map(\.key))")
        XCTAssertNoThrow(try PuppetImportFixture.plan(result, file: "site.yml"))
    }
}
