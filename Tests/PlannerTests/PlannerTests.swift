import Basics
import Foundation
@testable import Planner
import Playbook
import XCTest

let apiConf = "/etc/glance/glance-api.conf"
let cacheConf = "/etc/glance/glance-cache.conf"
let swiftConf = "/etc/glance/glance-swift.conf"
let pasteIni = "/etc/glance/glance-api-paste.ini"
let policyYAML = "/etc/glance/policy.yaml"

/// A small but complete set of role outputs, as the Playbook target would yield them.
func sampleOutputs() -> [RoleOutput] {
    [
        RoleOutput(
            role: "glance::api",
            settings: [
                ConfigSetting(file: apiConf, section: "DEFAULT", key: "bind_host", value: .set("127.0.0.11")),
                ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "region_name", value: .absent),
            ],
            packages: [PackageRequirement(name: "glance-api", restarts: ["glance-api"])],
            services: [ServiceSpec(name: "glance-api", restartedBy: [apiConf],
                                   health: HealthCheck(url: "http://127.0.0.11:9292/versions"))],
            oneShots: [OneShotCommand(id: "db_sync", command: "glance-manage db_sync", user: "glance",
                                      onceAcrossHosts: true, triggeredBy: [apiConf, "glance-api"])],
            warnings: ["parameter 'verbose' was removed in Pike; ignored"]),
        RoleOutput(
            role: "glance::api::authtoken",
            settings: [
                ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "password",
                              value: .set("pw-s3cret"), isSecret: true),
                ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "token_cache_time", value: .set("300")),
            ]),
    ]
}

final class PlannerTests: XCTestCase {
    func testMissingFileStartsFromThePackagedTemplate() throws {
        let template = try FixtureFiles.packaged("glance-api.conf")
        let plan = try Planner.plan(host: "ctl01", outputs: sampleOutputs(), facts: HostFacts(templates: [apiConf: template]))
        var expected = INIDocument(parsing: template)
        try expected.set(section: "DEFAULT", key: "bind_host", value: "127.0.0.11")
        expected.remove(section: "keystone_authtoken", key: "region_name")
        try expected.set(section: "keystone_authtoken", key: "password", value: "pw-s3cret")
        try expected.set(section: "keystone_authtoken", key: "token_cache_time", value: "300")
        XCTAssertEqual(plan.files, [PlannedFile(path: apiConf, content: expected.text, owner: "root", group: "glance",
                                                mode: 0o640, secrets: ["pw-s3cret"], secretSettings: [planPassword])])
        XCTAssertEqual(plan.host, "ctl01")
        XCTAssertEqual(plan.warnings, ["glance::api: parameter 'verbose' was removed in Pike; ignored"])
    }

    func testExistingFileIsEditedAndItsOwnerAndModeCorrected() throws {
        let current = FileFact(content: "[DEFAULT]\nworkers = 4\n\n[keystone_authtoken]\npassword = old-pw\nregion_name = r\n",
                               owner: "glance", group: "glance", mode: 0o644)
        let plan = try Planner.plan(host: "ctl01", outputs: sampleOutputs(),
                                    facts: HostFacts(files: [apiConf: current], templates: [apiConf: "ignored"]))
        XCTAssertEqual(plan.files, [PlannedFile(
            path: apiConf,
            content: "[DEFAULT]\nworkers = 4\nbind_host = 127.0.0.11\n\n[keystone_authtoken]\npassword = pw-s3cret\ntoken_cache_time = 300\n",
            owner: "root", group: "glance", mode: 0o640, secrets: ["old-pw", "pw-s3cret"], secretSettings: [planPassword])])
    }

    /// The sample's secret setting, secret as a whole (the role named no secret inside it).
    private let planPassword = SecretSetting(section: "keystone_authtoken", key: "password", plannedValues: ["pw-s3cret"],
                                             maskedValues: [nil])

