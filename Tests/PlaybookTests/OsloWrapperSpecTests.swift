import Foundation
import Playbook
import XCTest

/// puppet-glance's spec/classes/glance_{healthcheck,cors,client}_spec.rb (zed-eol) and
/// glance_os_brick_spec.rb (stable/2025.1): the values its oslo:: resources receive, as the keys
/// glance-push writes ("<SERVICE DEFAULT>" is a removed key here; puppet-oslo joins lists with
/// commas).
final class OsloWrapperSpecTests: XCTestCase {
    private func settings(_ role: String, release: TargetRelease = .debian12Zed) throws -> [String: String] {
        let outputs = try Sample.render("- hosts: c\n  roles:\n    glance::api: { auth_strategy: noauth }\n" + role,
                                        release: release)
        var found: [String: String] = [:]
        for setting in outputs.flatMap(\.settings) {
            let name = (setting.file as NSString).lastPathComponent + " \(setting.section)/\(setting.key)"
            switch setting.value {
            case .absent: found[name] = "<SERVICE DEFAULT>"
            case .set(let text): found[name] = text
            case .multi(let lines): found[name] = lines.joined(separator: "|")
            }
        }
        return found
    }

    func testHealthcheck() throws {
        let defaults = try settings("    glance::healthcheck: {}\n")
        for key in ["detailed", "backends", "disable_by_file_path", "disable_by_file_paths"] {
            XCTAssertEqual(defaults["glance-api.conf healthcheck/\(key)"], "<SERVICE DEFAULT>", key)
        }
        let given = try settings("""
                glance::healthcheck:
                  detailed: true
                  backends: [disable_by_file]
                  disable_by_file_path: /etc/glance/healthcheck/disabled
                  disable_by_file_paths: ["9292:/etc/glance/healthcheck/disabled"]

            """)
        XCTAssertEqual(given["glance-api.conf healthcheck/detailed"], "True")
        XCTAssertEqual(given["glance-api.conf healthcheck/backends"], "disable_by_file")
        XCTAssertEqual(given["glance-api.conf healthcheck/disable_by_file_path"], "/etc/glance/healthcheck/disabled")
        XCTAssertEqual(given["glance-api.conf healthcheck/disable_by_file_paths"], "9292:/etc/glance/healthcheck/disabled")
    }

    func testCors() throws {
        let defaults = try settings("    glance::cors: {}\n")
        for key in ["allowed_origin", "allow_credentials", "expose_headers", "max_age", "allow_methods", "allow_headers"] {
            XCTAssertEqual(defaults["glance-api.conf cors/\(key)"], "<SERVICE DEFAULT>", key)
        }
        let given = try settings("""
                glance::cors:
                  allowed_origin: "*"
                  allow_credentials: true
                  expose_headers: Content-Language,Expires
                  max_age: 3600
                  allow_methods: GET,POST,PUT,DELETE,OPTIONS
                  allow_headers: Content-Type,Cache-Control

            """)
        XCTAssertEqual(given["glance-api.conf cors/allowed_origin"], "*")
        XCTAssertEqual(given["glance-api.conf cors/allow_credentials"], "True")
        XCTAssertEqual(given["glance-api.conf cors/expose_headers"], "Content-Language,Expires")
        XCTAssertEqual(given["glance-api.conf cors/max_age"], "3600")
        XCTAssertEqual(given["glance-api.conf cors/allow_methods"], "GET,POST,PUT,DELETE,OPTIONS")
        XCTAssertEqual(given["glance-api.conf cors/allow_headers"], "Content-Type,Cache-Control")
    }

    func testOsBrickWritesBothFiles() throws {
        let given = try settings("    glance::os_brick: { lock_path: /var/lib/glance/tmp, wait_mpath_device_attempts: 4, "
            + "wait_mpath_device_interval: 1 }\n", release: .debian13Epoxy)
        for file in ["glance-api.conf", "glance-cache.conf"] {
            XCTAssertEqual(given["\(file) os_brick/lock_path"], "/var/lib/glance/tmp", file)
            XCTAssertEqual(given["\(file) os_brick/wait_mpath_device_attempts"], "4", file)
            XCTAssertEqual(given["\(file) os_brick/wait_mpath_device_interval"], "1", file)
        }
    }

    func testClientInstallsPython3Glanceclient() throws {
        let outputs = try Sample.render("- hosts: c\n  roles:\n    glance::client: {}\n")
        XCTAssertEqual(outputs.flatMap(\.packages).map { "\($0.name) \($0.ensure)" }, ["python3-glanceclient present"])
        let latest = try Sample.render("- hosts: c\n  roles:\n    glance::client: { ensure: latest }\n")
        XCTAssertEqual(latest.flatMap(\.packages).map { "\($0.name) \($0.ensure)" }, ["python3-glanceclient latest"])
    }
}
