import Playbook
import XCTest

/// The reserved stores, the http, s3 and vsphere multistore defines and glance::backend::vsphere,
/// against puppet-glance's specs (zed-eol; weight and the http store's glance-cache.conf keys are
/// stable/2025.1's).
final class PuppetSpecStoreRoleTests: XCTestCase {
    private let unset = "<SERVICE DEFAULT>"
    private let filesystemKeys = ["filesystem_store_datadir", "filesystem_store_file_perm", "filesystem_store_chunk_size",
                                  "filesystem_thin_provisioning"]

    /// spec/classes/glance_backend_reserved_staging_spec.rb and ..._tasks_spec.rb.
    func testReservedStores() throws {
        for (name, section) in [("staging", "os_glance_staging_store"), ("tasks", "os_glance_tasks_store")] {
            try PuppetSpec.check("spec-glance-backend-reserved-\(name)", [
                .init(title: "with defaults", yaml: "glance::backend::reserved::\(name):",
                      expected: PuppetSpec.all("api:\(section)/", filesystemKeys, unset)),
                .init(title: "with parameters", yaml: """
                    glance::backend::reserved::\(name):
                      filesystem_store_datadir: /var/lib/glance/\(name)
                      filesystem_store_file_perm: 0
                      filesystem_store_chunk_size: 65536
                      filesystem_thin_provisioning: true
                    """, expected: [
                        "api:\(section)/filesystem_store_datadir": "/var/lib/glance/\(name)",
                        "api:\(section)/filesystem_store_file_perm": "0",
                        "api:\(section)/filesystem_store_chunk_size": "65536",
                        "api:\(section)/filesystem_thin_provisioning": "True",
                    ]),
            ])
        }
    }

