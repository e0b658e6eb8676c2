@testable import Playbook
import XCTest

/// What a rendered setting says about its own masking (`ConfigSetting.maskedValue`), and how
/// messages treat secrets that are ordinary words.
final class SecretMaskingTests: XCTestCase {
    /// Secrets equal to words the playbook and its messages use anyway.
    private let wordSecrets = Secrets(["glance_db": "glance", "glance_keystone": "api", "rabbit": "1", "fs": "fs"])

    private func settings(_ yaml: String, secrets: Secrets? = nil) throws -> [String: ConfigSetting] {
        let playbook = try Playbook.parse(yaml, file: "site.yml", secrets: secrets ?? wordSecrets)
        let outputs = try playbook.render(host: Sample.host, release: .debian12Zed, includes: { _ in true })
        var byKey: [String: ConfigSetting] = [:]
        for setting in outputs.flatMap(\.settings) { byKey["[\(setting.section)] \(setting.key)"] = setting }
        return byKey
    }

    func testInterpolatedSecretsAreMaskedWhereTheyWentIn() throws {
        let found = try settings("""
            - hosts: controllers
              roles:
                glance::api:
                  database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance"
                  bind_host: "{{ ansible_host }}"
                glance::api::authtoken: { password: "{{ secret.glance_keystone }}" }
                glance::notify::rabbitmq:
                  default_transport_url: "rabbit://glance:{{ secret.rabbit }}@mq1:5671/"
            """)
        let connection = try XCTUnwrap(found["[database] connection"])
        XCTAssertEqual(connection.value, .set("mysql+pymysql://glance:glance@db1/glance"))
        XCTAssertEqual(connection.maskedValue, .set("mysql+pymysql://glance:<secret>@db1/glance"))
        XCTAssertEqual(connection.secretValues, ["glance"])
        XCTAssertEqual(found["[keystone_authtoken] password"]?.maskedValue, .set("<secret>"))
        XCTAssertEqual(found["[DEFAULT] transport_url"]?.maskedValue, .set("rabbit://glance:<secret>@mq1:5671/"))
        XCTAssertEqual(found["[DEFAULT] bind_host"]?.isSecret, false)
        XCTAssertNil(found["[DEFAULT] bind_host"]?.maskedValue)
    }

    func testValuesSecretAsAWholeHaveNoMaskedValue() throws {
        let found = try settings("""
            - hosts: controllers
              roles:
                glance::api:
                  database_connection: "mysql://glance:literal@db1/glance"
                  bind_port: "{{ secret.port }}"
                glance::config:
                  api_config:
                    'DEFAULT/marked': { value: "x-{{ secret.glance_db }}", secret: true }
                    'DEFAULT/interpolated': { value: "x-{{ secret.glance_db }}" }
                    'DEFAULT/listed': { value: ["a", "{{ secret.rabbit }}"] }
            """, secrets: Secrets(["glance_db": "glance", "rabbit": "1", "port": "09292"]))
        // A secret parameter given literally; a secret changed by typing (`09292` is 9292); `secret: true`.
        XCTAssertEqual(found["[database] connection"]?.isSecret, true)
        XCTAssertNil(found["[database] connection"]?.maskedValue)
        XCTAssertEqual(found["[DEFAULT] bind_port"]?.isSecret, true)
        XCTAssertNil(found["[DEFAULT] bind_port"]?.maskedValue)
        XCTAssertEqual(found["[DEFAULT] marked"]?.isSecret, true)
        XCTAssertNil(found["[DEFAULT] marked"]?.maskedValue)
        XCTAssertEqual(found["[DEFAULT] interpolated"]?.maskedValue, .set("x-<secret>"))
        XCTAssertEqual(found["[DEFAULT] listed"]?.maskedValue, .multi(["a", "<secret>"]))
    }

    func testListItemsOfAnOrdinaryParameterShowUnlessSecret() throws {
        let found = try settings("""
            - hosts: controllers
              roles:
                glance::api: { enabled_import_methods: ["glance-direct", "{{ secret.rabbit }}"] }
            """)
        XCTAssertEqual(found["[DEFAULT] enabled_import_methods"]?.maskedValue, .set("[glance-direct,<secret>]"))
    }

