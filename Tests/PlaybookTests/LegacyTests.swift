import Playbook
import XCTest

/// Parameters of the old tutorial's puppet-glance (8.x, Mitaka): translated with a warning,
/// dropped with a warning, or refused with the reason; and classes the release no longer has.
final class LegacyTests: XCTestCase {
    private func lines(_ outputs: [RoleOutput], section: String) -> [String] {
        outputs.flatMap(\.settings).filter { $0.section == section }.map { setting in
            switch setting.value {
            case .set(let value): return "\(setting.key) = \(setting.isSecret ? "<secret>" : value)"
            case .multi(let values): return "\(setting.key) = \(values)"
            case .absent: return "\(setting.key) <absent>"
            }
        }
    }

    func testLegacyKeystoneParametersBecomeAuthtoken() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api:
                  keystone_password: "{{ secret.glance_keystone }}"
                  keystone_tenant: service
                  auth_uri: http://keystone:5000/
                  identity_uri: http://keystone:35357/
                  token_cache_time: 300
            """)
        XCTAssertEqual(lines(outputs, section: "keystone_authtoken").filter { !$0.hasSuffix("<absent>") }, [
            "password = <secret>",
            "project_name = service",
            "www_authenticate_uri = http://keystone:5000/",
            "auth_url = http://keystone:35357/",
            "token_cache_time = 300",
            "username = glance",
            "user_domain_name = Default",
            "project_domain_name = Default",
            "auth_type = password",
        ])
        let warnings = outputs.flatMap(\.warnings)
        XCTAssertEqual(warnings, [
            "site.yml:4:7: glance::api: 'keystone_password' is a legacy glance::api parameter (use "
                + "glance::api::authtoken); written as [keystone_authtoken] password",
            "site.yml:5:7: glance::api: 'keystone_tenant' is a legacy glance::api parameter (use "
                + "glance::api::authtoken); written as [keystone_authtoken] project_name",
            "site.yml:6:7: glance::api: 'auth_uri' is a legacy glance::api parameter (use "
                + "glance::api::authtoken); written as [keystone_authtoken] www_authenticate_uri",
            "site.yml:7:7: glance::api: 'identity_uri' is a legacy glance::api parameter (use "
                + "glance::api::authtoken); written as [keystone_authtoken] auth_url",
            "site.yml:8:7: glance::api: 'token_cache_time' is a legacy glance::api parameter (use "
                + "glance::api::authtoken); written as [keystone_authtoken] token_cache_time",
        ])
        XCTAssertFalse(warnings.joined().contains("ks-S3cret"))
    }

    func testLegacyTokenCacheTimeNextToAuthtokenRole() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { token_cache_time: 300 }
                glance::api::authtoken: { password: "{{ secret.glance_keystone }}" }
            """)
        XCTAssertEqual(lines(outputs, section: "keystone_authtoken").filter { $0.hasPrefix("token_cache_time") },
                       ["token_cache_time = 300"])
    }

    func testLegacyAndModernDisagree() {
        XCTAssertEqual(Sample.error { try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { token_cache_time: 600 }
                glance::api::authtoken: { password: x, token_cache_time: 300 }
            """) }, "site.yml:4:5: role 'glance::api::authtoken' sets [keystone_authtoken] token_cache_time in "
                + "/etc/glance/glance-api.conf, which role 'glance::api' already sets to another value")
    }

    func testLegacyRabbitBecomesTransportURL() throws {
        let outputs = try Playbook.parse("""
            - hosts: controllers
              roles:
                glance::notify::rabbitmq:
                  rabbit_hosts: ["mq1:5672", "mq2"]
                  rabbit_userid: glance
                  rabbit_password: "{{ secret.rabbit }}"
                  rabbit_virtual_host: /
                  verbose: true
            """, file: "site.yml", secrets: Secrets(["rabbit": "p@ss/word"]))
            .render(host: Sample.host, release: .debian12Zed, includes: { _ in true })
        let url = outputs.flatMap(\.settings).first { $0.section == "DEFAULT" && $0.key == "transport_url" }
        XCTAssertEqual(url, ConfigSetting(file: "/etc/glance/glance-api.conf", section: "DEFAULT", key: "transport_url",
                                          value: .set("rabbit://glance:p%40ss%2Fword@mq1:5672,glance:p%40ss%2Fword@mq2:5672//"),
                                          isSecret: true))
        XCTAssertEqual(outputs.flatMap(\.warnings), [
            "site.yml:8:7: glance::notify::rabbitmq: 'verbose' is ignored: removed from oslo.log 3.22.0 (Pike) and "
                + "from puppet-glance 10.x (Ocata)",
            "site.yml:4:7: glance::notify::rabbitmq: rabbit_hosts, rabbit_userid, rabbit_password, rabbit_virtual_host "
                + "were removed in oslo.messaging 9.0.0 (Stein); written as [DEFAULT] transport_url",
        ])
    }

    func testLegacyRabbitHostDefaults() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::notify::rabbitmq: { rabbit_host: mq1, rabbit_password: pw, rabbit_virtual_host: openstack }
            """)
        XCTAssertEqual(outputs.flatMap(\.settings).first { $0.key == "transport_url" && $0.section == "DEFAULT" }?.value,
                       .set("rabbit://guest:pw@mq1:5672/openstack"))
    }

    func testLegacyRabbitNeedsPassword() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::notify::rabbitmq: { rabbit_host: mq1 }
            """) }, "site.yml:3:5: the legacy rabbit_* parameters need rabbit_password to build transport_url")
    }

    func testRenamedDatabaseAndPipelineParameters() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api:
                  database_idle_timeout: 3600
                  pipeline: keystone+cachemanagement
                  verbose: true
            """)
        let settings = outputs.flatMap(\.settings)
        XCTAssertEqual(settings.first { $0.key == "connection_recycle_time" }?.value, .set("3600"))
        XCTAssertEqual(settings.first { $0.section == "paste_deploy" && $0.key == "flavor" }?.value,
                       .set("keystone+cachemanagement"))
        XCTAssertEqual(outputs.flatMap(\.warnings).filter { !$0.contains("auth_strategy") }, [
            "site.yml:4:7: glance::api: 'database_idle_timeout' was renamed connection_recycle_time (oslo.db 4.26, "
                + "Queens; the old key is ignored since Xena); written as [database] connection_recycle_time",
            "site.yml:5:7: glance::api: 'pipeline' was renamed paste_deploy_flavor; written as [paste_deploy] flavor",
            "site.yml:6:7: glance::api: 'verbose' is ignored: removed from oslo.log 3.22.0 (Pike) and from "
                + "puppet-glance 10.x (Ocata)",
        ])
    }

    func testLegacyLoggingParameters() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { debug: true, log_facility: LOG_LOCAL0 }
            """)
        let settings = outputs.flatMap(\.settings)
        XCTAssertEqual(settings.first { $0.key == "debug" }?.value, .set("True"))
        XCTAssertEqual(settings.first { $0.key == "syslog_log_facility" }?.value, .set("LOG_LOCAL0"))
    }

    func testNativeSSLRefused() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api: { cert_file: /etc/ssl/glance.pem }
            """) }, "site.yml:3:20: parameter 'cert_file' of 'glance::api' is no longer supported: native SSL was "
                + "removed from Glance in Ussuri; terminate TLS in a proxy")
    }

    func testRegistryRefusedOnZed() throws {
        let yaml = """
            - hosts: controllers
              roles:
                glance::registry:
                  keystone_password: "{{ secret.glance_keystone }}"
            """
        XCTAssertNoThrow(try Sample.playbook(yaml), "the release is known only per host")
        XCTAssertEqual(Sample.error { try Sample.render(yaml) },
                       "site.yml:3:5: role 'glance::registry' is refused: glance-registry was removed in Victoria "
                        + "(Glance 21); this host runs Glance 25 (use 'ensure: absent' to remove it)")
        let ussuri = TargetRelease(osID: "ubuntu", osVersionID: "20.04", glanceMajor: 20)
        XCTAssertEqual(try Sample.render(yaml, release: ussuri).first?.services.map(\.name), ["glance-registry"])
    }

    func testRegistryAbsentOnZed() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::registry: { ensure: absent }
            """)
        XCTAssertEqual(outputs.first?.packages, [PackageRequirement(name: "glance-registry", ensure: .absent)])
        XCTAssertEqual(outputs.first?.services, [ServiceSpec(name: "glance-registry", running: false, enabled: false)])
        XCTAssertEqual(outputs.first?.settings, [])
    }
}

extension LegacyTests {
    /// On Zed the reason is the removal, not what the removed class would have needed. (An
    /// unknown parameter name is wrong on every release, so `parse` reports it already.)
    func testRegistryRemovalComesBeforeTheMissingParameter() throws {
        let yaml = """
            - hosts: controllers
              roles:
                glance::registry:
                  verbose: true
            """
        XCTAssertNoThrow(try Sample.playbook(yaml), "the release is known only per host")
        XCTAssertEqual(Sample.error { try Sample.render(yaml) },
                       "site.yml:3:5: role 'glance::registry' is refused: glance-registry was removed in Victoria "
                        + "(Glance 21); this host runs Glance 25 (use 'ensure: absent' to remove it)")
        let ussuri = TargetRelease(osID: "ubuntu", osVersionID: "20.04", glanceMajor: 20)
        XCTAssertEqual(Sample.error { try Sample.render(yaml, release: ussuri) },
                       "site.yml:3:5: role 'glance::registry' needs parameter 'keystone_password'")
    }

    /// puppet-glance 8.x built each endpoint as protocol://address:port and ignored <interface>_url then.
    func testLegacyKeystoneEndpointParameters() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::keystone::auth:
                  password: "{{ secret.glance_keystone }}"
                  public_url: http://ignored:9292
                  public_protocol: https
                  public_address: image.example.net
                  port: 9393
            """)
        let command = try XCTUnwrap(outputs.first?.oneShots.first?.command)
        XCTAssertTrue(command.contains(#""endpoints":{"admin":"http://127.0.0.1:9393","internal":"http://127.0.0.1:9393","#
            + #""public":"https://image.example.net:9393"}"#), command)
        XCTAssertEqual(outputs.flatMap(\.warnings), [
            "site.yml:8:7: glance::keystone::auth: 'port' was removed in puppet-glance 9.x (Newton); written as "
                + "public_url https://image.example.net:9393, internal_url http://127.0.0.1:9393, admin_url http://127.0.0.1:9393",
            "site.yml:6:7: glance::keystone::auth: 'public_protocol' was removed in puppet-glance 9.x (Newton); written as "
                + "public_url https://image.example.net:9393",
            "site.yml:7:7: glance::keystone::auth: 'public_address' was removed in puppet-glance 9.x (Newton); written as "
                + "public_url https://image.example.net:9393",
            "site.yml:5:7: glance::keystone::auth: 'public_url' is ignored: the legacy public_protocol, public_address or "
                + "port give that URL, as in puppet-glance 8.x",
        ])
    }

    /// What `import` relies on: a parameter with a successor moves to one that exists and takes
    /// the same values, and every translated parameter has one (so import never writes one).
    func testEverySuccessorExistsAndTakesTheSameValues() throws {
        let specs = RoleCatalog.names.compactMap(RoleCatalog.role(named:))
        var moved = 0
        for spec in specs {
            for parameter in spec.parameters {
                if case .translated = parameter.effect {
                    XCTAssertNotNil(parameter.successor, "\(spec.name) \(parameter.name)")
                }
                guard let successor = parameter.successor else { continue }
                let modern = try XCTUnwrap(RoleCatalog.role(named: successor.role)?.parameter(named: successor.parameter),
                                           "\(spec.name) \(parameter.name) → \(successor.role) \(successor.parameter)")
                XCTAssertEqual(modern.type, parameter.type, "\(spec.name) \(parameter.name)")
                XCTAssertEqual(modern.isSecret, parameter.isSecret, "\(spec.name) \(parameter.name)")
                XCTAssertNil(modern.successor, "\(successor.role) \(successor.parameter) moved again")
                moved += 1
            }
        }
        XCTAssertEqual(moved, 25)
    }
}
