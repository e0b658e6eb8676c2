import Playbook
import XCTest

/// puppet-glance stable/2025.1's spec/classes/glance_property_protections_spec.rb and
/// glance_reports_spec.rb, as glance-push renders them (a "<SERVICE DEFAULT>" expectation is a
/// removed key here).
final class PropertyProtectionAndReportsSpecTests: XCTestCase {
    private func settings(_ role: String) throws -> [String: String] {
        PuppetSpec.settings(try Sample.render("- hosts: c\n  roles:\n    glance::api: { auth_strategy: noauth }\n" + role))
    }

    func testPropertyProtectionDefaults() throws {
        let found = try settings("    glance::property_protection: {}\n")
        XCTAssertEqual(found["api:DEFAULT/property_protection_file"], "<SERVICE DEFAULT>")
        XCTAssertEqual(found["api:DEFAULT/property_protection_rule_format"], "<SERVICE DEFAULT>")
        // Deliberate difference: puppet removes /etc/glance/property-protections.conf; glance-push
        // leaves it (Glance no longer reads it once the keys are gone).
        XCTAssertFalse(found.keys.contains { $0.hasPrefix(GlanceFile.propertyProtections) })
    }

    func testPropertyProtectionPoliciesFormat() throws {
        let rules = ["create", "read", "update", "delete"].map { "        \"^x_.*/\($0)\": { value: default }\n" }.joined()
        let found = try settings("    glance::property_protection:\n      property_protection_rule_format: policies\n"
            + "      rules:\n" + rules)
        XCTAssertEqual(found["api:DEFAULT/property_protection_file"], "/etc/glance/property-protections.conf")
        XCTAssertEqual(found["api:DEFAULT/property_protection_rule_format"], "policies")
        for operation in ["create", "read", "update", "delete"] {
            XCTAssertEqual(found["/etc/glance/property-protections.conf:^x_.*/\(operation)"], "default", operation)
        }
    }

    func testPropertyProtectionRolesFormatJoinsLists() throws {
        let rules = ["create", "read", "update", "delete"]
            .map { "        \"^x_.*/\($0)\": { value: [admin, member, _member_] }\n" }.joined()
        let found = try settings("    glance::property_protection:\n      property_protection_rule_format: roles\n"
            + "      rules:\n" + rules)
        XCTAssertEqual(found["api:DEFAULT/property_protection_rule_format"], "roles")
        for operation in ["create", "read", "update", "delete"] {
            XCTAssertEqual(found["/etc/glance/property-protections.conf:^x_.*/\(operation)"], "admin,member,_member_", operation)
        }
    }

    func testRulesWithoutAFormatAreRefused() {
        XCTAssertEqual(Sample.error { try Sample.render("- hosts: c\n  roles:\n    glance::property_protection:\n"
                + "      rules: { \"^x/read\": { value: admin } }\n") },
            "site.yml:4:14: 'rules' needs property_protection_rule_format (roles or policies); "
                + "without it puppet-glance ignores them and turns property protection off")
        XCTAssertEqual(Sample.error { try Sample.render("- hosts: c\n  roles:\n    glance::property_protection:\n"
                + "      property_protection_rule_format: roles\n      rules: { \"^x/write\": { value: admin } }\n") },
            "site.yml:5:16: '^x/write' in rules must be 'REGEX/create', '/read', '/update' or '/delete'")
    }

    func testReportsDefaultsAndParameters() throws {
        let defaults = try settings("    glance::reports: {}\n")
        for key in ["log_dir", "file_event_handler", "file_event_handler_interval"] {
            XCTAssertEqual(defaults["api:oslo_reports/\(key)"], "<SERVICE DEFAULT>", key)
        }
        let given = try settings("    glance::reports: { log_dir: /var/log/glance, file_event_handler: /var/tmp/glance/reports, "
            + "file_event_handler_interval: 1 }\n")
        XCTAssertEqual(given["api:oslo_reports/log_dir"], "/var/log/glance")
        XCTAssertEqual(given["api:oslo_reports/file_event_handler"], "/var/tmp/glance/reports")
        XCTAssertEqual(given["api:oslo_reports/file_event_handler_interval"], "1")
    }
}