    /// The same text from a literal item and from a secret: both are masked.
    func testALiteralEqualToASecretItemIsMaskedToo() throws {
        let found = try settings("""
            - hosts: controllers
              roles:
                glance::api: { enabled_import_methods: ["web-download", "{{ secret.method }}"] }
            """, secrets: Secrets(["method": "web-download"]))
        XCTAssertEqual(found["[DEFAULT] enabled_import_methods"]?.maskedValue, .set("[<secret>,<secret>]"))
    }

    /// Role code that writes a value read from a secret parameter keeps it secret (whole when the
    /// value is not the parameter's own text).
    func testValuesRolesDeriveFromSecretParametersAreSecret() throws {
        let found = try settings("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["a:file", "{{ secret.fs }}:file"]
                  default_backend: "{{ secret.fs }}"
                glance::backend::multistore::file: [{ id: a }, { id: fs }]
                glance::api::authtoken:
                  password: x
                  memcached_servers: ["m1:11211", "{{ secret.rabbit }}"]
            """)
        let keys = ["[DEFAULT] enabled_backends", "[glance_store] default_backend", "[keystone_authtoken] memcached_servers"]
        for key in keys {
            XCTAssertEqual(found[key]?.isSecret, true, key)
        }
        XCTAssertNil(found["[DEFAULT] enabled_backends"]?.maskedValue)
        XCTAssertEqual(found["[glance_store] default_backend"]?.maskedValue, .set("<secret>"))
        XCTAssertNil(found["[keystone_authtoken] memcached_servers"]?.maskedValue)
    }

    /// One role sets a key secretly, another the same value openly: the key stays secret.
    func testAnEqualValueFromAnotherRoleKeepsTheSecret() throws {
        let found = try settings("""
            - hosts: controllers
              roles:
                glance::api: { bind_host: glance }
            - hosts: controllers
              roles:
                glance::api: { bind_host: "{{ secret.glance_db }}" }
            """)
        XCTAssertEqual(found["[DEFAULT] bind_host"]?.isSecret, true)
        XCTAssertEqual(found["[DEFAULT] bind_host"]?.maskedValue, .set("<secret>"))
    }

    /// The free-text net leaves secrets that are words of the playbook (or short) alone.
    func testMessagesKeepWordsEqualToSecrets() {
        XCTAssertEqual(Sample.error { try Playbook.parse("""
            - hosts: controllers
              roles:
                glance::api::authtoken: { auth_url: "http://keystone:5000" }
            """, file: "site.yml", secrets: wordSecrets) },
            "site.yml:3:5: role 'glance::api::authtoken' needs parameter 'password'")
    }

    /// A message quoting a secret value says `<secret>` however short the secret is.
    func testMessagesQuotingASecretValueMaskIt() {
        XCTAssertEqual(Sample.error { try Playbook.parse("""
            - hosts: controllers
              roles:
                glance::api: { enabled_backends: ["{{ secret.fs }}"], default_backend: x }
            """, file: "site.yml", secrets: wordSecrets) },
            "site.yml:3:38: enabled_backends entries must be 'id:type', got '<secret>'")
        XCTAssertEqual(Sample.error { try Playbook.parse("""
            - hosts: controllers
              roles:
                glance::api: { enabled_backends: ["a:file"], default_backend: "{{ secret.fs }}" }
                glance::backend::multistore::file: { id: a }
            """, file: "site.yml", secrets: wordSecrets) },
            "site.yml:3:67: default_backend '<secret>' is not one of the enabled_backends ids (a)")
    }

    func testFreeTextMasksLongSecretsThatAreNotPublicWords() {
        let secrets = ["Kst0ne-S3cret-4711", "glance", "password", "1"]
        XCTAssertEqual(FreeTextMasking.maskable(secrets, publicText: ["[keystone_authtoken]\npassword = <secret>\n"]),
                       ["Kst0ne-S3cret-4711"])
    }
}
