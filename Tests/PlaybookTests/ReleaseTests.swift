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

    // puppet-glance 2025.1's differences, per host.

    private func settings(_ yaml: String, _ release: TargetRelease) throws -> [String] {
        try Sample.render(yaml, release: release).flatMap(\.settings).map { setting in
            let value: String
            switch setting.value {
            case .absent: value = "<absent>"
            case .set(let text): value = text
            case .multi(let lines): value = lines.joined(separator: "|")
            }
            return "[\(setting.section)] \(setting.key) = \(value)"
        }
    }

    func testBindPortIsLeftToGlancesDefaultOnGlance30AsPuppetGlance2025Point1Does() throws {
        let yaml = "- hosts: c\n  roles:\n    glance::api: { workers: 1 }\n"
        XCTAssertTrue(try settings(yaml, .debian12Zed).contains("[DEFAULT] bind_port = 9292"))
        XCTAssertTrue(try settings(yaml, .debian13Epoxy).contains("[DEFAULT] bind_port = <absent>"))
        let given = "- hosts: c\n  roles:\n    glance::api: { bind_port: 9393 }\n"
        XCTAssertTrue(try settings(given, .debian13Epoxy).contains("[DEFAULT] bind_port = 9393"))
    }

    func testLocationStrategyIsRefusedOnGlance30WithTheReasonAndItsPlace() throws {
        let yaml = "- hosts: c\n  roles:\n    glance::api:\n      location_strategy: store_type\n"
        XCTAssertTrue(try settings(yaml, .debian12Zed).contains("[DEFAULT] location_strategy = store_type"))
        XCTAssertEqual(Sample.error { try Sample.render(yaml, release: .debian13Epoxy) },
                       "site.yml:4:7: parameter 'location_strategy' of 'glance::api' is no longer supported on Glance 30: "
                       + "Glance removed [DEFAULT] location_strategy (Glance 30 has no such option) and puppet-glance "
                       + "2025.1 removed the parameter")
    }

    func testDeprecatedParametersAreWrittenWithAWarningOnGlance30Only() throws {
        let yaml = """
            - hosts: c
              roles:
                glance::api: { auth_strategy: noauth, delayed_delete: true }
                glance::notify::rabbitmq: { rabbit_heartbeat_in_pthread: false }
            """
        XCTAssertEqual(try Sample.render(yaml).flatMap(\.warnings), [])
        let epoxy = try Sample.render(yaml, release: .debian13Epoxy)
        XCTAssertEqual(epoxy.flatMap(\.warnings), [
            "site.yml:3:43: glance::api: 'delayed_delete' is deprecated with glance-scrubber (puppet-glance 2025.1 deprecates it); "
                + "written as [DEFAULT] delayed_delete",
            "site.yml:4:33: glance::notify::rabbitmq: 'rabbit_heartbeat_in_pthread' is deprecated in oslo.messaging (puppet-glance 2025.1 deprecates it); "
                + "written as [oslo_messaging_rabbit] heartbeat_in_pthread",
        ])
        let written = try settings(yaml, .debian13Epoxy)
        XCTAssertTrue(written.contains("[DEFAULT] delayed_delete = True"), "\(written)")
    }

    func testParametersNewInPuppetGlance2025Point1() throws {
        let yaml = """
            - hosts: c
              roles:
                glance::api: { auth_strategy: noauth, require_image_format_match: true, hashing_algorithm: sha512,
                               enabled_backends: ["fs:file"], default_backend: fs }
                glance::notify::rabbitmq: { rabbit_quorum_queue: true, notification_topics: [a, b], notification_retry: 3,
                                            rabbit_enable_cancel_on_failover: true }
                glance::policy: { policy_default_rule: admin }
                glance::backend::multistore::file: { id: fs, weight: 10 }
            """
        let written = try settings(yaml, .debian13Epoxy)
        for line in ["[image_format] require_image_format_match = True", "[DEFAULT] hashing_algorithm = sha512",
                     "[oslo_messaging_rabbit] rabbit_quorum_queue = True", "[oslo_messaging_notifications] topics = a,b",
                     "[oslo_messaging_notifications] retry = 3", "[oslo_messaging_rabbit] enable_cancel_on_failover = True",
                     "[oslo_policy] policy_default_rule = admin", "[fs] weight = 10"] {
            XCTAssertTrue(written.contains(line), "\(line) not in \(written)")
        }
    }
}
