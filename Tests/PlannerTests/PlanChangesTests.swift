@testable import Planner
import Playbook
import XCTest

final class PlanChangesTests: XCTestCase {
    private let planned = "[DEFAULT]\nbind_host = 127.0.0.11\n\n[keystone_authtoken]\npassword = pw-s3cret\ntoken_cache_time = 300\n"

    private func plan() throws -> HostPlan {
        try Planner.plan(host: "h", outputs: sampleOutputs(),
                         facts: HostFacts(files: [apiConf: FileFact(content: "[DEFAULT]\n")]))
    }

    /// A host that already looks exactly as planned.
    private func convergedFacts() -> HostFacts {
        HostFacts(files: [apiConf: FileFact(content: planned)], packages: ["glance-api": "2:25.1.0-2+deb12u5"],
                  services: ["glance-api": ServiceState(running: true, enabled: true)])
    }

    func testConvergedHostHasNoChanges() throws {
        let plan = try plan()
        XCTAssertEqual(plan.files.map(\.content), [planned])
        let changes = plan.changes(against: convergedFacts())
        XCTAssertEqual(changes, PlanChanges())
        XCTAssertTrue(changes.isEmpty)
        XCTAssertEqual(plan.diff(against: convergedFacts()), "")
    }

    func testChangedContentRestartsWhatItFeedsAndTriggersOneShots() throws {
        var facts = convergedFacts()
        facts.files[apiConf]?.content = "[DEFAULT]\nbind_host = 0.0.0.0\n\n[keystone_authtoken]\npassword = old-pw\ntoken_cache_time = 300\n"
        let plan = try plan()
        XCTAssertEqual(plan.changes(against: facts), PlanChanges(
            files: [.init(path: apiConf, isNew: false, contentChanged: true, ownerChanged: false, modeChanged: false)],
            servicesToRestart: ["glance-api"], oneShots: ["db_sync"]))
        // The old password is in the current file only: it is a secret all the same.
        let secrets = try Planner.plan(host: "h", outputs: sampleOutputs(), facts: facts).files[0].secrets
        XCTAssertEqual(secrets, ["old-pw", "pw-s3cret"])
        XCTAssertEqual(try Planner.plan(host: "h", outputs: sampleOutputs(), facts: facts).diff(against: facts), """
            --- a/etc/glance/glance-api.conf\th
            +++ b/etc/glance/glance-api.conf\th
            @@ -1,6 +1,6 @@
             [DEFAULT]
            -bind_host = 0.0.0.0
            +bind_host = 127.0.0.11
             
             [keystone_authtoken]
            -password = <secret>
            +password = <secret>
             token_cache_time = 300

            """)
    }

    func testOwnerOrModeChangeDoesNotRestart() throws {
        var facts = convergedFacts()
        facts.files[apiConf]?.mode = 0o644
        facts.files[apiConf]?.group = "root"
        XCTAssertEqual(try plan().changes(against: facts), PlanChanges(
            files: [.init(path: apiConf, isNew: false, contentChanged: false, ownerChanged: true, modeChanged: true)]))
    }

    func testMissingFileAndPackage() throws {
        var facts = convergedFacts()
        facts.files = [:]
        facts.packages = [:]
        let changes = try plan().changes(against: facts)
        XCTAssertEqual(changes, PlanChanges(
            files: [.init(path: apiConf, isNew: true, contentChanged: true, ownerChanged: true, modeChanged: true)],
            packagesToInstall: [PackageRequirement(name: "glance-api", restarts: ["glance-api"])],
            servicesToRestart: ["glance-api"], oneShots: ["db_sync"]))
    }

    func testStoppedOrDisabledServiceIsRepairedWithoutAnyFileChange() throws {
        var facts = convergedFacts()
        facts.services["glance-api"] = ServiceState(running: false, enabled: false)
        XCTAssertEqual(try plan().changes(against: facts), PlanChanges(servicesToStart: ["glance-api"], servicesToEnable: ["glance-api"]))
        facts.services = [:]
        XCTAssertEqual(try plan().changes(against: facts), PlanChanges(servicesToStart: ["glance-api"], servicesToEnable: ["glance-api"]))
        // Started, not restarted, even when its file changed too.
        facts.files[apiConf]?.content = "[DEFAULT]\n"
        XCTAssertEqual(try plan().changes(against: facts).servicesToRestart, [])
    }

    func testPinnedAbsentAndStoppedServices() {
        let plan = HostPlan(host: "h", packages: [
            PackageRequirement(name: "glance-api", ensure: .version("2:25.1.0-2+deb12u5")),
            PackageRequirement(name: "glance-registry", ensure: .absent),
            PackageRequirement(name: "python3-ceph", ensure: .latest),
        ], services: [ServiceSpec(name: "glance-registry", running: false, enabled: false),
                      ServiceSpec(name: "glance-api", restartedBy: ["glance-api"])],
        oneShots: [OneShotCommand(id: "always", command: "true"), OneShotCommand(id: "never", command: "true", triggeredBy: ["x"])])
        let facts = HostFacts(packages: ["glance-api": "2:25.1.0-2+deb12u4", "glance-registry": "1", "python3-ceph": "16"],
                              services: ["glance-registry": ServiceState(running: true, enabled: true),
                                         "glance-api": ServiceState(running: true, enabled: true)])
        XCTAssertEqual(plan.changes(against: facts), PlanChanges(
            packagesToInstall: [PackageRequirement(name: "glance-api", ensure: .version("2:25.1.0-2+deb12u5"))],
            packagesToRemove: ["glance-registry"], servicesToRestart: ["glance-api"],
            servicesToStop: ["glance-registry"], servicesToDisable: ["glance-registry"], oneShots: ["always"]))
    }
}
