import Playbook
import XCTest

/// glance::healthcheck, cors, limit, key_manager* (puppet-oslo defines underneath) and the
/// 2025.1 classes import_filtering_opts and os_brick, against puppet-glance's own specs; the
/// values the oslo defines write are puppet-oslo's (unmaintained/zed, stable/2025.1).
final class PuppetSpecOsloRoleTests: XCTestCase {
    private let unset = "<SERVICE DEFAULT>"

    /// spec/classes/glance_healthcheck_spec.rb (zed-eol), with 2025.1's new parameters on Glance 30.
    func testHealthcheck() throws {
        let keys = ["detailed", "backends", "disable_by_file_path", "disable_by_file_paths"]
        try PuppetSpec.check("spec-glance-healthcheck", [
            .init(title: "with default parameters", yaml: "glance::healthcheck:",
                  expected: PuppetSpec.all("api:healthcheck/", keys, unset)),
            .init(title: "with specific parameters", yaml: """
                glance::healthcheck:
                  detailed: true
                  backends: [disable_by_file]
                  disable_by_file_path: /etc/glance/healthcheck/disabled
                  disable_by_file_paths: ["9292:/etc/glance/healthcheck/disabled"]
                """, expected: [
                    "api:healthcheck/detailed": "True",
                    "api:healthcheck/backends": "disable_by_file",
                    "api:healthcheck/disable_by_file_path": "/etc/glance/healthcheck/disabled",
                    "api:healthcheck/disable_by_file_paths": "9292:/etc/glance/healthcheck/disabled",
                ]),
        ])
        // Nothing in glance-api-paste.ini (zed-eol and 2025.1 alike): puppet-glance writes only
        // glance_api_config, and the packaged paste file keeps its own healthcheck app or filter.
        let outputs = try Sample.render(PuppetSpec.playbook("glance::healthcheck: { detailed: true }"))
        XCTAssertEqual(Set(outputs.flatMap(\.settings).map(\.file)), [GlanceFile.api])
        try PuppetSpec.check("spec-glance-healthcheck-2025.1", [
            .init(title: "with specific parameters (stable/2025.1)", yaml: """
                glance::healthcheck:
                  allowed_source_ranges: [10.0.0.0/24, 10.0.1.0/24]
                  ignore_proxied_requests: false
                  enable_by_file_paths: [/etc/glance/healthcheck/enabled]
                """, expected: [
                    "api:healthcheck/allowed_source_ranges": "10.0.0.0/24,10.0.1.0/24",
                    "api:healthcheck/ignore_proxied_requests": "False",
                    "api:healthcheck/enable_by_file_paths": "/etc/glance/healthcheck/enabled",
                ]),
        ], release: .debian13Epoxy)
    }

    /// spec/classes/glance_cors_spec.rb.
    func testCors() throws {
        let keys = ["allowed_origin", "allow_credentials", "expose_headers", "max_age", "allow_methods", "allow_headers"]
        try PuppetSpec.check("spec-glance-cors", [
            .init(title: "with default parameters", yaml: "glance::cors:", expected: PuppetSpec.all("api:cors/", keys, unset)),
            .init(title: "with specific parameters", yaml: """
                glance::cors:
                  allowed_origin: "*"
                  allow_credentials: true
                  expose_headers: Content-Language,Expires
                  max_age: 3600
                  allow_methods: GET,POST,PUT,DELETE,OPTIONS
                  allow_headers: Content-Type,Cache-Control
                """, expected: [
                    "api:cors/allowed_origin": "*",
                    "api:cors/allow_credentials": "True",
                    "api:cors/expose_headers": "Content-Language,Expires",
                    "api:cors/max_age": "3600",
                    "api:cors/allow_methods": "GET,POST,PUT,DELETE,OPTIONS",
                    "api:cors/allow_headers": "Content-Type,Cache-Control",
                ]),
        ])
    }

