import Foundation
import Inventory
@testable import Planner
import Playbook
import XCTest

/// Output masks the values of settings that carry a secret, where the secrets went into them, and
/// nothing else: secrets equal to words the files use anyway (`glance`, `api`, `1`) stay unseen
/// without blanking those words.
final class ContentMaskTests: XCTestCase {
    private let wordSecrets = Secrets(["glance_db": "api", "glance_keystone": "glance", "rabbit": "1"])
    private let host = InventoryHost(name: "node1", vars: ["ansible_host": "127.0.0.11"])
    private let playbook = """
        - hosts: controllers
          roles:
            glance::api:
              bind_host: "{{ ansible_host }}"
              workers: 1
              enabled_backends: ["fs:file"]
              default_backend: fs
              database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance"
              api_limit_max: 1000
            glance::api::authtoken:
              password: "{{ secret.glance_keystone }}"
              auth_url: http://keystone.example.net:5000
            glance::notify::rabbitmq:
              default_transport_url: "rabbit://glance:{{ secret.rabbit }}@mq1:5671/"
            glance::backend::multistore::file: { id: fs, filesystem_store_datadir: /var/lib/glance/images }
        """

    private func plan(_ yaml: String? = nil, secrets: Secrets? = nil, facts: HostFacts = HostFacts()) throws -> HostPlan {
        let outputs = try Playbook.parse(yaml ?? playbook, file: "site.yml", secrets: secrets ?? wordSecrets)
            .render(host: host, release: .debian12Zed, includes: { _ in true })
        return try Planner.plan(host: host.name, outputs: outputs, facts: facts)
    }

    private func file(_ plan: HostPlan, _ path: String) throws -> PlannedFile {
        try XCTUnwrap(plan.files.first { $0.path == path })
    }

    func testPlanShowsSectionsPathsAndKeysEqualToShortSecrets() throws {
        let api = try file(plan(), apiConf)
        XCTAssertEqual(ContentMask(api).shown(api.content), Self.shownAPIConf)
    }

    static let shownAPIConf = """
        [DEFAULT]
        bind_host = 127.0.0.11
        bind_port = 9292
        workers = 1
        image_cache_dir = /var/lib/glance/image-cache
        api_limit_max = 1000
        enabled_backends = fs:file
        transport_url = rabbit://glance:<secret>@mq1:5671/

        [oslo_concurrency]
        lock_path = /var/lock/glance

        [paste_deploy]
        flavor = keystone

        [glance_store]
        default_backend = fs

        [oslo_policy]
        policy_file = /etc/glance/policy.yaml

        [database]
        connection = mysql+pymysql://glance:<secret>@db1/glance

        [keystone_authtoken]
        password = <secret>
        username = glance
        project_name = services
        user_domain_name = Default
        project_domain_name = Default
        auth_url = http://keystone.example.net:5000
        www_authenticate_uri = http://127.0.0.1:5000
        auth_type = password

        [fs]
        filesystem_store_datadir = /var/lib/glance/images

        """

    /// Planned values show their secrets masked; values the host has now, which the plan did not
    /// write, are masked whole (with their continuation lines); nothing else is touched.
    func testDiffOfAChangedFileMasksOnlyTheSecretValues() throws {
        let current = """
            [DEFAULT]
            transport_url = rabbit://glance:old-1@mq1:5671/
            [database]
            connection = mysql+pymysql://glance:api@db1/glance
            [glance_store]
            default_backend = glance
            [keystone_authtoken]
            password = glance
              glance-continued
            # password = glance (an old note, not a setting)

            """
        let facts = HostFacts(files: [apiConf: FileFact(content: current)])
        let plan = try plan(facts: facts)
        let api = try file(plan, apiConf)
        let diff = UnifiedDiff.diff(from: current, to: api.content, path: apiConf, mask: ContentMask(api), context: 2)
        XCTAssertEqual(diff, """
            --- a/etc/glance/glance-api.conf
            +++ b/etc/glance/glance-api.conf
            @@ -1,10 +1,34 @@
             [DEFAULT]
            -transport_url = <secret>
            +transport_url = rabbit://glance:<secret>@mq1:5671/
            +bind_host = 127.0.0.11
            +bind_port = 9292
            +workers = 1
            +image_cache_dir = /var/lib/glance/image-cache
            +api_limit_max = 1000
            +enabled_backends = fs:file
             [database]
             connection = mysql+pymysql://glance:<secret>@db1/glance
             [glance_store]
            -default_backend = glance
            +default_backend = fs
             [keystone_authtoken]
             password = <secret>
            -  <secret>
            +username = glance
            +project_name = services
            +user_domain_name = Default
            +project_domain_name = Default
            +auth_url = http://keystone.example.net:5000
            +www_authenticate_uri = http://127.0.0.1:5000
            +auth_type = password
             # password = glance (an old note, not a setting)
            +
            +[oslo_concurrency]
            +lock_path = /var/lock/glance
            +
            +[paste_deploy]
            +flavor = keystone
            +
            +[oslo_policy]
            +policy_file = /etc/glance/policy.yaml
            +
            +[fs]
            +filesystem_store_datadir = /var/lib/glance/images

            """)
        XCTAssertTrue(plan.diff(against: facts).hasPrefix(
            UnifiedDiff.diff(from: current, to: api.content, path: apiConf, host: plan.host, mask: ContentMask(api))))
    }

