@testable import Planner
import Basics
import Playbook
import XCTest

final class OptionValidationTests: XCTestCase {
    private func plan(_ role: String, _ settings: [ConfigSetting], facts: HostFacts = HostFacts()) throws -> HostPlan {
        try Planner.plan(host: "h", outputs: [RoleOutput(role: role, settings: settings)], facts: facts)
    }

    private func set(_ file: String, _ section: String, _ key: String, _ value: String = "x") -> ConfigSetting {
        ConfigSetting(file: file, section: section, key: key, value: .set(value))
    }

    private func assertRefused(_ role: String, _ settings: [ConfigSetting], _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try plan(role, settings), file: file, line: line) { error in
            XCTAssertEqual(error as? UserError, UserError(message), file: file, line: line)
        }
    }

    func testRealOptionsAreAccepted() throws {
        let result = try plan("glance::api", [
            set(apiConf, "keystone_authtoken", "token_cache_time", "300"),
            set(apiConf, "keystone_authtoken", "password"),
            set(apiConf, "DEFAULT", "transport_url"),
            set(apiConf, "oslo_messaging_notifications", "driver"),
            set(apiConf, "glance_store", "default_store", "file"),
            set(cacheConf, "DEFAULT", "image_cache_dir", "/var/lib/glance/image-cache"),
            set(swiftConf, "ref1", "auth_address"),
            set(pasteIni, "anything", "goes"),
        ])
        XCTAssertEqual(result.warnings, [])
    }

    func testEveryActiveKeyOfThePackagedFilesIsKnown() throws {
        for (name, count) in [("glance-api.conf", 10), ("glance-cache.conf", 0), ("glance-swift.conf", 10)] {
            let document = INIDocument(parsing: try FixtureFiles.packaged(name))
            XCTAssertEqual(document.activeKeys.count, count, name)
            for key in document.activeKeys {
                XCTAssertEqual(GlanceOptions.zed.verdict(file: name, section: key.section, key: key.key, backends: [:]),
                               .known, "\(name) \(key)")
            }
        }
    }

    func testTypoIsRefusedWithTheNearestOption() {
        assertRefused("glance::api::authtoken", [set(apiConf, "keystone_authtoken", "token_cache_tme", "300")],
                      "unknown option 'token_cache_tme' in [keystone_authtoken] of glance-api.conf (Glance 25) (did you mean 'token_cache_time'?)")
        assertRefused("glance::api", [set(cacheConf, "DEFAULT", "image_cache_max_sise")],
                      "unknown option 'image_cache_max_sise' in [DEFAULT] of glance-cache.conf (Glance 25) (did you mean 'image_cache_max_size'?)")
        assertRefused("glance::backend::swift", [set(swiftConf, "ref1", "usr")],
                      "unknown option 'usr' in [ref1] of glance-swift.conf (Glance 25) (did you mean 'user'?)")
        assertRefused("glance::api", [set(apiConf, "keystone_authtokn", "token_cache_time")],
                      "unknown section [keystone_authtokn] of glance-api.conf for option 'token_cache_time' (Glance 25) (did you mean 'keystone_authtoken'?)")
        assertRefused("glance::api", [set(apiConf, "DEFAULT", "zzzzzzzzzzzz")],
                      "unknown option 'zzzzzzzzzzzz' in [DEFAULT] of glance-api.conf (Glance 25)")
    }

    func testStoreSectionsTakeTheirStoreTypesOptions() throws {
        let backends = set(apiConf, "DEFAULT", "enabled_backends", "fast:file, ceph1:rbd")
        let good = [backends,
                    set(apiConf, "glance_store", "default_backend", "ceph1"),
                    set(apiConf, "ceph1", "rbd_store_pool", "images"),
                    set(apiConf, "ceph1", "store_description", "Ceph"),
                    set(apiConf, "fast", "filesystem_store_datadir", "/srv/images"),
                    set(apiConf, "os_glance_staging_store", "filesystem_store_datadir", "/var/lib/glance/staging"),
                    set(cacheConf, "fast", "filesystem_store_datadir", "/srv/images")]
        XCTAssertEqual(try plan("glance::api", good).warnings, [])
        assertRefused("glance::api", [backends, set(apiConf, "ceph1", "rbd_store_pol")],
                      "unknown option 'rbd_store_pol' in [ceph1] of glance-api.conf (Glance 25) (did you mean 'rbd_store_pool'?)")
        assertRefused("glance::api", [backends, set(apiConf, "fast", "rbd_store_pool")],
                      "unknown option 'rbd_store_pool' in [fast] of glance-api.conf (Glance 25)")
        assertRefused("glance::api", [backends, set(apiConf, "ceph2", "rbd_store_pool")],
                      "unknown section [ceph2] of glance-api.conf for option 'rbd_store_pool' (Glance 25) (did you mean 'ceph1'?)")
        assertRefused("glance::api", [set(apiConf, "DEFAULT", "enabled_backends", "ceph1:rdb")],
                      "unknown store type 'rdb' for backend 'ceph1' in enabled_backends (did you mean 'rbd'?)")
    }

    func testEnabledBackendsAreReadFromTheHostWhenNoRoleSetsThem() throws {
        let facts = HostFacts(files: [apiConf: FileFact(content: "[DEFAULT]\nenabled_backends = ceph1:rbd\n")])
        XCTAssertNoThrow(try plan("glance::backend::multistore::rbd", [set(apiConf, "ceph1", "rbd_store_user", "glance")], facts: facts))
        XCTAssertThrowsError(try plan("glance::backend::multistore::rbd", [set(apiConf, "ceph1", "rbd_store_user", "glance")]))
    }

    func testFreeFormRoleOnlyWarns() throws {
        let result = try plan("glance::config", [set(apiConf, "keystone_authtoken", "token_cache_tme", "300"),
                                                 set(apiConf, "my_section", "my_key")])
        XCTAssertEqual(result.warnings, [
            "glance::config: unknown option 'token_cache_tme' in [keystone_authtoken] of glance-api.conf (Glance 25) (did you mean 'token_cache_time'?); written anyway",
            "glance::config: unknown section [my_section] of glance-api.conf for option 'my_key' (Glance 25); written anyway",
        ])
        XCTAssertEqual(result.files[0].content, "[keystone_authtoken]\ntoken_cache_tme = 300\n\n[my_section]\nmy_key = x\n")
    }

    func testDeprecatedNamesWarnAndRemovalsAreNotChecked() throws {
        let result = try plan("glance::notify::rabbitmq", [
            set(apiConf, "DEFAULT", "notification_driver", "messagingv2"),
            ConfigSetting(file: apiConf, section: "DEFAULT", key: "verbose", value: .absent),
        ])
        XCTAssertEqual(result.warnings, [
            "glance::notify::rabbitmq: deprecated option 'notification_driver' in [DEFAULT] of glance-api.conf; "
                + "Glance 25 reads it as [oslo_messaging_notifications] driver",
        ])
    }

    func testOtherReleasesAreNotChecked() throws {
        var facts = HostFacts()
        facts.release.glanceMajor = 20
        let result = try plan("glance::api", [set(apiConf, "DEFAULT", "registry_host")], facts: facts)
        XCTAssertEqual(result.warnings, ["options not checked: glance-push has the option lists of Glance 25 and 30, the host runs Glance 20"])
    }

    func testOsloSecretOptionsAreMaskedEvenWhenTheRoleDidNotSaySo() throws {
        let facts = HostFacts(files: [apiConf: FileFact(content: "[database]\nconnection = mysql://glance:old@db/glance\n")])
        let result = try plan("glance::api::db", [set(apiConf, "database", "connection", "mysql://glance:new@db/glance")], facts: facts)
        XCTAssertEqual(result.files[0].secrets, ["mysql://glance:new@db/glance", "mysql://glance:old@db/glance"])
    }
}

extension OptionValidationTests {
    func testSectionNamesFollowOsloCaseRules() throws {
        // oslo.config lower-cases group names (except DEFAULT), so [Keystone_AuthToken] is read.
        XCTAssertEqual(try plan("glance::api", [set(apiConf, "Keystone_AuthToken", "token_cache_time", "300")]).warnings, [])
        assertRefused("glance::api", [set(apiConf, "default", "bind_host")],
                      "unknown section [default] of glance-api.conf for option 'bind_host' (Glance 25) (did you mean 'DEFAULT'?)")
    }
}
