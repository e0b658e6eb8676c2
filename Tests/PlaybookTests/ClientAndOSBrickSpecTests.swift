import Playbook
import XCTest

/// puppet-glance's spec/classes/glance_client_spec.rb (zed-eol) and glance_os_brick_spec.rb
/// (stable/2025.1): os_brick's values in both files it writes, the client's package.
/// (healthcheck and cors: PuppetSpecOsloRoleTests.)
final class ClientAndOSBrickSpecTests: XCTestCase {
    private func settings(_ role: String, release: TargetRelease = .debian12Zed) throws -> [String: String] {
        PuppetSpec.settings(try Sample.render("- hosts: c\n  roles:\n    glance::api: { auth_strategy: noauth }\n" + role, release: release))
    }

    func testOsBrickWritesBothFiles() throws {
        let given = try settings("    glance::os_brick: { lock_path: /var/lib/glance/tmp, wait_mpath_device_attempts: 4, "
            + "wait_mpath_device_interval: 1 }\n", release: .debian13Epoxy)
        for file in ["api", "cache"] {
            XCTAssertEqual(given["\(file):os_brick/lock_path"], "/var/lib/glance/tmp", file)
            XCTAssertEqual(given["\(file):os_brick/wait_mpath_device_attempts"], "4", file)
            XCTAssertEqual(given["\(file):os_brick/wait_mpath_device_interval"], "1", file)
        }
    }

    func testClientInstallsPython3Glanceclient() throws {
        let outputs = try Sample.render("- hosts: c\n  roles:\n    glance::client: {}\n")
        XCTAssertEqual(outputs.flatMap(\.packages).map { "\($0.name) \($0.ensure)" }, ["python3-glanceclient present"])
        let latest = try Sample.render("- hosts: c\n  roles:\n    glance::client: { ensure: latest }\n")
        XCTAssertEqual(latest.flatMap(\.packages).map { "\($0.name) \($0.ensure)" }, ["python3-glanceclient latest"])
    }
}
