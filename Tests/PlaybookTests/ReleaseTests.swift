import Playbook
import XCTest

/// Package names follow the host's release.
final class ReleaseTests: XCTestCase {
    private let rbd = """
        - hosts: controllers
          roles:
            glance::api:
              stores: [rbd]
              database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance"
            glance::backend::rbd: { rbd_store_pool: images }
        """

    private func packages(_ release: TargetRelease) throws -> [String] {
        try Sample.render(rbd, release: release).flatMap(\.packages).map(\.name)
    }

    func testDebianBookworm() throws {
        XCTAssertEqual(try packages(.debian12Zed), ["python3-pymysql", "glance-api", "python3-ceph", "ceph-common"])
    }

    func testUbuntuJammy() throws {
        XCTAssertEqual(try packages(TargetRelease(osID: "ubuntu", osVersionID: "22.04", glanceMajor: 25)),
                       ["python3-pymysql", "glance-api", "python3-rbd", "ceph-common"])
    }

    func testMitakaEraNames() throws {
        XCTAssertEqual(try packages(TargetRelease(osID: "ubuntu", osVersionID: "16.04", glanceMajor: 12)),
                       ["python-pymysql", "glance-api", "python-ceph", "ceph-common"])
    }

    func testSupportPackagesDoNotRestart() throws {
        let packages = try Sample.render(rbd).flatMap(\.packages)
        XCTAssertEqual(packages.filter { !$0.restarts.isEmpty }.map(\.name), ["glance-api"])
    }

    func testPackageEnsureVersion() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { package_ensure: "2:25.1.0-2+deb12u5" }
            """)
        XCTAssertEqual(outputs.first?.packages.first { $0.name == "glance-api" }?.ensure, .version("2:25.1.0-2+deb12u5"))
    }

    func testUWSGIWarningOnlyOnDebian() throws {
        let yaml = "- hosts: c\n  roles:\n    glance::wsgi::uwsgi:\n"
        XCTAssertEqual(try Sample.render(yaml).flatMap(\.warnings).count, 1)
        XCTAssertEqual(try Sample.render(yaml, release: TargetRelease(osID: "ubuntu", osVersionID: "22.04"))
            .flatMap(\.warnings), [])
    }
}
