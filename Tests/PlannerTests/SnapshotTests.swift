import Foundation
@testable import Planner
import Playbook
import XCTest

/// Golden outputs in `Fixtures/Snapshots/`; `RECORD_SNAPSHOTS=1` rewrites them in the source tree.
final class SnapshotTests: XCTestCase {
    /// The tutorial's exercises A (Swift store, multi-store) and B (token cache 5 minutes), planned
    /// on a host that still has Debian's packaged glance-api.conf and no glance-swift.conf.
    func testExercisesDiffAgainstThePackagedFiles() throws {
        let outputs = [
            RoleOutput(role: "glance::api", settings: [
                ConfigSetting(file: apiConf, section: "DEFAULT", key: "enabled_backends", value: .set("swift:swift")),
                ConfigSetting(file: apiConf, section: "glance_store", key: "default_backend", value: .set("swift")),
                ConfigSetting(file: apiConf, section: "glance_store", key: "stores", value: .absent),
                ConfigSetting(file: apiConf, section: "glance_store", key: "default_store", value: .absent),
            ]),
            RoleOutput(role: "glance::api::authtoken", settings: [
                ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "password", value: .set("KS-PASS"), isSecret: true),
                ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "project_name", value: .set("services")),
                ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "token_cache_time", value: .set("300")),
            ]),
            RoleOutput(role: "glance::backend::multistore::swift", settings: [
                ConfigSetting(file: apiConf, section: "swift", key: "swift_store_config_file", value: .set(swiftConf)),
                ConfigSetting(file: apiConf, section: "swift", key: "default_swift_reference", value: .set("ref1")),
                ConfigSetting(file: apiConf, section: "swift", key: "swift_store_container", value: .set("glance")),
                ConfigSetting(file: apiConf, section: "swift", key: "swift_store_create_container_on_put", value: .set("True")),
                ConfigSetting(file: swiftConf, section: "ref1", key: "user", value: .set("services:glance")),
                ConfigSetting(file: swiftConf, section: "ref1", key: "key", value: .set("SWIFT-PASS"), isSecret: true),
                ConfigSetting(file: swiftConf, section: "ref1", key: "auth_address", value: .set("http://10.0.0.5:5000/v3")),
                ConfigSetting(file: swiftConf, section: "ref1", key: "auth_version", value: .set("3")),
            ], purgedFiles: [swiftConf]),
        ]
        let facts = HostFacts(
            files: [apiConf: FileFact(content: try FixtureFiles.packaged("glance-api.conf"))],
            templates: [swiftConf: try FixtureFiles.packaged("glance-swift.conf")])
        let plan = try Planner.plan(host: "ctl01", outputs: outputs, facts: facts)
        XCTAssertEqual(plan.warnings, [])
        try assertSnapshot(plan.diff(against: facts), named: "exercises-ab.diff")
    }

    private func assertSnapshot(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let source = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(actual.utf8).write(to: source)
            return
        }
        XCTAssertEqual(actual, try FixtureFiles.text("Snapshots/\(name)"), file: file, line: line)
    }
}
