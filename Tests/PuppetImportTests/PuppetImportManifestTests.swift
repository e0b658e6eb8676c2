import Playbook
import PuppetImport
import XCTest
import Yams

/// Values, node blocks and skipped resources: golden playbooks plus the exact warnings.
final class PuppetImportManifestTests: XCTestCase {
    private func importFixture(_ name: String) throws -> PuppetImportResult {
        let result = try PuppetImportFixture.importing(try PuppetImportFixture.text("\(name).pp"), file: "\(name).pp")
        try PuppetImportFixture.assertGolden(result.yaml, "\(name).expected.yml")
        XCTAssertNotNil(try Yams.load(yaml: result.yaml) as? [[String: Any]], "not a list of plays")
        return result
    }

    func testValuesNestedHashesArraysCommentsAndVariables() throws {
        let result = try importFixture("values")
        XCTAssertEqual(result.warnings.map(\.description), [
            "values.pp:9:29: warning: '$::ipaddress' written as '{{ ansible_host }}', the address glance-push connects to",
            "values.pp:13:29: warning: octal number '0750' written as 488; quote it in the manifest if a string was meant",
            "values.pp:17:37: warning: variable '$staging_dir' is not assigned in this manifest; '$staging_dir' kept as text",
            "values.pp:19:3: warning: 'image_cache_dir' is undef: left out, so the role's default applies",
            "values.pp:41:3: warning: policy 'nested' left out: give it as { key => NAME, value => RULE }",
            "values.pp:47:38: warning: role 'glance::backend::multistore::swift[swift]' needs parameter 'swift_store_user', which the manifest does not give; add it to the playbook, or plan refuses it",
        ])
        XCTAssertEqual(result.secrets.map(\.key), [
            "api_authtoken_password", "notify_rabbitmq_default_transport_url", "notify_rabbitmq_default_transport_url_2",
            "backend_multistore_swift_swift_swift_store_key",
        ])
        XCTAssertFalse(result.yaml.contains("from-a-variable"))
        XCTAssertFalse(result.yaml.contains("other@"))
        XCTAssertFalse(result.yaml.contains("12345"))
    }

    func testValuesReadBackWithTheirTypes() throws {
        let result = try PuppetImportFixture.importing(try PuppetImportFixture.text("values.pp"), file: "values.pp")
        let plays = try XCTUnwrap(try Yams.load(yaml: result.yaml) as? [[String: Any]])
        let roles = try XCTUnwrap(plays.first?["roles"] as? [String: Any])
        let api = try XCTUnwrap(roles["glance::api"] as? [String: Any])
        XCTAssertEqual(api["bind_port"] as? Int, 9292)
        XCTAssertEqual(api["workers"] as? Int, 4)
        XCTAssertEqual(api["user_storage_quota"] as? String, "yes")
        XCTAssertEqual(api["lock_path"] as? String, "0750")
        XCTAssertEqual(api["show_image_direct_url"] as? Bool, false)
        XCTAssertEqual(api["enabled_backends"] as? [String], ["fast:rbd", "slow:file"])
        XCTAssertEqual(api["worker_self_reference_url"] as? String, "images-ssd")
        XCTAssertEqual(api["image_member_quota"] as? Int, -1)
        XCTAssertEqual(api["paste_deploy_config_file"] as? String, "tab\tquote\"dollar$ \u{263A}")
        XCTAssertNil(api["image_cache_dir"])
        XCTAssertEqual((roles["glance::notify::rabbitmq"] as? [String: Any])?["kombu_reconnect_delay"] as? Double, 1.5)
        let policies = try XCTUnwrap((roles["glance::policy"] as? [String: Any])?["policies"] as? [String: Any])
        XCTAssertEqual(policies as? [String: String], ["context_is_admin": "role:admin"])
    }

    func testNodeBlocksBecomePlays() throws {
        let result = try importFixture("nodes")
        XCTAssertEqual(result.warnings.map(\.description), [
            "nodes.pp:7:19: warning: '$facts['networking']['ip']' written as '{{ ansible_host }}', the address glance-push connects to",
            "nodes.pp:15:1: warning: node regex /^ctl\\d+$/ written as the host pattern '~^ctl\\d+$', matched against inventory names",
            "nodes.pp:23:1: warning: node 'db01' declares no glance class glance-push imports; no play written",
            "nodes.pp:24:11: warning: class 'mysql::server' is not managed by glance-push; skipped",
            "nodes.pp:27:1: warning: node default written as 'hosts: all', which also covers ctl01, ctl02, /^ctl\\d+$/, ctl03.example.com, db01; in Puppet it applies only to nodes that no other node block matches",
        ])
        XCTAssertEqual(result.secrets.map(\.key), ["api_authtoken_password", "api_authtoken_password_ctl03_example_com"])
    }

