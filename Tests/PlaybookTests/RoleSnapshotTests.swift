import Playbook
import XCTest

/// One golden file per role: what it writes for typical parameters on Debian 12 / Glance 25.
final class RoleSnapshotTests: XCTestCase {
    private func check(_ name: String, _ yaml: String, release: TargetRelease = .debian12Zed,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let outputs = try Sample.render(yaml, release: release)
        Snapshot.assert(Snapshot.text(outputs), named: name, file: file, line: line)
    }

    func testGlanceBase() throws {
        try check("glance", """
            - hosts: controllers
              roles:
                glance:
            """)
    }

    func testGlanceAPIDefaults() throws {
        try check("glance-api-defaults", """
            - hosts: controllers
              roles:
                glance::api:
            """)
    }

    func testGlanceAPIFull() throws {
        try check("glance-api-full", """
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: "{{ ansible_host }}"
                  bind_port: 9393
                  workers: 6
                  image_cache_max_size: 21474836480
                  image_cache_stall_time: 3600
                  paste_deploy_flavor: keystone+cachemanagement
                  enabled_import_methods: [glance-direct, web-download]
                  disk_formats: [raw, qcow2]
                  image_import_plugins: [image_conversion]
                  conversion_format: raw
                  location_strategy: store_type
                  stores: [file, http]
                  multi_store: true
                  database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@db1/glance"
                  database_max_retries: -1
                  purge_config: true
                  sync_db: true
                  validate: true
                glance::api::authtoken:
                  password: "{{ secret.glance_keystone }}"
                  auth_url: http://keystone:5000
                  region_name: RegionOne
            """)
    }

    /// glance::api::db alone: oslo::db's whole [database] section, from puppet-glance's spec
    /// (glance_api_db_spec.rb) "with specific parameters".
    func testGlanceAPIDB() throws {
        try check("glance-api-db", """
            - hosts: controllers
              roles:
                glance::api::db:
                  database_connection: "mysql+pymysql://glance:{{ secret.glance_db }}@localhost/glance"
                  database_connection_recycle_time: 3601
                  database_max_retries: 11
                  database_db_max_retries: -1
                  database_retry_interval: 11
                  database_max_pool_size: 11
                  database_max_overflow: 21
                  database_pool_timeout: 21
                  mysql_enable_ndb: true
            """)
    }

    func testGlanceAPIDBDefaults() throws {
        try check("glance-api-db-defaults", """
            - hosts: controllers
              roles:
                glance::api::db:
            """)
    }

    func testAuthtoken() throws {
        try check("glance-api-authtoken", """
            - hosts: controllers
              roles:
                glance::api::authtoken:
                  password: "{{ secret.glance_keystone }}"
                  memcached_servers: ["10.0.0.11:11211", "[fd00::11]:11211"]
                  memcache_security_strategy: ENCRYPT
                  memcache_secret_key: "{{ secret.rabbit }}"
                  system_scope: all
                  manage_memcache_package: true
            """)
    }

    func testLogging() throws {
        try check("glance-api-logging", """
            - hosts: controllers
              roles:
                glance::api::logging:
                  debug: true
                  use_journal: true
                  default_log_levels: { amqp: WARN, glance.store: INFO }
                glance::cache::logging:
                  log_dir: /srv/log/glance
            """)
    }

    func testPolicy() throws {
        try check("glance-policy", """
            - hosts: controllers
              roles:
                glance::policy:
                  policies: { "get_images": "role:reader", "add_image": "role:admin or role:member" }
                  enforce_new_defaults: true
                  purge_config: true
            """)
    }

    func testNotifyRabbitMQ() throws {
        try check("glance-notify-rabbitmq", """
            - hosts: controllers
              roles:
                glance::notify::rabbitmq:
                  default_transport_url: "rabbit://glance:{{ secret.rabbit }}@mq1:5672/"
                  notification_driver: [messagingv2, log]
                  rabbit_notification_topic: notifications
                  rabbit_use_ssl: true
                  kombu_ssl_ca_certs: /etc/ssl/certs/ca.pem
                  kombu_compression: gzip
                  rabbit_heartbeat_timeout_threshold: 60
            """)
    }

