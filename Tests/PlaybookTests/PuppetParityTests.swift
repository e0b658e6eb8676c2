import Playbook
import XCTest

/// Where puppet-glance accepts what glance-push used to refuse, glance-push now does as puppet
/// does (issue: "Behaviour that differs from puppet").
final class PuppetParityTests: XCTestCase {
    private func settings(_ roles: String) throws -> [String] {
        try Sample.render("- hosts: c\n  roles:\n" + roles).flatMap(\.settings).map { setting in
            switch setting.value {
            case .absent: return "[\(setting.section)] \(setting.key) <absent>"
            case .set(let text): return "[\(setting.section)] \(setting.key) = \(setting.isSecret ? "<secret>" : text)"
            case .multi(let lines): return "[\(setting.section)] \(setting.key) = \(lines.joined(separator: "|"))"
            }
        }
    }

    private func warnings(_ roles: String) throws -> [String] {
        try Sample.render("- hosts: c\n  roles:\n" + roles).flatMap(\.warnings)
    }

    private let noauth = "    glance::api:\n      auth_strategy: noauth\n"

    func testListParametersTakeACommaSeparatedStringAsPuppetsAny2arrayDoes() throws {
        let written = try settings(noauth + "      container_formats: \"bare,ovf\"\n      disk_formats: raw\n")
        XCTAssertTrue(written.contains("[image_format] container_formats = bare,ovf"), "\(written)")
        XCTAssertTrue(written.contains("[image_format] disk_formats = raw"), "\(written)")
    }

    func testSurroundingBlanksAreStrippedAsPuppetsConfigTypesDo() throws {
        let written = try settings(noauth + "      workers: \"2 \"\n      show_image_direct_url: \" true\"\n"
            + "    glance::api::logging:\n      instance_format: '[instance: %(uuid)s] '\n")
        XCTAssertTrue(written.contains("[DEFAULT] workers = 2"), "\(written)")
        XCTAssertTrue(written.contains("[DEFAULT] show_image_direct_url = True"), "\(written)")
        XCTAssertTrue(written.contains("[DEFAULT] instance_format = [instance: %(uuid)s]"), "\(written)")
    }

    func testASecretIsNeverStripped() throws {
        let outputs = try Sample.render("- hosts: c\n  roles:\n" + noauth
            + "      database_connection: \"mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance \"\n")
        let connection = try XCTUnwrap(outputs.flatMap(\.settings).first { $0.key == "connection" })
        XCTAssertEqual(connection.value, .set("mysql+pymysql://glance:db-S3cret@db1/glance "))
        XCTAssertTrue(connection.isSecret)
    }

    func testDefaultLogLevelsAreWrittenSortedAsPuppetOsloDoes() throws {
        let written = try settings(noauth + "    glance::api::logging:\n"
            + "      default_log_levels: { sqlalchemy: WARN, amqp: WARN, iso8601: WARN, boto: WARN }\n")
        XCTAssertTrue(written.contains("[DEFAULT] default_log_levels = amqp=WARN,boto=WARN,iso8601=WARN,sqlalchemy=WARN"),
                      "\(written)")
    }

    func testSystemScopeDropsTheProjectKeysAsPuppetDoes() throws {
        let roles = noauth.replacingOccurrences(of: "noauth", with: "keystone")
            + "    glance::api::authtoken:\n      password: x\n      system_scope: all\n      project_name: services\n"
        let written = try settings(roles)
        XCTAssertTrue(written.contains("[keystone_authtoken] system_scope = all"), "\(written)")
        XCTAssertTrue(written.contains("[keystone_authtoken] project_name <absent>"), "\(written)")
        XCTAssertTrue(written.contains("[keystone_authtoken] project_domain_name <absent>"), "\(written)")
        XCTAssertEqual(try warnings(roles), ["site.yml:8:7: glance::api::authtoken: 'project_name' is not written: "
            + "system_scope replaces the project scope (as in puppet-glance)"])
    }

    func testStoresBesideEnabledBackendsAreRemovedWithAWarning() throws {
        let roles = noauth + "      enabled_backends: [\"fs:file\"]\n      default_backend: fs\n      stores: [file]\n"
            + "    glance::backend::multistore::file: { id: fs }\n"
        let written = try settings(roles)
        XCTAssertTrue(written.contains("[glance_store] stores <absent>"), "\(written)")
        XCTAssertTrue(written.contains("[glance_store] default_backend = fs"), "\(written)")
        XCTAssertEqual(try warnings(roles), ["site.yml:7:7: glance::api: 'stores' is not written with enabled_backends "
            + "(as puppet-glance, which removes [glance_store] stores)"])
    }

    func testDefaultStoreAloneFillsStores() throws {
        let written = try settings(noauth + "      default_store: rbd\n      multi_store: true\n"
            + "    glance::backend::rbd: { multi_store: true }\n")
        XCTAssertTrue(written.contains("[glance_store] stores = rbd"), "\(written)")
        XCTAssertTrue(written.contains("[glance_store] default_store = rbd"), "\(written)")
    }
}
