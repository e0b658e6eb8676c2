import Foundation
import Inventory
import Playbook
import XCTest

/// The playbooks shipped in playbooks/: they load, and render what the tutorial exercises ask.
final class ExamplePlaybookTests: XCTestCase {
    private func render(_ relativePath: String, host: InventoryHost = Sample.host) throws -> [RoleOutput] {
        let path = Snapshot.repositoryRoot.appendingPathComponent(relativePath).path
        let playbook = try Playbook.load(path: path, secrets: Sample.secrets)
        return try playbook.render(host: host, release: .debian12Zed, includes: { $0.hosts == "controllers" })
    }

    private func values(_ outputs: [RoleOutput], file: String, section: String) -> [String: String] {
        var values: [String: String] = [:]
        for setting in outputs.flatMap(\.settings) where setting.file == file && setting.section == section {
            if case .set(let value) = setting.value { values[setting.key] = setting.isSecret ? "<secret>" : value }
        }
        return values
    }

    func testSwiftStoreExercise() throws {
        let outputs = try render("playbooks/examples/exercise-swift-store.yml")
        XCTAssertEqual(values(outputs, file: "/etc/glance/glance-api.conf", section: "DEFAULT")["enabled_backends"],
                       "swift:swift")
        XCTAssertEqual(values(outputs, file: "/etc/glance/glance-api.conf", section: "glance_store")["default_backend"],
                       "swift")
        XCTAssertEqual(values(outputs, file: "/etc/glance/glance-api.conf", section: "swift"), [
            "swift_store_config_file": "/etc/glance/glance-swift.conf",
            "default_swift_reference": "ref1",
            "swift_store_container": "glance",
            "swift_store_create_container_on_put": "True",
            "swift_store_large_object_size": "5120",
            "swift_store_endpoint_type": "internalURL",
        ])
        XCTAssertEqual(values(outputs, file: "/etc/glance/glance-swift.conf", section: "ref1"), [
            "user": "services:glance",
            "key": "<secret>",
            "auth_address": "http://keystone.example.net:5000/v3",
            "auth_version": "3",
            "user_domain_id": "default",
            "project_domain_id": "default",
        ])
        XCTAssertEqual(outputs.flatMap(\.warnings), [])
        Snapshot.assert(Snapshot.text(outputs), named: "exercise-swift-store")
    }

    func testTokenCacheExercise() throws {
        let outputs = try render("playbooks/examples/exercise-token-cache.yml")
        XCTAssertEqual(values(outputs, file: "/etc/glance/glance-api.conf", section: "keystone_authtoken")["token_cache_time"],
                       "300")
        Snapshot.assert(Snapshot.text(outputs), named: "exercise-token-cache")
    }

    func testSitePlaybook() throws {
        let outputs = try render("playbooks/site.yml")
        XCTAssertEqual(outputs.map(\.role), [
            "glance", "glance::api", "glance::api::authtoken", "glance::api::logging",
            "glance::backend::multistore::rbd", "glance::notify::rabbitmq", "glance::cache::pruner",
            "glance::keystone::auth",
        ])
        XCTAssertEqual(outputs.flatMap(\.warnings), [])
        Snapshot.assert(Snapshot.text(outputs), named: "site-controller")
    }

    func testSitePlaybookDatabasePlay() throws {
        let path = Snapshot.repositoryRoot.appendingPathComponent("playbooks/site.yml").path
        let playbook = try Playbook.load(path: path, secrets: Sample.secrets)
        let outputs = try playbook.render(host: InventoryHost(name: "db1"), release: .debian12Zed,
                                          includes: { $0.hosts == "databases" })
        XCTAssertEqual(outputs.map(\.role), ["glance::db::mysql"])
        XCTAssertEqual(outputs.first?.oneShots.map(\.id), ["glance-db-mysql"])
    }

    func testCatalogCoversTheReferenceClasses() {
        XCTAssertEqual(RoleCatalog.names, [
            "glance", "glance::api", "glance::api::db", "glance::api::authtoken", "glance::api::logging",
            "glance::cache::logging", "glance::policy", "glance::registry", "glance::notify::rabbitmq",
            "glance::backend::file", "glance::backend::multistore::file",
            "glance::backend::rbd", "glance::backend::multistore::rbd",
            "glance::backend::swift", "glance::backend::multistore::swift",
            "glance::backend::cinder", "glance::backend::multistore::cinder",
            "glance::backend::vsphere", "glance::backend::multistore::vsphere",
            "glance::backend::multistore::http", "glance::backend::multistore::s3",
            "glance::backend::reserved::staging", "glance::backend::reserved::tasks",
            "glance::db::mysql", "glance::db::postgresql", "glance::db::sync", "glance::db::metadefs", "glance::keystone::auth", "glance::cache::cleaner", "glance::cache::pruner",
            "glance::cron::db_purge", "glance::cron::db_purge_images_table",
            "glance::config", "glance::wsgi::uwsgi", "glance::wsgi", "glance::wsgi::apache",
            "glance::healthcheck", "glance::cors", "glance::limit",
            "glance::key_manager", "glance::key_manager::barbican", "glance::key_manager::barbican::service_user",
            "glance::import_filtering_opts", "glance::os_brick",
            "glance::property_protection", "glance::reports", "glance::client",
        ])
    }
}