    func testSkippedResourcesAreNamedWithTheirLine() throws {
        let result = try importFixture("skipped")
        XCTAssertEqual(result.warnings.map(\.description), [
            "skipped.pp:1:1: warning: resource 'package' ('glance-api') is not managed by glance-push; skipped",
            "skipped.pp:2:1: warning: resource 'service' ('glance-api') is not managed by glance-push; skipped",
            "skipped.pp:3:1: warning: resource 'file' ('/etc/glance') is not managed by glance-push; skipped",
            "skipped.pp:4:1: warning: resource 'exec' ('sync') is not managed by glance-push; skipped",
            "skipped.pp:5:1: warning: resource 'keystone_user' ('glance') is not managed by glance-push; skipped",
            "skipped.pp:6:1: warning: resource 'mysql::db' ('glance') is not managed by glance-push; skipped",
            "skipped.pp:7:22: warning: ordering arrow '->' ignored: glance-push orders packages, files, db_sync and services itself",
            "skipped.pp:8:1: warning: resource collector 'Package <| |>' is not imported; skipped",
            "skipped.pp:8:39: warning: ordering arrow '~>' ignored: glance-push orders packages, files, db_sync and services itself",
            "skipped.pp:9:1: warning: resource defaults 'Glance_api_config' is not imported; skipped",
            "skipped.pp:10:1: warning: 'if' statement is not imported; skipped",
            "skipped.pp:11:1: warning: function call 'notice' is not imported; skipped",
            "skipped.pp:12:1: warning: function call 'hiera_include' is not imported; skipped",
            "skipped.pp:13:1: warning: class definition 'profile::glance' is not imported; skipped",
            "skipped.pp:14:1: warning: 'define' definition 'mystore' is not imported; skipped",
            "skipped.pp:15:1: warning: virtual or exported resource '@package' is not imported; skipped",
            "skipped.pp:16:1: warning: method call on '$extra' is not imported; skipped",
            "skipped.pp:17:9: warning: class 'rabbitmq' is not managed by glance-push; 'include' skipped",
            "skipped.pp:22:70: warning: metaparameter 'require' ignored: glance-push orders and tags steps itself",
            "skipped.pp:23:1: warning: resource 'glance_registry_config' ('DEFAULT/debug') is not managed by glance-push; skipped",
            "skipped.pp:24:24: warning: metaparameter 'require' ignored: glance-push orders and tags steps itself",
            "skipped.pp:24:54: warning: attribute splat '* =>' is not imported; list the parameters one by one",
            "skipped.pp:25:9: warning: unknown class 'glance::apii' (did you mean 'glance::api'?); left out",
            "skipped.pp:26:9: warning: class 'glance::notify' left out: it never existed in puppet-glance (did you mean 'glance::notify::rabbitmq'?)",
        ])
        XCTAssertEqual(result.secrets.map(\.key), ["config_database_connection"])
        XCTAssertFalse(result.yaml.contains("pw@"))
    }

