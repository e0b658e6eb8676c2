import Playbook
import XCTest

/// glance::api's import-plugin and deprecated filesystem parameters, glance::api::authtoken's
/// auth_section/cache/enforce_token_bind/params and glance::backend::multistore::swift's
/// swift_store_config_file/store_description, against puppet-glance's own specs (zed-eol, and
/// stable/2025.1 where it differs).
final class PuppetSpecParameterTests: XCTestCase {
    private let unset = "<SERVICE DEFAULT>"
    private let importConf = GlanceFile.imageImport

    /// spec/classes/glance_api_spec.rb: default and overridden params (image import plugins, glance_store).
    func testAPIImportPluginsAndFileStore() throws {
        try PuppetSpec.check("spec-glance-api-parameters", [
            .init(title: "with default parameters", yaml: "glance::api:", expected: [
                "\(importConf):image_conversion/output_format": unset,
                "\(importConf):inject_metadata_properties/inject": unset,
                "\(importConf):inject_metadata_properties/ignore_user_roles": unset,
                "api:glance_store/filesystem_store_metadata_file": unset,
                "api:glance_store/filesystem_store_file_perm": unset,
                "cache:glance_store/filesystem_store_metadata_file": nil,
            ]),
            .init(title: "with overridden parameters", yaml: """
                glance::api:
                  image_import_plugins: image_conversion
                  image_conversion_output_format: raw
                  inject_metadata_properties: key:val
                  ignore_user_roles: admin
                  filesystem_store_metadata_file: /etc/glance/glance-metadata-file.conf
                  filesystem_store_file_perm: "0644"
                """, expected: [
                    "\(importConf):image_import_opts/image_import_plugins": "[image_conversion]",
                    "\(importConf):image_conversion/output_format": "raw",
                    "\(importConf):inject_metadata_properties/inject": "key:val",
                    "\(importConf):inject_metadata_properties/ignore_user_roles": "admin",
                    "api:glance_store/filesystem_store_metadata_file": "/etc/glance/glance-metadata-file.conf",
                    "api:glance_store/filesystem_store_file_perm": "0644",
                ]),
        ])
        // stable/2025.1: glance-cache.conf too.
        try PuppetSpec.check("spec-glance-api-parameters-2025.1", [
            .init(title: "with overridden parameters (stable/2025.1)", yaml: """
                glance::api:
                  filesystem_store_metadata_file: /etc/glance/glance-metadata-file.conf
                  filesystem_store_file_perm: "0644"
                """, expected: [
                    "api:glance_store/filesystem_store_metadata_file": "/etc/glance/glance-metadata-file.conf",
                    "api:glance_store/filesystem_store_file_perm": "0644",
                    "cache:glance_store/filesystem_store_metadata_file": "/etc/glance/glance-metadata-file.conf",
                    "cache:glance_store/filesystem_store_file_perm": "0644",
                ]),
        ], release: .debian13Epoxy)
    }

    func testAPIDeprecatedFileStoreWarnsAndPermissionIsOctal() throws {
        let outputs = try Sample.render(PuppetSpec.playbook("glance::api: { filesystem_store_file_perm: 640 }"))
        XCTAssertTrue(outputs.flatMap(\.warnings).contains { $0.contains("'filesystem_store_file_perm' is deprecated") })
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::api: { filesystem_store_file_perm: 0648 }"))
        }.contains("octal mode"))
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::api: { image_conversion_output_format: qcow }"))
        }.contains("qcow2"))
    }

    /// spec/classes/glance_api_authtoken_spec.rb: defaults, overridden parameters, and the params hash.
    func testAuthtoken() throws {
        let required = "glance::api::authtoken:\n  password: glance_password"
        try PuppetSpec.check("spec-glance-api-authtoken-parameters", [
            .init(title: "with default parameters", yaml: required,
                  expected: PuppetSpec.all("api:keystone_authtoken/", ["auth_section", "cache", "enforce_token_bind"], unset)),
            .init(title: "when overriding parameters", yaml: required + """

                  auth_section: new_section
                  cache: somevalue
                  enforce_token_bind: permissive
                """, expected: [
                    "api:keystone_authtoken/auth_section": "new_section",
                    "api:keystone_authtoken/cache": "somevalue",
                    "api:keystone_authtoken/enforce_token_bind": "permissive",
                ]),
            .init(title: "when overriding parameters via params hash", yaml: required + """

                  username: myuser
                  params: { username: myotheruser }
                """, expected: ["api:keystone_authtoken/username": "myotheruser"]),
        ])
    }

    func testAuthtokenParamsAreTypedSecretAndLimitedToTheRolesParameters() throws {
        let outputs = try Sample.render(PuppetSpec.playbook("""
            glance::api::authtoken:
              password: a
              params: { password: b, token_cache_time: 300 }
            """))
        let password = outputs.flatMap(\.settings).first { $0.key == "password" }
        XCTAssertEqual(password?.value, .set("b"))
        XCTAssertEqual(password?.isSecret, true)
        XCTAssertEqual(PuppetSpec.settings(outputs)["api:keystone_authtoken/token_cache_time"], "300")
        XCTAssertEqual(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::api::authtoken: { password: a, params: { collect_timing: true } }"))
        }.contains("key 'collect_timing' of 'params' is not a parameter of 'glance::api::authtoken'"), true)
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::api::authtoken: { password: a, params: { token_cache_time: x } }"))
        }.contains("'token_cache_time' must be an integer"))
        // As puppet: the password must be the class's own parameter.
        XCTAssertTrue(Sample.error {
            try Sample.render(PuppetSpec.playbook("glance::api::authtoken: { params: { password: b } }"))
        }.contains("needs parameter 'password'"))
    }

    /// spec/defines/glance_backend_multistore_swift_spec.rb (title swift).
    func testMultistoreSwift() throws {
        let required = "glance::backend::multistore::swift:\n  swift_store_user: user\n  swift_store_key: key"
        try PuppetSpec.check("spec-glance-backend-multistore-swift", [
            .init(title: "when default parameters", yaml: required, expected: [
                "api:swift/store_description": unset,
                "api:swift/swift_store_config_file": "/etc/glance/glance-swift.conf",
                "api:swift/default_swift_reference": "ref1",
            ]),
            .init(title: "when overriding parameters", yaml: required + """

                  store_description: My swift store
                  swift_store_config_file: /etc/glance/glance-swift2.conf
                  default_swift_reference: swift_creds
                """, expected: [
                    "api:swift/store_description": "My swift store",
                    "api:swift/swift_store_config_file": "/etc/glance/glance-swift2.conf",
                    "api:swift/default_swift_reference": "swift_creds",
                    "\(GlanceFile.swift):swift_creds/user": "user",
                ]),
        ])
        let outputs = try Sample.render(PuppetSpec.playbook(required + "\n  swift_store_config_file: /etc/glance/glance-swift2.conf"))
        XCTAssertTrue(outputs.flatMap(\.warnings).contains { $0.contains("the credentials are still written to /etc/glance/glance-swift.conf") })
        XCTAssertNil(RoleCatalog.role(named: "glance::backend::swift")?.parameter(named: "swift_store_config_file"))
    }
}
