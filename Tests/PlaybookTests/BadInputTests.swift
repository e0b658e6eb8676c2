import Playbook
import XCTest

/// Mistakes in playbooks: each is refused with `file:line:column: message`, before any host.
final class BadInputTests: XCTestCase {
    private func loadError(_ yaml: String) -> String {
        Sample.error { try Sample.playbook(yaml) }
    }

    private func renderError(_ yaml: String, release: TargetRelease = .debian12Zed) -> String {
        Sample.error { try Sample.render(yaml, release: release) }
    }

    func testUnknownRoleSuggestsNearest() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::apii:
                  bind_host: 10.0.0.1
            """), "site.yml:3:5: unknown role 'glance::apii' (did you mean 'glance::api'?)")
    }

    func testUnknownParameterSuggestsNearestOfThatRole() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_prot: 9292
            """), "site.yml:4:7: unknown parameter 'bind_prot' for role 'glance::api' (did you mean 'bind_port'?)")
    }

    func testUnknownParameterOfBackend() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::backend::rbd: { rbd_store_pol: images }
            """), "site.yml:3:29: unknown parameter 'rbd_store_pol' for role 'glance::backend::rbd' "
                + "(did you mean 'rbd_store_pool'?)")
    }

    func testPortOutOfRange() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_port: 70000
            """), "site.yml:4:18: 'bind_port' must be a port number from 1 to 65535, got '70000'")
    }

    func testStringWhereIntegerNeeded() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  workers: many
            """), "site.yml:4:16: 'workers' must be an integer from 1 to 1024, got 'many'")
    }

    func testBadBoolean() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  show_image_direct_url: maybe
            """), "site.yml:4:30: 'show_image_direct_url' must be true or false, got 'maybe'")
    }

    func testEnumValueSuggestsNearest() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  location_strategy: store_typ
            """), "site.yml:4:26: 'location_strategy' must be one of location_order, store_type, got 'store_typ' "
                + "(did you mean 'store_type'?)")
    }

    func testStringWhereListNeeded() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: "ceph:rbd"
                  default_backend: ceph
            """), "site.yml:4:25: 'enabled_backends' must be a list, got a string")
    }

    func testListWhereStringNeeded() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: [10.0.0.1, 10.0.0.2]
            """), "site.yml:4:18: 'bind_host' must be a string, got a list")
    }

    func testUnknownBackendType() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["ceph:rdb"]
                  default_backend: ceph
            """), "site.yml:4:25: unknown backend type 'rdb' in enabled_backends entry 'ceph:rdb' "
                + "(types: file, http, swift, rbd, cinder, vmware, s3) (did you mean 'rbd'?)")
    }

    func testEnabledBackendsNeedDefaultBackend() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["ceph:rbd"]
            """), "site.yml:4:7: 'default_backend' is required with 'enabled_backends'")
    }

    func testDefaultBackendMustBeAnID() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["ceph:rbd", "local:file"]
                  default_backend: cepth
            """), "site.yml:5:24: default_backend 'cepth' is not one of the enabled_backends ids (ceph, local) "
                + "(did you mean 'ceph'?)")
    }

    func testSingleStoreRoleWithEnabledBackends() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["ceph:rbd"]
                  default_backend: ceph
                glance::backend::rbd: { rbd_store_pool: images }
            """), "site.yml:6:5: glance::backend::rbd configures the single store [glance_store]; with "
                + "enabled_backends use glance::backend::multistore::rbd")
    }

    func testMultistoreInstanceNotListed() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["ceph:rbd"]
                  default_backend: ceph
                glance::backend::multistore::rbd: { id: cehp, rbd_store_pool: images }
            """), "site.yml:6:5: glance::backend::multistore::rbd 'cehp' is not listed in glance::api "
                + "enabled_backends (did you mean 'ceph'?)")
    }

    func testMultistoreTypeMismatch() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["store1:swift"]
                  default_backend: store1
                glance::backend::multistore::rbd:
                  - { id: store1 }
            """), "site.yml:7:9: enabled_backends lists 'store1' as swift, but it is configured by "
                + "glance::backend::multistore::rbd")
    }

    func testDuplicateMultistoreID() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::backend::multistore::rbd:
                  - { id: ceph, rbd_store_pool: a }
                  - { id: ceph, rbd_store_pool: b }
            """), "site.yml:5:9: duplicate instance id 'ceph' of 'glance::backend::multistore::rbd' (first at line 4)")
    }

    func testSingleStoreNotInStores() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                glance::backend::rbd: { rbd_store_pool: images }
            """), "site.yml:4:5: glance::backend::rbd sets default_store = rbd, but glance::api 'stores' is unset "
                + "(Glance's default is file,http), so glance-api would not start; add rbd to glance::api stores")
    }

    func testMissingRequiredParameter() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api::authtoken:
                  username: glance
            """), "site.yml:3:5: role 'glance::api::authtoken' needs parameter 'password'")
    }

    func testRefusedLegacyParameter() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  registry_host: 10.0.0.1
            """), "site.yml:4:7: parameter 'registry_host' of 'glance::api' is no longer supported: "
                + "glance-registry was removed in Victoria (Glance 21)")
    }

    func testUnknownPlayKey() {
        XCTAssertEqual(loadError("""
            - host: controllers
              roles: {}
            """), "site.yml:1:3: unknown play key 'host' (did you mean 'hosts'?)")
    }

    func testPlayWithoutHosts() {
        XCTAssertEqual(loadError("""
            - name: api
              roles: {}
            """), "site.yml:1:3: play has no 'hosts'")
    }

    func testPlaybookMustBeAList() {
        XCTAssertEqual(loadError("""
            hosts: controllers
            roles: {}
            """), "site.yml:1:1: a playbook must be a list of plays, got a mapping")
    }

    func testYAMLSyntaxError() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api: { bind_host: 10.0.0.1
            """), "site.yml:4:1: invalid YAML: while parsing a flow mapping, did not find expected ',' or '}'")
    }

    func testDuplicateKey() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_port: 9292
                  bind_port: 9393
            """), "site.yml:5:7: duplicate key 'bind_port' (first at line 4)")
    }

    func testBadSerial() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              serial: 0
              roles: {}
            """), "site.yml:2:11: 'serial' must be a number of hosts (1 or more) or a percentage like '25%', got '0'")
    }

    func testListForARoleThatIsNotADefine() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  - bind_port: 9292
            """), "site.yml:4:7: role 'glance::api' takes a mapping of parameters, got a list "
                + "(only multistore backends take a list of instances)")
    }

    func testBadDatabaseSchemeHidesTheURL() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api:
                  database_connection: "mysql+mysqlconnector://glance:{{ secret.glance_db }}@db1/glance"
            """), "site.yml:4:28: 'database_connection' must be a URL starting with mysql+pymysql://, mysql://, "
                + "postgresql://, postgresql+psycopg2://, sqlite://")
    }

    func testKombuSSLNeedsRabbitUseSSL() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::notify::rabbitmq:
                  kombu_ssl_ca_certs: /etc/ssl/ca.pem
            """), "site.yml:4:27: 'kombu_ssl_ca_certs' needs rabbit_use_ssl: true")
    }

    func testKombuCompressionEnum() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::notify::rabbitmq:
                  kombu_compression: zip
            """), "site.yml:4:26: 'kombu_compression' must be one of gzip, bz2, got 'zip' (did you mean 'gzip'?)")
    }

    func testLegacyRabbitAndTransportURLTogether() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::notify::rabbitmq:
                  default_transport_url: "rabbit://glance:{{ secret.rabbit }}@mq1:5672/"
                  rabbit_host: mq1
                  rabbit_password: "{{ secret.rabbit }}"
            """), "site.yml:5:20: give either default_transport_url or the legacy rabbit_host, rabbit_password, not both")
    }

    func testConfigKeyNeedsSection() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::config:
                  api_config:
                    bind_host: { value: 10.0.0.1 }
            """), "site.yml:5:9: 'bind_host' in api_config must be 'SECTION/key'")
    }

    func testConfigUnknownEntryKey() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::config:
                  api_config:
                    'DEFAULT/bind_host': { valeu: 10.0.0.1 }
            """), "site.yml:5:32: unknown key 'valeu' in 'DEFAULT/bind_host' (did you mean 'value'?)")
    }

    func testConfigMayNotTouchAnotherRolesKey() {
        XCTAssertEqual(renderError("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: 10.0.0.11
                glance::config:
                  api_config:
                    'DEFAULT/bind_host': { value: 10.0.0.12 }
            """), "site.yml:5:5: [DEFAULT] bind_host in /etc/glance/glance-api.conf is set by both 'glance::api' and "
                + "'glance::config'; glance::config may only set keys no other role manages")
    }

    func testTwoPlaysDisagreeOnAKey() {
        XCTAssertEqual(renderError("""
            - hosts: controllers
              roles:
                glance::backend::file: { filesystem_store_datadir: /srv/a/ }
            - hosts: ctl01
              roles:
                glance::backend::file: { filesystem_store_datadir: /srv/b/ }
            """), "site.yml:6:5: role 'glance::backend::file' sets [glance_store] filesystem_store_datadir in "
                + "/etc/glance/glance-api.conf, which role 'glance::backend::file' already sets to another value")
    }

    func testCronFieldChecked() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::cache::pruner: { minute: "*/30; rm -rf /" }
            """), "site.yml:3:38: 'minute' must be a cron field like '*', '*/30' or '1,2', got '*/30; rm -rf /'")
    }

    func testValidateNeedsCredentials() {
        XCTAssertEqual(renderError("""
            - hosts: controllers
              roles:
                glance::api:
                  validate: true
            """), "site.yml:4:17: validate: true needs Keystone credentials: a glance::api::authtoken role with "
                + "password in this play, or keystone_password")
    }

    func testMemcacheEncryptNeedsSecretKey() {
        XCTAssertEqual(loadError("""
            - hosts: controllers
              roles:
                glance::api::authtoken:
                  password: x
                  memcache_security_strategy: ENCRYPT
            """), "site.yml:5:35: memcache_security_strategy ENCRYPT needs memcache_secret_key")
    }
}