    func testFileWithoutTemplateStartsEmpty() throws {
        let outputs = [RoleOutput(role: "glance::api", settings: [
            ConfigSetting(file: pasteIni, section: "pipeline:glance-api-keystone", key: "pipeline", value: .set("cors authtoken rootapp")),
        ])]
        let plan = try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())
        XCTAssertEqual(plan.files.map(\.content), ["[pipeline:glance-api-keystone]\npipeline = cors authtoken rootapp\n"])
    }

    func testSameKeyFromTwoRolesMustAgree() throws {
        var outputs = sampleOutputs()
        outputs.append(RoleOutput(role: "glance::config", settings: [
            ConfigSetting(file: apiConf, section: "DEFAULT", key: "bind_host", value: .set("127.0.0.11")),
        ]))
        XCTAssertNoThrow(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts()))

        outputs[2].settings[0].value = .set("0.0.0.0")
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "conflicting values for [DEFAULT] bind_host in /etc/glance/glance-api.conf: role 'glance::api' and "
                    + "role 'glance::config' set it differently ('127.0.0.11' vs '0.0.0.0')"))
        }
        outputs[2].settings = [ConfigSetting(file: apiConf, section: "keystone_authtoken", key: "password", value: .set("other"))]
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "conflicting values for [keystone_authtoken] password in /etc/glance/glance-api.conf: role "
                    + "'glance::api::authtoken' and role 'glance::config' set it differently"))
        }
    }

    func testPurgedFileKeepsOnlyManagedKeys() throws {
        var outputs = sampleOutputs()
        outputs[0].purgedFiles = [apiConf, cacheConf]
        let templates = [apiConf: try FixtureFiles.packaged("glance-api.conf"),
                         cacheConf: "[DEFAULT]\n# comment\nimage_cache_dir = /x\n"]
        let plan = try Planner.plan(host: "h", outputs: outputs, facts: HostFacts(templates: templates))
        XCTAssertEqual(plan.files.map(\.path), [apiConf, cacheConf])
        XCTAssertEqual(INIDocument(parsing: plan.files[0].content).activeKeys.map(\.description), [
            "[DEFAULT] bind_host", "[keystone_authtoken] password", "[keystone_authtoken] token_cache_time",
        ])
        XCTAssertEqual(plan.files[1].content, "[DEFAULT]\n# comment\n")
    }

    func testWholeFilesAreVerbatimAndSecretOnesAre0640() throws {
        let outputs = [
            RoleOutput(role: "glance::policy", wholeFiles: [
                WholeFile(path: policyYAML, content: "\"admin\": \"role:admin\"\n", owner: "root", group: "glance", mode: 0o644),
            ]),
            RoleOutput(role: "glance::cache::cleaner", wholeFiles: [
                WholeFile(path: "/etc/glance/creds", content: "password: abc\n", owner: "glance", group: "glance",
                          mode: 0o644, isSecret: true),
            ]),
        ]
        let plan = try Planner.plan(host: "h", outputs: outputs, facts: HostFacts(files: [
            "/etc/glance/creds": FileFact(content: "password: old\n"),
        ]))
        XCTAssertEqual(plan.files, [
            PlannedFile(path: "/etc/glance/creds", content: "password: abc\n", owner: "glance", group: "glance",
                        mode: 0o640, secrets: ["password: abc", "password: old"], isSecret: true),
            PlannedFile(path: policyYAML, content: "\"admin\": \"role:admin\"\n", owner: "root", group: "glance", mode: 0o644),
        ])
    }

    func testWholeFileConflicts() {
        let whole = RoleOutput(role: "glance::policy", wholeFiles: [WholeFile(path: apiConf, content: "x\n")])
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: sampleOutputs() + [whole], facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "/etc/glance/glance-api.conf is rendered whole by role 'glance::policy' and also edited key by key"))
        }
        let other = RoleOutput(role: "glance::other", wholeFiles: [WholeFile(path: apiConf, content: "y\n")])
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: [whole, other], facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "/etc/glance/glance-api.conf is rendered differently by role 'glance::policy' and role 'glance::other'"))
        }
    }

    func testPackagesAreDeduplicatedAndConflictsRefused() throws {
        var outputs = sampleOutputs()
        outputs.append(RoleOutput(role: "glance::backend::rbd", packages: [
            PackageRequirement(name: "python3-ceph"), PackageRequirement(name: "glance-api", ensure: .latest),
        ]))
        let plan = try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())
        XCTAssertEqual(plan.packages, [PackageRequirement(name: "glance-api", ensure: .latest, restarts: ["glance-api"]),
                                       PackageRequirement(name: "python3-ceph")])

        outputs.append(RoleOutput(role: "glance::client", packages: [PackageRequirement(name: "python3-ceph", ensure: .absent)]))
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "package 'python3-ceph': role 'glance::backend::rbd' wants present, role 'glance::client' wants absent"))
        }
    }

    func testServicesAreMergedWithWhatFeedsThem() throws {
        var outputs = sampleOutputs()
        outputs.append(RoleOutput(role: "glance::policy", services: [ServiceSpec(name: "glance-api", restartedBy: [policyYAML])]))
        let plan = try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())
        XCTAssertEqual(plan.services, [ServiceSpec(name: "glance-api", restartedBy: [apiConf, policyYAML, "glance-api"],
                                                   health: HealthCheck(url: "http://127.0.0.11:9292/versions"))])
        XCTAssertEqual(plan.oneShots.map(\.id), ["db_sync"])

        outputs.append(RoleOutput(role: "glance::wsgi::apache", services: [ServiceSpec(name: "glance-api", running: false, enabled: false)]))
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "service 'glance-api': role 'glance::api' wants it running and enabled, role 'glance::wsgi::apache' wants it stopped and disabled"))
        }
    }

    func testOneShotIdsMustMeanOneCommand() {
        var outputs = sampleOutputs()
        outputs.append(RoleOutput(role: "glance::db::sync", oneShots: [OneShotCommand(id: "db_sync", command: "glance-manage db_sync --x")]))
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "one-shot command 'db_sync' is defined differently by role 'glance::api' and role 'glance::db::sync'"))
        }
    }

    func testValuesThatWouldBreakTheLineAreRefused() {
        var outputs = sampleOutputs()
        outputs[1].settings[0].value = .set("pw\n[DEFAULT]\ndebug = True")
        XCTAssertThrowsError(try Planner.plan(host: "h", outputs: outputs, facts: HostFacts())) { error in
            XCTAssertEqual(error as? UserError, UserError(
                "role 'glance::api::authtoken': the value of [keystone_authtoken] password contains the control "
                    + "character U+000A; a value must fit on one INI line (/etc/glance/glance-api.conf)"))
        }
    }

    func testPlanIsDeterministicAndCodable() throws {
        let facts = HostFacts(templates: [apiConf: try FixtureFiles.packaged("glance-api.conf")])
        let first = try Planner.plan(host: "h", outputs: sampleOutputs(), facts: facts)
        XCTAssertEqual(try Planner.plan(host: "h", outputs: sampleOutputs(), facts: facts), first)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(first)
        XCTAssertEqual(try JSONDecoder().decode(HostPlan.self, from: data), first)
        XCTAssertEqual(try encoder.encode(try Planner.plan(host: "h", outputs: sampleOutputs(), facts: facts)), data)
    }
}