    /// spec/classes/glance_limit_spec.rb. The spec checks what glance::limit passes to
    /// oslo::limit; with system_scope, oslo::limit then removes project_name and
    /// project_domain_name, and so does glance-push.
    func testLimit() throws {
        let required = """
            glance::limit:
              endpoint_id: b41eeaed-d2ae-4add-9bfd-9ea8ac912d64
              password: "{{ secret.glance_keystone }}"
            """
        try PuppetSpec.check("spec-glance-limit", [
            .init(title: "with default parameters", yaml: required, expected: [
                "api:oslo_limit/endpoint_id": "b41eeaed-d2ae-4add-9bfd-9ea8ac912d64",
                "api:oslo_limit/username": "glance",
                "api:oslo_limit/password": "ks-S3cret",
                "api:oslo_limit/auth_url": "http://localhost:5000",
                "api:oslo_limit/project_name": "services",
                "api:oslo_limit/user_domain_name": "Default",
                "api:oslo_limit/project_domain_name": "Default",
                "api:oslo_limit/system_scope": unset,
                "api:oslo_limit/auth_type": "password",
                "api:oslo_limit/service_type": unset,
                "api:oslo_limit/valid_interfaces": unset,
                "api:oslo_limit/region_name": unset,
                "api:oslo_limit/endpoint_override": unset,
            ]),
            .init(title: "with specific parameters", yaml: required + """

                  username: alt_glance
                  auth_url: http://192.168.0.1:5000
                  project_name: alt_services
                  user_domain_name: domainX
                  project_domain_name: domainX
                  system_scope: all
                  auth_type: v3password
                  service_type: identity
                  valid_interfaces: public
                  region_name: regionOne
                  endpoint_override: http://192.168.0.2:5000
                """, expected: [
                    "api:oslo_limit/username": "alt_glance",
                    "api:oslo_limit/auth_url": "http://192.168.0.1:5000",
                    "api:oslo_limit/project_name": unset,
                    "api:oslo_limit/user_domain_name": "domainX",
                    "api:oslo_limit/project_domain_name": unset,
                    "api:oslo_limit/system_scope": "all",
                    "api:oslo_limit/auth_type": "v3password",
                    "api:oslo_limit/service_type": "identity",
                    "api:oslo_limit/valid_interfaces": "public",
                    "api:oslo_limit/region_name": "regionOne",
                    "api:oslo_limit/endpoint_override": "http://192.168.0.2:5000",
                ]),
        ])
        let outputs = try Sample.render(PuppetSpec.playbook(required))
        XCTAssertEqual(outputs.flatMap(\.settings).first { $0.key == "password" }?.isSecret, true)
    }

