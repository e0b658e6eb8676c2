import Basics
import Inventory
import Planner
import Playbook
import XCTest

/// Every key the roles added for issue 16 write, checked against each release's Glance options:
/// what a release lacks is exactly what it should refuse.
final class NewRoleOptionTests: XCTestCase {
    private static let playbook = """
        - hosts: controllers
          roles:
            glance::api:
              enabled_backends: ["http:http", "s3:s3", "vc:vmware", "local:file"]
              default_backend: local
            glance::backend::multistore::file: { id: local }
            glance::backend::multistore::http: { https_insecure: true, http_proxy_information: "http:10.0.0.1:3128" }
            glance::backend::multistore::s3:
              { s3_store_host: host, s3_store_access_key: a, s3_store_secret_key: s, s3_store_bucket: b, s3_store_thread_pools: 11 }
            glance::backend::multistore::vsphere:
              { id: vc, vmware_server_host: 10.0.0.1, vmware_server_username: root, vmware_server_password: p,
                vmware_store_image_dir: /glance, vmware_datastores: "dc:ds", store_description: vc }
            glance::backend::reserved::staging: { filesystem_store_datadir: /var/lib/glance/staging, filesystem_thin_provisioning: true }
            glance::backend::reserved::tasks: { filesystem_store_datadir: /var/lib/glance/tasks, filesystem_store_chunk_size: 65536 }
            glance::healthcheck: { detailed: true, backends: [disable_by_file], disable_by_file_path: /etc/glance/hc }
            glance::cors: { allowed_origin: "*", max_age: 3600, allow_credentials: true }
            glance::limit: { endpoint_id: b41e, password: x, system_scope: all, valid_interfaces: public }
            glance::key_manager: { backend: barbican }
            glance::key_manager::barbican: { barbican_endpoint: "http://localhost:9311/", send_service_user_token: true }
            glance::key_manager::barbican::service_user: { password: x, insecure: false, cafile: /etc/ssl/ca.pem }
            glance::import_filtering_opts: { allowed_schemes: [http, https], allowed_ports: [80, 443] }
            glance::os_brick: { lock_path: /var/lib/glance/lock }
        """

    private func readiness(_ yaml: String, _ release: TargetRelease) throws -> [String] {
        let playbook = try Playbook.parse(yaml, file: "site.yml", secrets: Secrets([:]))
        let outputs = try playbook.render(host: InventoryHost(name: "ctl01", vars: ["ansible_host": "10.0.0.11"]), release: release, includes: { _ in true })
        return try Planner.readiness(outputs: outputs, release: release).filter { $0.hasPrefix("must change:") }
    }

    func testTheNewRolesWriteOnlyOptionsBothReleasesDefine() throws {
        for release in TargetRelease.supported {
            XCTAssertEqual(try readiness(Self.playbook, release), [], "Glance \(release.glanceMajor)")
        }
    }

    /// [<swift store>] store_description: glance_store registers it on every backend group (see
    /// GlanceOptions.unlistedStoreOptions), so neither release refuses it.
    func testSwiftStoreDescriptionIsAnOptionOfBothReleases() throws {
        let swift = """
            - hosts: controllers
              roles:
                glance::api: { enabled_backends: ["swift:swift"], default_backend: swift }
                glance::backend::multistore::swift: { swift_store_user: "services:glance", swift_store_key: k, store_description: My swift store }
            """
        for release in TargetRelease.supported {
            XCTAssertEqual(try readiness(swift, release), [], "Glance \(release.glanceMajor)")
        }
    }

    /// Keys puppet writes that Glance does not read, and puppet-glance 2025.1's new parameters on Glance 25.
    func testWhatAReleaseLacksIsRefused() throws {
        let serviceUser = """
            - hosts: controllers
              roles:
                glance::key_manager::barbican::service_user: { password: x, auth_version: v3, region_name: r1 }
            """
        for release in TargetRelease.supported {
            XCTAssertEqual(try readiness(serviceUser, release), [
                "must change: unknown option 'auth_version' in [barbican_service_user] of glance-api.conf (Glance \(release.glanceMajor)) (did you mean 'auth_section'?)",
                "must change: unknown option 'region_name' in [barbican_service_user] of glance-api.conf (Glance \(release.glanceMajor))",
            ])
        }
        let new = """
            - hosts: controllers
              roles:
                glance::healthcheck: { allowed_source_ranges: [10.0.0.0/24], enable_by_file_paths: [/etc/glance/on] }
                glance::os_brick: { wait_mpath_device_attempts: 4 }
            """
        XCTAssertEqual(try readiness(new, .debian13Epoxy), [])
        let onZed = try readiness(new, .debian12Zed)
        XCTAssertEqual(onZed.count, 4, "\(onZed)")
        XCTAssertTrue(onZed.contains(
            "must change: unknown option 'wait_mpath_device_attempts' in [os_brick] of glance-cache.conf (Glance 25; new in Glance 30)"))
    }
}