    func testBackendFile() throws {
        try check("glance-backend-file", """
            - hosts: controllers
              roles:
                glance::backend::file:
                  filesystem_store_datadir: /srv/glance/images/
            """)
    }

    func testBackendRBD() throws {
        try check("glance-backend-rbd", """
            - hosts: controllers
              roles:
                glance::api:
                  stores: [rbd, http]
                glance::backend::rbd: { rbd_store_pool: images, rbd_store_user: glance }
            """)
    }

    func testBackendSwiftSingleStore() throws {
        try check("glance-backend-swift", """
            - hosts: controllers
              roles:
                glance::backend::swift:
                  swift_store_user: services:glance
                  swift_store_key: "{{ secret.glance_swift_key }}"
                  swift_store_auth_address: http://keystone:5000/v3
                  swift_store_create_container_on_put: true
            """)
    }

    func testBackendCinder() throws {
        try check("glance-backend-cinder", """
            - hosts: controllers
              roles:
                glance::backend::cinder:
                  cinder_store_password: "{{ secret.glance_keystone }}"
                  cinder_store_user_name: glance
                  cinder_volume_type: images
            """)
    }

    func testMultistoreInstances() throws {
        try check("glance-backend-multistore", """
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["fast:rbd", "slow:rbd", "local:file", "vols:cinder"]
                  default_backend: fast
                glance::backend::multistore::rbd:
                  - { id: fast, rbd_store_pool: images-ssd, store_description: SSD }
                  - { id: slow, rbd_store_pool: images-hdd }
                glance::backend::multistore::file: { id: local }
                glance::backend::multistore::cinder: { id: vols, cinder_volume_type: glance }
            """)
    }

    func testDBMySQL() throws {
        try check("glance-db-mysql", """
            - hosts: databases
              roles:
                glance::db::mysql:
                  password: "{{ secret.glance_db }}"
                  allowed_hosts: ["10.0.0.%", "ctl01"]
            """)
    }

    func testKeystoneAuth() throws {
        try check("glance-keystone-auth", """
            - hosts: controllers
              roles:
                glance::keystone::auth:
                  password: "{{ secret.glance_keystone }}"
                  public_url: https://image.example.net:9292
            """)
    }

    func testCacheCron() throws {
        try check("glance-cache-cron", """
            - hosts: controllers
              roles:
                glance::cache::cleaner:
                glance::cache::pruner:
                  maxdelay: 600
                  command_options: --debug
            """)
    }

    func testConfig() throws {
        try check("glance-config", """
            - hosts: controllers
              roles:
                glance::config:
                  api_config:
                    'DEFAULT/image_cache_sqlite_db': { value: cache.db }
                    'DEFAULT/allowed_origins': { ensure: absent }
                    'oslo_messaging_notifications/driver': { value: [messagingv2, log] }
                    'DEFAULT/digest_algorithm': sha256
                  api_paste_ini_config:
                    'filter:authtoken/delay_auth_decision': { value: "true" }
                  cache_config:
                    'DEFAULT/admin_password': { value: "{{ secret.glance_keystone }}" }
                    'DEFAULT/admin_user': { value: "glance", secret: true }
                  image_import_config:
                    'image_conversion/output_format': { value: raw }
                  rootwrap_config:
                    'DEFAULT/use_syslog': { value: "False" }
            """)
    }

    func testUWSGI() throws {
        try check("glance-wsgi-uwsgi", """
            - hosts: controllers
              roles:
                glance::wsgi::uwsgi: { threads: 16 }
            """)
    }

    func testRegistryOnMitaka() throws {
        try check("glance-registry-mitaka", """
            - hosts: controllers
              roles:
                glance::registry:
                  keystone_password: "{{ secret.glance_keystone }}"
                  database_connection: "mysql://glance:{{ secret.glance_db }}@db1/glance"
                  verbose: true
            """, release: TargetRelease(osID: "ubuntu", osVersionID: "16.04", glanceMajor: 12))
    }

    func testRegistryAbsent() throws {
        try check("glance-registry-absent", """
            - hosts: controllers
              roles:
                glance::registry: { ensure: absent }
            """)
    }
}