    /// spec/defines/glance_backend_multistore_http_spec.rb (title http). Zed writes glance-api.conf
    /// only; stable/2025.1 writes glance-cache.conf too.
    func testMultistoreHTTP() throws {
        let keys = ["https_ca_certificates_file", "https_insecure", "http_proxy_information"]
        let given = """
            glance::backend::multistore::http:
              https_ca_certificates_file: /etc/glance/https_ca_cert.pem
              https_insecure: true
              http_proxy_information: ["http:10.0.0.1:3128", "https:10.0.0.1:1080"]
            """
        let values: [String: String?] = [
            "api:http/https_ca_certificates_file": "/etc/glance/https_ca_cert.pem",
            "api:http/https_insecure": "True",
            "api:http/http_proxy_information": "http:10.0.0.1:3128,https:10.0.0.1:1080",
        ]
        try PuppetSpec.check("spec-glance-backend-multistore-http", [
            .init(title: "with default params", yaml: "glance::backend::multistore::http:",
                  expected: PuppetSpec.all("api:http/", keys, unset).merging(PuppetSpec.all("cache:http/", keys, nil)) { $1 }),
            .init(title: "when passing params", yaml: given,
                  expected: values.merging(PuppetSpec.all("cache:http/", keys, nil)) { $1 }),
        ])
        try PuppetSpec.check("spec-glance-backend-multistore-http-2025.1", [
            .init(title: "when passing params (stable/2025.1)", yaml: given + "\n  weight: 10", expected: values.merging([
                "api:http/weight": "10",
                "cache:http/https_insecure": "True",
                "cache:http/http_proxy_information": "http:10.0.0.1:3128,https:10.0.0.1:1080",
                "cache:http/weight": "10",
            ]) { $1 }),
        ], release: .debian13Epoxy)
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::backend::multistore::http:\n  - { id: http }\n  - { id: anotherhttp }"))
        }.contains("Glance accepts only one http store"))
    }

    /// spec/defines/glance_backend_multistore_s3_spec.rb (title s3): the credentials are secret, and
    /// store_description goes to glance-api.conf only.
    func testMultistoreS3() throws {
        let required = """
            glance::backend::multistore::s3:
              s3_store_host: host
              s3_store_access_key: access
              s3_store_secret_key: secret
              s3_store_bucket: bucket
            """
        let optional = ["s3_store_create_bucket_on_put", "s3_store_bucket_url_format", "s3_store_large_object_size",
                        "s3_store_large_object_chunk_size", "s3_store_thread_pools"]
        var defaults: [String: String?] = ["api:s3/store_description": unset, "cache:s3/store_description": nil]
        for file in ["api", "cache"] {
            defaults.merge(["\(file):s3/s3_store_host": "host", "\(file):s3/s3_store_access_key": "access",
                            "\(file):s3/s3_store_secret_key": "secret", "\(file):s3/s3_store_bucket": "bucket"]) { $1 }
            defaults.merge(PuppetSpec.all("\(file):s3/", optional, unset)) { $1 }
        }
        var overridden: [String: String?] = ["api:s3/store_description": "s3store", "cache:s3/store_description": nil]
        for file in ["api", "cache"] {
            overridden.merge(["\(file):s3/s3_store_create_bucket_on_put": "False", "\(file):s3/s3_store_bucket_url_format": "auto",
                              "\(file):s3/s3_store_large_object_size": "100",
                              "\(file):s3/s3_store_large_object_chunk_size": "10",
                              "\(file):s3/s3_store_thread_pools": "11"]) { $1 }
        }
        try PuppetSpec.check("spec-glance-backend-multistore-s3", [
            .init(title: "with defaults", yaml: required, expected: defaults),
            .init(title: "when overriding datadir", yaml: required + """

                  store_description: s3store
                  s3_store_create_bucket_on_put: false
                  s3_store_bucket_url_format: auto
                  s3_store_large_object_size: 100
                  s3_store_large_object_chunk_size: 10
                  s3_store_thread_pools: 11
                  package_ensure: latest
                """, expected: overridden),
            .init(title: "when package management is disabled", yaml: required + "\n  manage_packages: false", expected: [:]),
        ])
        let outputs = try Sample.render(PuppetSpec.playbook(required))
        let secrets = outputs.flatMap(\.settings).filter(\.isSecret).map { "\($0.file) \($0.key)" }
        XCTAssertEqual(secrets.sorted(), [GlanceFile.api, GlanceFile.cache]
            .flatMap { ["\($0) s3_store_access_key", "\($0) s3_store_secret_key"] }.sorted())
        XCTAssertEqual(outputs.flatMap(\.packages).map(\.name), ["python3-boto3"])
        XCTAssertEqual(try Sample.render(PuppetSpec.playbook(required + "\n  manage_packages: false")).flatMap(\.packages).count, 0)
    }

    /// spec/defines/glance_backend_multistore_vsphere_spec.rb (title vsphere).
    func testMultistoreVsphere() throws {
        let required = """
            glance::backend::multistore::vsphere:
              vmware_server_host: 10.0.0.1
              vmware_server_username: root
              vmware_server_password: "123456"
              vmware_datastores: Datacenter:Datastore
              vmware_store_image_dir: /openstack_glance
            """
        try PuppetSpec.check("spec-glance-backend-multistore-vsphere", [
            .init(title: "when default parameters", yaml: required, expected: [
                "api:vsphere/store_description": unset,
                "api:vsphere/vmware_insecure": "True",
                "api:vsphere/vmware_server_host": "10.0.0.1",
                "api:vsphere/vmware_server_username": "root",
                "api:vsphere/vmware_server_password": "123456",
                "api:vsphere/vmware_store_image_dir": "/openstack_glance",
                "api:vsphere/vmware_task_poll_interval": unset,
                "api:vsphere/vmware_api_retry_count": unset,
                "api:vsphere/vmware_datastores": "Datacenter:Datastore",
                "api:vsphere/vmware_ca_file": unset,
            ]),
            .init(title: "when overriding parameters", yaml: required + """

                  store_description: My vsphere store
                  vmware_ca_file: /etc/glance/vcenter-ca.pem
                  vmware_task_poll_interval: 6
                  vmware_api_retry_count: 11
                """, expected: [
                    "api:vsphere/store_description": "My vsphere store",
                    "api:vsphere/vmware_ca_file": "/etc/glance/vcenter-ca.pem",
                    "api:vsphere/vmware_task_poll_interval": "6",
                    "api:vsphere/vmware_api_retry_count": "11",
                ]),
        ])
        let outputs = try Sample.render(PuppetSpec.playbook(required))
        XCTAssertEqual(outputs.flatMap(\.settings).filter(\.isSecret).map(\.key), ["vmware_server_password"])
        // glance_store's type is vmware; puppet-glance Zed's check named vsphere, which it does not load.
        let api = "glance::api: { enabled_backends: [\"vsphere:TYPE\"], default_backend: vsphere }\n"
        XCTAssertEqual(try Sample.render(PuppetSpec.playbook(api.replacingOccurrences(of: "TYPE", with: "vmware") + required))
            .flatMap(\.settings).first { $0.key == "enabled_backends" }?.value, .set("vsphere:vmware"))
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook(api.replacingOccurrences(of: "TYPE", with: "vsphere") + required))
        }.contains("glance_store's type for the VMware datastore is 'vmware'"))
    }

    /// spec/classes/glance_backend_vsphere_spec.rb: the vcenter_* parameters in [glance_store].
    /// puppet-glance 2025.1 removed the class; a Glance 30 host gets it with a warning.
    func testVsphereClass() throws {
        let required = """
            glance::backend::vsphere:
              vcenter_host: 10.0.0.1
              vcenter_user: root
              vcenter_password: "123456"
              vcenter_datastores: Datacenter:Datastore
              vcenter_image_dir: /openstack_glance
            """
        try PuppetSpec.check("spec-glance-backend-vsphere", [
            .init(title: "when default parameters", yaml: required, expected: [
                "api:glance_store/default_store": "vsphere",
                "api:glance_store/vmware_insecure": "True",
                "api:glance_store/vmware_server_host": "10.0.0.1",
                "api:glance_store/vmware_server_username": "root",
                "api:glance_store/vmware_server_password": "123456",
                "api:glance_store/vmware_store_image_dir": "/openstack_glance",
                "api:glance_store/vmware_task_poll_interval": unset,
                "api:glance_store/vmware_api_retry_count": unset,
                "api:glance_store/vmware_datastores": "Datacenter:Datastore",
                "api:glance_store/vmware_ca_file": unset,
                // store_description => undef in the class.
                "api:glance_store/store_description": nil,
            ]),
            .init(title: "when overriding parameters", yaml: required + """

                  vcenter_ca_file: /etc/glance/vcenter-ca.pem
                  vcenter_task_poll_interval: 6
                  vcenter_api_retry_count: 11
                """, expected: [
                    "api:glance_store/vmware_ca_file": "/etc/glance/vcenter-ca.pem",
                    "api:glance_store/vmware_task_poll_interval": "6",
                    "api:glance_store/vmware_api_retry_count": "11",
                ]),
            .init(title: "with multi_store", yaml: required + "\n  multi_store: true",
                  expected: ["api:glance_store/default_store": nil]),
        ])
        let warnings = try Sample.render(PuppetSpec.playbook(required), release: .debian13Epoxy).flatMap(\.warnings)
        XCTAssertTrue(warnings.contains { $0.hasSuffix("puppet-glance 2025.1 removed the vsphere store classes and "
            + "glance_store deprecated its VMware driver; Glance 30 still reads these options") }, "\(warnings)")
    }
}