    /// stable/2025.1's glance_limit_spec.rb: without endpoint_id the endpoint is found by service
    /// name and type; Zed needs endpoint_id.
    func testLimitFindsItsEndpointByServiceOnGlance30() throws {
        try PuppetSpec.check("spec-glance-limit-2025.1", [
            .init(title: "without endpoint_id (stable/2025.1)", yaml: """
                glance::limit: { password: "{{ secret.glance_keystone }}" }
                """, expected: [
                    "api:oslo_limit/endpoint_id": unset,
                    "api:oslo_limit/endpoint_service_name": "glance",
                    "api:oslo_limit/endpoint_service_type": "image",
                ]),
            .init(title: "with endpoint_id (stable/2025.1)", yaml: """
                glance::limit: { password: "{{ secret.glance_keystone }}", endpoint_id: 4c6f }
                """, expected: [
                    "api:oslo_limit/endpoint_id": "4c6f",
                    "api:oslo_limit/endpoint_service_name": unset,
                    "api:oslo_limit/endpoint_service_type": unset,
                ]),
        ], release: .debian13Epoxy)
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::limit: { password: x }"))
        }.contains("endpoint_id"))
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::limit: { password: x, endpoint_id: a, endpoint_service_name: g }"),
                              release: .debian13Epoxy)
        }.contains("endpoint_id and endpoint_service_name are mutually exclusive"))
    }

    /// spec/classes/glance_key_manager_spec.rb and glance_key_manager_barbican_spec.rb.
    func testKeyManagerAndBarbican() throws {
        let barbican = ["barbican_endpoint", "barbican_api_version", "auth_endpoint", "retry_delay", "number_of_retries",
                        "barbican_endpoint_type", "barbican_region_name", "send_service_user_token"]
        try PuppetSpec.check("spec-glance-key-manager", [
            .init(title: "with default parameters", yaml: "glance::key_manager:\nglance::key_manager::barbican:",
                  expected: PuppetSpec.all("api:barbican/", barbican, unset)
                    .merging(["api:key_manager/backend": unset]) { $1 }),
            .init(title: "with specified parameters", yaml: """
                glance::key_manager: { backend: barbican }
                glance::key_manager::barbican:
                  barbican_endpoint: http://localhost:9311/
                  barbican_api_version: v1
                  auth_endpoint: http://localhost:5000
                  retry_delay: 1
                  number_of_retries: 60
                  barbican_endpoint_type: public
                  barbican_region_name: regionOne
                  send_service_user_token: true
                """, expected: [
                    "api:key_manager/backend": "barbican",
                    "api:barbican/barbican_endpoint": "http://localhost:9311/",
                    "api:barbican/barbican_api_version": "v1",
                    "api:barbican/auth_endpoint": "http://localhost:5000",
                    "api:barbican/retry_delay": "1",
                    "api:barbican/number_of_retries": "60",
                    "api:barbican/barbican_endpoint_type": "public",
                    "api:barbican/barbican_region_name": "regionOne",
                    "api:barbican/send_service_user_token": "True",
                ]),
        ])
    }

    /// spec/classes/glance_key_manager_barbican_service_user_spec.rb. As for glance::limit,
    /// system_scope removes the project (oslo::key_manager::barbican::service_user). auth_version
    /// and region_name are written as puppet writes them, but Glance 25 and 30 define neither in
    /// [barbican_service_user]: the option check refuses them (PlannerTests' NewRoleOptionTests).
    func testBarbicanServiceUser() throws {
        let password = "glance::key_manager::barbican::service_user:\n  password: \"{{ secret.glance_keystone }}\""
        try PuppetSpec.check("spec-glance-key-manager-barbican-service-user", [
            .init(title: "with default parameters", yaml: password, expected: [
                "api:barbican_service_user/username": "glance",
                "api:barbican_service_user/password": "ks-S3cret",
                "api:barbican_service_user/auth_url": "http://localhost:5000",
                "api:barbican_service_user/project_name": "services",
                "api:barbican_service_user/user_domain_name": "Default",
                "api:barbican_service_user/project_domain_name": "Default",
                "api:barbican_service_user/system_scope": unset,
                "api:barbican_service_user/insecure": unset,
                "api:barbican_service_user/auth_type": "password",
                "api:barbican_service_user/auth_version": unset,
                "api:barbican_service_user/cafile": unset,
                "api:barbican_service_user/certfile": unset,
                "api:barbican_service_user/keyfile": unset,
                "api:barbican_service_user/region_name": unset,
            ]),
            .init(title: "with specified parameters", yaml: password + """

                  username: alt_glance
                  auth_url: http://127.0.0.1:5000
                  project_name: alt_services
                  user_domain_name: Domain1
                  project_domain_name: Domain2
                  system_scope: all
                  insecure: false
                  auth_type: v3password
                  auth_version: v3
                  cafile: /opt/stack/data/cafile.pem
                  certfile: certfile.crt
                  keyfile: keyfile
                  region_name: regionOne
                """, expected: [
                    "api:barbican_service_user/username": "alt_glance",
                    "api:barbican_service_user/auth_url": "http://127.0.0.1:5000",
                    "api:barbican_service_user/project_name": unset,
                    "api:barbican_service_user/user_domain_name": "Domain1",
                    "api:barbican_service_user/project_domain_name": unset,
                    "api:barbican_service_user/system_scope": "all",
                    "api:barbican_service_user/insecure": "False",
                    "api:barbican_service_user/auth_type": "v3password",
                    "api:barbican_service_user/auth_version": "v3",
                    "api:barbican_service_user/cafile": "/opt/stack/data/cafile.pem",
                    "api:barbican_service_user/certfile": "certfile.crt",
                    "api:barbican_service_user/keyfile": "keyfile",
                    "api:barbican_service_user/region_name": "regionOne",
                ]),
        ])
    }

    /// stable/2025.1's spec/classes/glance_import_filtering_opts_spec.rb.
    func testImportFilteringOpts() throws {
        let keys = ["allowed_schemes", "disallowed_schemes", "allowed_hosts", "disallowed_hosts", "allowed_ports",
                    "disallowed_ports"]
        try PuppetSpec.check("spec-glance-import-filtering-opts", [
            .init(title: "with defaults", yaml: "glance::import_filtering_opts:",
                  expected: PuppetSpec.all("api:import_filtering_opts/", keys, unset)),
            .init(title: "with parameters", yaml: """
                glance::import_filtering_opts:
                  allowed_schemes: [http, https]
                  disallowed_schemes: [ftp, ftps]
                  allowed_hosts: [host1, host2]
                  disallowed_hosts: [host3, host4]
                  allowed_ports: [80, 443]
                  disallowed_ports: [21, 990]
                """, expected: [
                    "api:import_filtering_opts/allowed_schemes": "[http,https]",
                    "api:import_filtering_opts/disallowed_schemes": "[ftp,ftps]",
                    "api:import_filtering_opts/allowed_hosts": "[host1,host2]",
                    "api:import_filtering_opts/disallowed_hosts": "[host3,host4]",
                    "api:import_filtering_opts/allowed_ports": "[80,443]",
                    "api:import_filtering_opts/disallowed_ports": "[21,990]",
                ]),
        ], release: .debian13Epoxy)
    }

    /// stable/2025.1's spec/classes/glance_os_brick_spec.rb: glance-api.conf and glance-cache.conf.
    func testOSBrick() throws {
        let keys = ["lock_path", "wait_mpath_device_attempts", "wait_mpath_device_interval"]
        try PuppetSpec.check("spec-glance-os-brick", [
            .init(title: "with defaults", yaml: "glance::os_brick:",
                  expected: PuppetSpec.all("api:os_brick/", keys, unset)
                    .merging(PuppetSpec.all("cache:os_brick/", keys, unset)) { $1 }),
            .init(title: "with parameters overridden", yaml: """
                glance::os_brick:
                  lock_path: /var/lib/openstack/lock
                  wait_mpath_device_attempts: 4
                  wait_mpath_device_interval: 1
                """, expected: [
                    "api:os_brick/lock_path": "/var/lib/openstack/lock",
                    "api:os_brick/wait_mpath_device_attempts": "4",
                    "api:os_brick/wait_mpath_device_interval": "1",
                    "cache:os_brick/lock_path": "/var/lib/openstack/lock",
                    "cache:os_brick/wait_mpath_device_attempts": "4",
                    "cache:os_brick/wait_mpath_device_interval": "1",
                ]),
        ], release: .debian13Epoxy)
    }

    /// spec/classes/glance_wsgi_spec.rb (zed-eol).
    func testWSGI() throws {
        try PuppetSpec.check("spec-glance-wsgi", [
            .init(title: "with default parameters", yaml: "glance::wsgi:",
                  expected: PuppetSpec.all("api:wsgi/", ["task_pool_threads", "python_interpreter"], unset)),
            .init(title: "with specified parameters", yaml: """
                glance::wsgi:
                  task_pool_threads: 16
                  python_interpreter: /usr/bin/python3
                """, expected: ["api:wsgi/task_pool_threads": "16", "api:wsgi/python_interpreter": "/usr/bin/python3"]),
        ])
    }
}
