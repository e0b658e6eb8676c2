import Playbook
import XCTest

/// glance::db::sync and glance::db::metadefs with the parameters of puppet-glance's
/// spec/classes/glance_db_sync_spec.rb and glance_db_metadefs_spec.rb (zed-eol): the command, the
/// user and db_sync's timeout those specs expect. Deliberate differences: without extra_params
/// glance-push names glance-api.conf (`--config-file`) where puppet's command has two blanks and
/// glance-manage's default files; puppet's tries 10 / try_sleep 5 are not repeated.
final class DBSyncSpecTests: XCTestCase {
    private func oneShots(_ roles: String) throws -> [OneShotCommand] {
        try Sample.render(PuppetSpec.playbook(roles)).flatMap(\.oneShots)
    }

    func testDBSyncDefaultsAsPuppetsSpec() throws {
        let sync = try XCTUnwrap(try oneShots("glance::db::sync: {}").first)
        XCTAssertEqual(sync, OneShotCommand(id: "glance-db-sync", command: "glance-manage --config-file /etc/glance/glance-api.conf db_sync",
                                            user: "glance", triggeredBy: ["/etc/glance/glance-api.conf", "glance-api"], timeout: 300))
    }

    func testDBSyncExtraParamsAndTimeoutAsPuppetsSpec() throws {
        let sync = try XCTUnwrap(try oneShots("""
            glance::db::sync:
              extra_params: --config-file /etc/glance/glance.conf
              db_sync_timeout: 750
            """).first)
        XCTAssertEqual(sync.command, "glance-manage --config-file /etc/glance/glance.conf db_sync")
        XCTAssertEqual(sync.user, "glance")
        XCTAssertEqual(sync.timeout, 750)
    }

    func testMetadefsAsPuppetsSpec() throws {
        XCTAssertEqual(try oneShots("glance::db::metadefs: {}").map(\.command),
                       ["glance-manage --config-file /etc/glance/glance-api.conf db_load_metadefs"])
        let given = try oneShots("glance::db::metadefs:\n  extra_params: --config-file /etc/glance/glance.conf")
        XCTAssertEqual(given.map(\.command), ["glance-manage --config-file /etc/glance/glance.conf db_load_metadefs"])
        XCTAssertEqual(given.map(\.user), ["glance"])
        XCTAssertEqual(given.map(\.timeout), [nil])
    }

    /// glance::api's `sync_db` includes both classes; the play's roles give their parameters to
    /// those one-shots, so each runs once, and in glance::api's order (db_sync first).
    func testGlanceAPIUsesThePlaysSyncRoles() throws {
        let implicit = try oneShots("glance::api: {}")
        XCTAssertEqual(implicit.map(\.id), ["glance-db-sync", "glance-db-load-metadefs"])
        XCTAssertEqual(implicit.map(\.timeout), [300, nil])
        let given = try oneShots("""
            glance::api: {}
            glance::db::metadefs:
              extra_params: --debug
            glance::db::sync:
              db_sync_timeout: 60
            """)
        XCTAssertEqual(given.map(\.id), ["glance-db-load-metadefs", "glance-db-sync"])
        XCTAssertEqual(given.map(\.command), ["glance-manage --debug db_load_metadefs",
                                              "glance-manage --config-file /etc/glance/glance-api.conf db_sync"])
        XCTAssertEqual(given.last?.timeout, 60)
    }

    /// A shared database (glance::api's connection) is migrated on one host per deploy.
    func testASharedDatabaseIsMigratedOnce() throws {
        let shots = try oneShots("""
            glance::api:
              database_connection: mysql+pymysql://glance:pw@db/glance
            glance::db::sync: {}
            glance::db::metadefs: {}
            """)
        XCTAssertEqual(shots.map(\.onceAcrossHosts), [true, true])
        XCTAssertEqual(try oneShots("glance::db::sync: {}").map(\.onceAcrossHosts), [false])
    }

    func testShellCharactersAndBadTimeoutsAreRefused() {
        let message = Sample.error { try Sample.playbook(PuppetSpec.playbook("glance::db::sync:\n  extra_params: --x; rm -rf /")) }
        XCTAssertEqual(message, "site.yml:4:21: extra_params may hold only glance-manage options (letters, digits, blanks "
            + "and _./=:,@+-), not ';': it is run through a shell as the glance user")
        XCTAssertTrue(Sample.error { try Sample.playbook(PuppetSpec.playbook("glance::db::sync:\n  db_sync_timeout: 0")) }
            .contains("db_sync_timeout"))
        XCTAssertTrue(Sample.error { try Sample.playbook(PuppetSpec.playbook("glance::db::metadefs:\n  db_sync_timeout: 5")) }
            .contains("db_sync_timeout"))
    }
}