    /// The legacy connection parameters stay: plan builds transport_url from them, percent-encoding
    /// the password (which import only knows as a secret reference).
    func testRabbitParametersNameTheTransportURL() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::notify::rabbitmq':
              rabbit_host     => 'mq1',
              rabbit_password => 'guest',
              rabbit_notification_exchange => 'glance',
            }
            """)
        let legacy = "was removed in oslo.messaging 9.0.0 (Stein) and puppet-glance 13.x (Rocky); glance-push builds [DEFAULT] transport_url from the rabbit_* parameters"
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:2:3: warning: 'rabbit_host' \(legacy)",
            "site.pp:3:3: warning: 'rabbit_password' \(legacy)",
            "site.pp:4:3: warning: 'rabbit_notification_exchange' left out: removed with the rabbit notifier; notifications use control_exchange",
        ])
        XCTAssertEqual(result.yaml, """
            # Imported from site.pp by glance-push import; review the warnings it printed.
            - hosts: all
              roles:
                glance::notify::rabbitmq:
                  rabbit_host: mq1
                  rabbit_password: "{{ secret.notify_rabbitmq_rabbit_password }}"

            """)
        XCTAssertNoThrow(try PuppetImportFixture.plan(result, file: "site.yml"))
    }

    func testVariablesResolveInOrderAndByScope() throws {
        let result = try PuppetImportFixture.importing("""
            $base = 'glance'
            $user = $base
            $url  = "http://${user}.example.com:5000"
            $late = $later
            node 'ctl01' {
              $user = 'shadowed'
              class { 'glance::api::authtoken': username => $user, www_authenticate_uri => $url, project_name => $::user }
            }
            class { 'glance::keystone::auth': auth_name => $user, region => $late }
            $later = 'too late'
            """)
        XCTAssertEqual(result.yaml, """
            # Imported from site.pp by glance-push import; review the warnings it printed.
            - hosts: ctl01
              roles:
                glance::api::authtoken:
                  username: shadowed
                  www_authenticate_uri: http://glance.example.com:5000
                  project_name: glance

            - hosts: all
              roles:
                glance::keystone::auth:
                  auth_name: glance
                  region: "$later"

            """)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:4:9: warning: variable '$later' is not assigned in this manifest; kept as the text '$later'",
            "site.pp:7:11: warning: role 'glance::api::authtoken' needs parameter 'password', which the manifest does not give; add it to the playbook, or plan refuses it",
            "site.pp:9:9: warning: role 'glance::keystone::auth' needs parameter 'password', which the manifest does not give; add it to the playbook, or plan refuses it",
        ])
    }

    func testEmptyManifestGivesAnEmptyPlaybook() throws {
        let result = try PuppetImportFixture.importing("# nothing here\n")
        XCTAssertEqual(result.yaml, "# Imported from site.pp by glance-push import; review the warnings it printed.\n[]\n")
        XCTAssertEqual(result.warnings.map(\.description), ["site.pp:1:1: warning: no glance class glance-push imports; the playbook is empty"])
    }
}

extension PuppetImportManifestTests {
    func testDefineDeclaredAsClassIsImportedWithAWarning() throws {
        let result = try PuppetImportFixture.importing("include glance::backend::multistore::file\n")
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:1:9: warning: 'glance::backend::multistore::file' is a define: declare it as glance::backend::multistore::file { 'ID': … } (the title is the store id)",
        ])
    }

    func testClassReferenceAndQuotedNamesInInclude() throws {
        let result = try PuppetImportFixture.importing("include(['::glance::api', 'glance::policy'])\ncontain Class['glance']\n")
        XCTAssertEqual(result.yaml, """
            # Imported from site.pp by glance-push import; review the warnings it printed.
            - hosts: all
              roles:
                glance::api: {}
                glance::policy: {}
                glance: {}

            """)
        XCTAssertEqual(result.warnings, [])
    }

    func testDeclarationAfterIncludeIsMergedWithAWarning() throws {
        let result = try PuppetImportFixture.importing("include glance::api\nclass { 'glance::api': bind_port => 9393 }\n")
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:2:9: warning: 'glance::api' is declared after 'include' of it at 1:9, which puppet apply rejects; imported with these parameters",
        ])
        XCTAssertTrue(result.yaml.hasSuffix("    glance::api:\n      bind_port: 9393\n"), result.yaml)
    }
}

extension PuppetImportManifestTests {
    func testModernManifestEvaluatesURLFunctionsAndKeepsSecretsOut() throws {
        let result = try importFixture("modern")
        XCTAssertEqual(result.warnings.map(\.description), [
            "modern.pp:27:26: warning: function call 'lookup(…)' is not evaluated and its arguments mention a credential; kept as the text 'lookup(…)'",
            "modern.pp:29:26: warning: function call 'lookup('memcached_servers', Array[String], 'first', [])' is not evaluated; kept as text",
            "modern.pp:38:25: warning: '$facts['networking']['ip']' written as '{{ ansible_host }}', the address glance-push connects to",
            "modern.pp:39:5: warning: 'token_cache_time' is glance::api::authtoken 'token_cache_time' in puppet-glance Zed; imported there",
            "modern.pp:42:28: warning: ordering arrow '->' ignored: glance-push orders packages, files, db_sync and services itself",
        ])
        XCTAssertEqual(result.secrets.map(\.key), [
            "api_db_database_connection", "notify_rabbitmq_default_transport_url", "api_authtoken_password",
            "config_keystone_authtoken_memcache_secret_key",
        ])
        for secret in ["db-secret", "mq-secret", "cache-secret"] {
            XCTAssertFalse(result.yaml.contains(secret), secret)
            XCTAssertFalse(result.warnings.map(\.description).joined().contains(secret), secret)
        }
    }

    func testUnknownFunctionWithoutCredentialStaysText() throws {
        let result = try PuppetImportFixture.importing("class { 'glance::api': bind_host => max(2, 4) }\n")
        XCTAssertTrue(result.yaml.contains("      bind_host: \"max(2, 4)\"\n"), result.yaml)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:1:37: warning: function call 'max(2, 4)' is not evaluated; kept as text",
        ])
    }
}

extension PuppetImportManifestTests {
    func testUnresolvedVariablesSayWhy() throws {
        let result = try PuppetImportFixture.importing("""
            class { 'glance::api':
              workers           => $::os_workers,
              bind_host         => $::osfamily,
              public_endpoint   => $facts['os']['family'],
              lock_path         => $glance::params::lock_path,
              node_staging_uri  => "${join($x, ',')}",
            }
            """)
        XCTAssertEqual(result.warnings.map(\.description), [
            "site.pp:2:3: warning: 'workers' left out: it must be an integer from 1 to 1024, got '$::os_workers'",
            "site.pp:2:24: warning: fact '$::os_workers' has no playbook equivalent (leave the parameter out to get the role's default); kept as the text '$::os_workers'",
            "site.pp:3:24: warning: '$::osfamily' is not assigned in this manifest, nor a fact glance-push maps (fqdn, ipaddress); kept as the text '$::osfamily'",
            "site.pp:4:24: warning: fact '$facts['os']['family']' has no playbook equivalent; kept as the text '$facts['os']['family']'",
            "site.pp:5:24: warning: class variable '$glance::params::lock_path' cannot be read outside Puppet; kept as the text '$glance::params::lock_path'",
            "site.pp:6:25: warning: expression '${join($x, ',')}' is not evaluated; kept as text",
        ])
    }
}
