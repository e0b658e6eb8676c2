import Playbook
import XCTest

/// glance::api::db next to glance::api, which includes it in puppet-glance: one [database]
/// section, defaults giving way to given values, two given values that differ refused.
final class GlanceAPIDBTests: XCTestCase {
    private func database(_ outputs: [RoleOutput]) -> [String] {
        outputs.flatMap { output in
            output.settings.filter { $0.section == "database" }.compactMap { setting -> String? in
                guard case .set(let value) = setting.value else { return nil }
                return "\(output.role) \(setting.key) = \(setting.isSecret ? "<secret>" : value)"
            }
        }
    }

    func testTwoRolesGivingDifferentConnectionsConflict() {
        XCTAssertEqual(Sample.error { try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance" }
                glance::api::db: { database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db2/glance" }
            """) }, "site.yml:4:5: role 'glance::api::db' sets [database] connection in /etc/glance/glance-api.conf, "
                + "which role 'glance::api' already sets to another value")
    }

    /// puppet's pick(): glance::api::db's own defaults (sqlite, unset keys) give way.
    func testDefaultsGiveWayToWhatGlanceAPIWasGiven() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api:
                  database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance"
                  database_max_retries: -1
                glance::api::db: { database_max_pool_size: 20 }
            """)
        XCTAssertEqual(database(outputs), [
            "glance::api connection = <secret>", "glance::api max_retries = -1", "glance::api::db max_pool_size = 20",
        ])
        XCTAssertEqual(outputs.flatMap(\.packages).filter { $0.name.hasPrefix("python3-pymysql") }.count, 1)
        XCTAssertEqual(outputs.first?.oneShots.first { $0.id == "glance-db-sync" }?.onceAcrossHosts, true)
    }

    func testTheSameValueInBothRolesIsWrittenOnce() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { database_connection_recycle_time: 3600 }
                glance::api::db: { database_connection_recycle_time: 3600 }
            """)
        XCTAssertEqual(database(outputs), [
            "glance::api connection_recycle_time = 3600", "glance::api::db connection = <secret>",
        ])
    }

    /// db_sync runs once for a shared database, which the glance::api::db role names here.
    func testDBSyncReadsTheConnectionOfTheDBRole() throws {
        let sync = { (yaml: String) in
            try Sample.render(yaml).flatMap(\.oneShots).first { $0.id == "glance-db-sync" }?.onceAcrossHosts
        }
        XCTAssertEqual(try sync("""
            - hosts: controllers
              roles:
                glance::api:
                glance::api::db: { database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance" }
            """), true)
        XCTAssertEqual(try sync("- hosts: controllers\n  roles:\n    glance::api:\n    glance::api::db:\n"), false)
    }

    func testUnsupportedSchemeIsRefusedWithoutShowingTheURL() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api::db: { database_connection: "oracle://glance:{{ secret.glance_db }}@db1/glance" }
            """) }, "site.yml:3:45: 'database_connection' must be a URL starting with mysql+pymysql://, mysql://, "
                + "postgresql://, postgresql+psycopg2://, sqlite://")
    }

    func testRemovedDatabaseParameters() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api::db: { database_idle_timeout: 600, database_min_pool_size: 1 }
            """)
        XCTAssertEqual(database(outputs), ["glance::api::db connection_recycle_time = 600",
                                           "glance::api::db connection = <secret>"])
        XCTAssertEqual(outputs.flatMap(\.warnings), [
            "site.yml:3:24: glance::api::db: 'database_idle_timeout' was renamed connection_recycle_time (oslo.db "
                + "4.26, Queens; the old key is ignored since Xena); written as [database] connection_recycle_time",
            "site.yml:3:52: glance::api::db: 'database_min_pool_size' is ignored: oslo.db deprecated min_pool_size in "
                + "Ussuri and puppet-oslo removed it in Zed",
        ])
    }
}
