import Playbook
import PuppetImport
import XCTest

/// The importer reads the role catalog's legacy table (ParameterSpec effects and successors):
/// what it writes is what `plan` accepts, where puppet-glance Zed has it; the rest is left out
/// with the catalog's reason.
final class PuppetImportLegacyTests: XCTestCase {
    /// A manifest literal `plan` takes for `parameter`.
    private func literal(for parameter: ParameterSpec) -> String {
        if parameter.name == "database_connection" { return "'sqlite:///var/lib/glance/glance.sqlite'" }
        switch parameter.type {
        case .integer(let range?): return String(max(range.lowerBound, 1))
        case .integer(nil), .port: return "1"
        case .bool: return "true"
        case .list, .stringOrList: return "['a']"
        default: return "'keystone'"
        }
    }

    func testEveryMovedParameterOfTheCatalogIsImportedWhereItLivesNow() throws {
        for spec in RoleCatalog.names.compactMap(RoleCatalog.role(named:)) where !spec.isDefine {
            for parameter in spec.parameters {
                guard let successor = parameter.successor else { continue }
                // glance::api::authtoken requires a password: give one unless it is what moves.
                let password = successor.role == "glance::api::authtoken" && successor.parameter != "password"
                    ? "class { 'glance::api::authtoken': password => 'x' }\n" : ""
                let result = try PuppetImportFixture.importing(
                    password + "class { '\(spec.name)': \(parameter.name) => \(literal(for: parameter)) }\n")
                let roles = result.yaml.components(separatedBy: "\n").filter { $0.hasPrefix("    glance") }
                XCTAssertTrue(roles.contains("    \(successor.role):"), "\(spec.name) \(parameter.name): \(result.yaml)")
                XCTAssertTrue(result.yaml.contains("      \(successor.parameter):"), "\(spec.name) \(parameter.name)")
                XCTAssertTrue(result.warnings.contains { $0.message.hasSuffix("in puppet-glance Zed; imported there") })
                XCTAssertNoThrow(try Playbook.parse(result.yaml, file: "site.yml",
                                                    secrets: try PuppetImportFixture.secrets(for: result)),
                                 "\(spec.name) \(parameter.name)")
            }
        }
    }

    func testDroppedAndRefusedParametersAreLeftOutWithTheCatalogReason() throws {
        var checked = 0
        for spec in RoleCatalog.names.compactMap(RoleCatalog.role(named:)) where !spec.isDefine && spec.removal == nil {
            for parameter in spec.parameters {
                let reason: String
                switch parameter.effect {
                case .dropped(let why), .refused(let why): reason = why
                default: continue
                }
                let result = try PuppetImportFixture.importing(
                    "class { '\(spec.name)': \(parameter.name) => \(literal(for: parameter)) }\n")
                XCTAssertEqual(result.warnings.map(\.message), ["'\(parameter.name)' left out: \(reason)"], spec.name)
                XCTAssertFalse(result.yaml.contains(parameter.name + ":"), result.yaml)
                checked += 1
            }
        }
        XCTAssertEqual(checked, 19)
    }

    func testValuesPlanWouldRefuseAreLeftOut() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::api':
              image_size_cap      => 1.5,
              location_strategy   => 'nearest',
              disk_formats        => 'raw',
              limit_param_default => -1,
              bind_hots           => '10.0.0.1',
              workers             => "{{ cpus }}",
            }
            class { 'glance::api::authtoken': password => ['a', 'b'] }
            """)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:2:3: warning: 'image_size_cap' left out: it must be an integer from 0 to 9223372036854775807, got '1.5'",
            "site.pp:3:3: warning: 'location_strategy' left out: it must be one of location_order, store_type, got 'nearest'",
            "site.pp:5:3: warning: 'limit_param_default' left out: it must be an integer from 1 to 9223372036854775807, got '-1'",
            "site.pp:6:3: warning: unknown parameter 'bind_hots' for role 'glance::api' (did you mean 'bind_host'?); left out",
            "site.pp:9:9: warning: role 'glance::api::authtoken' needs parameter 'password', which the manifest does not give; add it to the playbook, or plan refuses it",
            "site.pp:9:35: warning: 'password' left out: it must be a string, got a list",
        ])
        XCTAssertTrue(result.yaml.contains("      workers: \"{{ cpus }}\"\n"), "checked by plan, with the host")
    }

    /// An explicit glance::api::authtoken wins over glance::api's legacy keystone_* (puppet-glance
    /// Zed reads only the former); an equal value is imported once, silently.
    func testMovedParameterMeetingAGivenOne() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::api': keystone_password => 'old', keystone_user => 'glance' }
            class { 'glance::api::authtoken': password => 'new', username => 'glance' }
            """)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:1:24: warning: 'keystone_password' is glance::api::authtoken 'password' in puppet-glance Zed; imported there",
            "site.pp:1:24: warning: 'keystone_password' left out: glance::api::authtoken 'password' is given too, with another value, which is imported",
            "site.pp:1:52: warning: 'keystone_user' is glance::api::authtoken 'username' in puppet-glance Zed; imported there",
        ])
        XCTAssertTrue(result.yaml.hasSuffix("""
                glance::api: {}
                glance::api::authtoken:
                  password: "{{ secret.api_authtoken_password }}"
                  username: glance

            """), result.yaml)
    }

    func testPortAloneFeedsEveryEndpoint() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::keystone::auth':
              password     => 'x',
              internal_url => 'http://internal:9292',
              port         => 9393,
            }
            """)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:3:3: warning: 'internal_url' left out: the legacy internal_protocol, internal_address or port give that URL, as in puppet-glance 8.x",
            "site.pp:4:3: warning: 'port' was removed in puppet-glance 9.x (Newton); imported into public_url http://127.0.0.1:9393, internal_url http://127.0.0.1:9393, admin_url http://127.0.0.1:9393",
        ])
        XCTAssertTrue(result.yaml.hasSuffix("""
                  public_url: http://127.0.0.1:9393
                  internal_url: http://127.0.0.1:9393
                  admin_url: http://127.0.0.1:9393

            """), result.yaml)
        XCTAssertNoThrow(try PuppetImportFixture.plan(result, file: "site.yml"))
    }

    func testClassesWithoutARoleAreLeftOutWithTheReason() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::registry::db': database_connection => 'mysql://glance:pw@db/glance' }
            class { 'glance::params': }
            include glance::api
            """)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:1:9: warning: class 'glance::registry::db' left out: glance-registry was removed in Victoria (Glance 21)",
            "site.pp:2:9: warning: class 'glance::params' left out: it only holds puppet-glance's OS constants",
        ])
        XCTAssertEqual(result.secrets, [], "a left-out class's values are not read")
        XCTAssertTrue(result.yaml.hasSuffix("  roles:\n    glance::api: {}\n"), result.yaml)
    }

    func testDBSyncAndMetadefsAreImportedAsRoles() throws {
        let result = try PuppetImportFixture.importing("""
            include glance::api
            class { 'glance::db::sync': db_sync_timeout => 750, extra_params => '--debug' }
            include glance::db::metadefs
            """)
        XCTAssertEqual(result.warnings.map(\.description), [])
        XCTAssertTrue(result.yaml.hasSuffix("""
              roles:
                glance::api: {}
                glance::db::sync:
                  db_sync_timeout: 750
                  extra_params: "--debug"
                glance::db::metadefs: {}

            """), result.yaml)
        XCTAssertNoThrow(try PuppetImportFixture.plan(result, file: "site.yml"))
    }
}