    /// `plan --json` prints `HostPlan.masked`: contents as shown, no secret value kept.
    func testJSONOfAPlanHoldsNoSecretValue() throws {
        let masked = try plan(secrets: Secrets(["glance_db": "Db-Pa55word-0815", "glance_keystone": "Kst0ne-S3cret-4711",
                                                "rabbit": "Rabb1t-Pa55-9999"])).masked
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(masked), as: UTF8.self)
        for value in ["Db-Pa55word-0815", "Kst0ne-S3cret-4711", "Rabb1t-Pa55-9999"] {
            XCTAssertFalse(json.contains(value), value)
        }
        XCTAssertEqual(try file(masked, apiConf).content, Self.shownAPIConf)
        XCTAssertEqual(masked.files.flatMap(\.secrets), [])
        XCTAssertEqual(masked.files.flatMap(\.secretSettings), [])
    }

    func testWholeSecretFileShowsAsOneSecretLine() throws {
        let file = PlannedFile(path: "/root/.my.cnf", content: "[client]\nuser=glance\npassword=api\n", owner: "root",
                               group: "root", mode: 0o600, isSecret: true)
        XCTAssertEqual(ContentMask(file).shownLines(of: file.content), ["<secret>"])
        XCTAssertEqual(file.masked.content, "<secret>\n")
        XCTAssertEqual(UnifiedDiff.diff(from: "[client]\npassword=old\n", to: file.content, path: file.path,
                                        mask: ContentMask(file)),
                       "--- a/root/.my.cnf\n+++ b/root/.my.cnf\n@@ -1 +1 @@\n-<secret>\n+<secret>\n")
        XCTAssertEqual(UnifiedDiff.diff(from: "", to: file.content, path: file.path, mask: ContentMask(file)),
                       "--- a/root/.my.cnf\n+++ b/root/.my.cnf\n@@ -0,0 +1 @@\n+<secret>\n")
    }

    /// A long secret the playbook also wrote out around the interpolation is masked there too.
    func testASecretTypedInBesideItsReferenceIsMaskedToo() throws {
        let plan = try plan("""
            - hosts: controllers
              roles:
                glance::api:
                  database_connection: "mysql://glance:{{ secret.glance_db }}@db1/glance?note=Db-Pa55word-0815"
            """, secrets: Secrets(["glance_db": "Db-Pa55word-0815"]))
        let api = try file(plan, apiConf)
        XCTAssertTrue(ContentMask(api).shownLines(of: api.content)
            .contains("connection = mysql://glance:<secret>@db1/glance?note=<secret>"))
    }

    /// Free text about a host (a node's error output) loses only the secrets that are long and
    /// not words the plan shows anyway.
    func testFreeTextOfAHostKeepsWordsEqualToSecrets() throws {
        let words = try plan(secrets: Secrets(["glance_db": "glance", "glance_keystone": "password", "rabbit": "1"]))
        let message = "one-shot: glance-db-sync ended with exit status 1: password for glance in /etc/glance/api.conf"
        XCTAssertEqual(SecretMask(freeTextOf: words).apply(message), message)
        let strong = try plan(secrets: Secrets(["glance_db": "Db-Pa55word-0815", "glance_keystone": "api",
                                                "rabbit": "1"]))
        XCTAssertEqual(SecretMask(freeTextOf: strong).apply("Access denied (Db-Pa55word-0815) for api, exit status 1"),
                       "Access denied (<secret>) for api, exit status 1")
    }
}
