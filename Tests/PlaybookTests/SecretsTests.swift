import Foundation
import Playbook
import XCTest

final class SecretsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-secrets-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, mode: Int) throws -> String {
        let path = directory.appendingPathComponent("secrets.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func testRefusesGroupReadableFile() throws {
        let path = try write("glance_db: hunter2\n", mode: 0o644)
        XCTAssertEqual(Sample.error { try Secrets.load(path: path) },
                       "secrets file '\(path)' has mode 0644, wider than 0600; run 'chmod 600 \(path)'")
    }

    func testRefusesOwnerExecutableFile() throws {
        let path = try write("glance_db: hunter2\n", mode: 0o700)
        XCTAssertEqual(Sample.error { try Secrets.load(path: path) },
                       "secrets file '\(path)' has mode 0700, wider than 0600; run 'chmod 600 \(path)'")
    }

    func testLoadsOwnerOnlyFile() throws {
        let path = try write("glance_db: hunter2\nrabbit: 'p@ss:word'\n", mode: 0o600)
        let secrets = try Secrets.load(path: path)
        XCTAssertEqual(secrets.names, ["glance_db", "rabbit"])
        XCTAssertEqual(secrets.value(named: "rabbit"), "p@ss:word")
        XCTAssertEqual("\(secrets)", "Secrets(glance_db, rabbit)")
        let readOnly = try write("glance_db: hunter2\n", mode: 0o400)
        XCTAssertEqual(try Secrets.load(path: readOnly).names, ["glance_db"])
    }

    func testSecretMustBeAScalar() {
        XCTAssertEqual(Sample.error { try Secrets.parse("glance_db: [hunter2]\n", file: "secrets.yml") },
                       "secrets.yml:1:12: secret 'glance_db' must be a single value, not a list")
    }

    func testUnknownSecretSuggestsNearestNameAtLoad() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api::authtoken: { password: "{{ secret.glance_keystne }}" }
            """) }, "site.yml:3:41: unknown secret 'glance_keystne' (did you mean 'glance_keystone'?)")
    }

    func testSecretWithoutSecretsFile() {
        XCTAssertEqual(Sample.error { try Playbook.parse("""
            - hosts: controllers
              roles:
                glance::api::authtoken: { password: "{{ secret.glance_keystone }}" }
            """, file: "site.yml", secrets: nil) },
            "site.yml:3:41: '{{ secret.glance_keystone }}' needs a secrets file (--secrets)")
    }

    func testTypeErrorNeverShowsASecretValue() {
        let message = Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api: { bind_port: "{{ secret.rabbit }}" }
            """) }
        XCTAssertEqual(message, "site.yml:3:31: 'bind_port' must be a port number from 1 to 65535, got <secret>")
        XCTAssertFalse(message.contains("mq-S3cret"))
    }

    func testSecretValuesMarkSettingsSecret() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: "{{ secret.glance_db }}"
                  public_endpoint: "https://{{ ansible_host }}:9292"
            """)
        let settings = outputs.flatMap(\.settings)
        let bindHost = settings.first { $0.key == "bind_host" }
        XCTAssertEqual(bindHost?.value, .set("db-S3cret"))
        XCTAssertEqual(bindHost?.isSecret, true)
        let endpoint = settings.first { $0.key == "public_endpoint" }
        XCTAssertEqual(endpoint?.value, .set("https://10.0.0.11:9292"))
        XCTAssertEqual(endpoint?.isSecret, false)
        XCTAssertEqual(settings.first { $0.key == "connection" }?.isSecret, true)
    }

    func testValidationCredentialsFileKeepsPasswordOffTheCommandLine() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { validate: true, bind_host: "{{ ansible_host }}" }
                glance::api::authtoken:
                  password: "{{ secret.glance_keystone }}"
                  auth_url: http://keystone:5000
                  region_name: RegionOne
            """)
        let api = try XCTUnwrap(outputs.first)
        let health = try XCTUnwrap(api.services.first?.health)
        XCTAssertEqual(health.url, "http://10.0.0.11:9292/versions")
        XCTAssertEqual(health.validationCommand,
                       "sh -c '. /var/lib/glance-push/credentials/glance-api-validate.env && /usr/bin/python3 -c "
                       + "\"import openstack; next(iter(openstack.connect().image.images(limit=1)), None)\"'")
        XCTAssertEqual(api.wholeFiles, [WholeFile(
            path: "/var/lib/glance-push/credentials/glance-api-validate.env", content: """
                # Written by glance-push: Keystone credentials for commands it runs on this node.
                export OS_AUTH_TYPE=password
                export OS_IDENTITY_API_VERSION=3
                export OS_AUTH_URL='http://keystone:5000'
                export OS_USERNAME='glance'
                export OS_PASSWORD='ks-S3cret'
                export OS_PROJECT_NAME='services'
                export OS_USER_DOMAIN_NAME='Default'
                export OS_PROJECT_DOMAIN_NAME='Default'
                export OS_REGION_NAME='RegionOne'
                export OS_IMAGE_ENDPOINT_OVERRIDE='http://10.0.0.11:9292'

                """, owner: "root", group: "root", mode: 0o600, isSecret: true)])
        XCTAssertEqual(api.packages.map(\.name), ["glance-api", "python3-openstacksdk"])
        for oneShot in outputs.flatMap(\.oneShots) { XCTAssertFalse(oneShot.command.contains("ks-S3cret")) }
    }

    func testMySQLStatementsFedOnStdin() throws {
        let outputs = try Playbook.parse("""
            - hosts: databases
              roles:
                glance::db::mysql: { password: "{{ secret.pw }}", allowed_hosts: "10.0.0.%" }
            """, file: "site.yml", secrets: Secrets(["pw": "it's"]))
            .render(host: Sample.host, release: .debian12Zed, includes: { _ in true })
        let output = try XCTUnwrap(outputs.first)
        XCTAssertEqual(output.oneShots.map(\.command), ["mysql --batch < /var/lib/glance-push/credentials/glance-db-mysql.sql"])
        XCTAssertEqual(output.wholeFiles.first?.content, """
            -- Written by glance-push (glance::db::mysql); root only.
            CREATE DATABASE IF NOT EXISTS `glance` CHARACTER SET `utf8` COLLATE `utf8_general_ci`;
            CREATE USER IF NOT EXISTS 'glance'@'127.0.0.1' IDENTIFIED BY 'it''s';
            ALTER USER 'glance'@'127.0.0.1' IDENTIFIED BY 'it''s';
            GRANT ALL PRIVILEGES ON `glance`.* TO 'glance'@'127.0.0.1';
            CREATE USER IF NOT EXISTS 'glance'@'10.0.0.%' IDENTIFIED BY 'it''s';
            ALTER USER 'glance'@'10.0.0.%' IDENTIFIED BY 'it''s';
            GRANT ALL PRIVILEGES ON `glance`.* TO 'glance'@'10.0.0.%';
            FLUSH PRIVILEGES;

            """)
        XCTAssertEqual(output.wholeFiles.first?.mode, 0o600)
        XCTAssertEqual(output.wholeFiles.first?.isSecret, true)
    }

    func testKeystoneAuthPasswordFile() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::keystone::auth: { password: "{{ secret.glance_keystone }}" }
            """)
        let output = try XCTUnwrap(outputs.first)
        XCTAssertEqual(output.wholeFiles.first?.content, "GLANCE_PASSWORD='ks-S3cret'\n")
        XCTAssertEqual(output.oneShots.first?.onceAcrossHosts, true)
        XCTAssertFalse(output.oneShots.first?.command.contains("ks-S3cret") ?? true)
    }

    func testKeystoneAuthAdminCredentialsFile() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::keystone::auth:
                  password: "{{ secret.glance_keystone }}"
                  admin_auth_url: http://keystone:5000/v3/
                  admin_password: "{{ secret.glance_db }}"
            """)
        let output = try XCTUnwrap(outputs.first)
        XCTAssertEqual(output.wholeFiles.map(\.path), ["/var/lib/glance-push/credentials/glance-keystone-auth.env",
                                                       "/var/lib/glance-push/credentials/glance-keystone-admin.env"])
        XCTAssertEqual(output.wholeFiles.last?.content, """
            # Written by glance-push: Keystone credentials for commands it runs on this node.
            export OS_AUTH_TYPE=password
            export OS_IDENTITY_API_VERSION=3
            export OS_AUTH_URL='http://keystone:5000/v3/'
            export OS_USERNAME='admin'
            export OS_PASSWORD='db-S3cret'
            export OS_PROJECT_NAME='admin'
            export OS_USER_DOMAIN_NAME='Default'
            export OS_PROJECT_DOMAIN_NAME='Default'

            """)
        XCTAssertEqual(output.wholeFiles.last?.isSecret, true)
        let oneShot = try XCTUnwrap(output.oneShots.first)
        XCTAssertTrue(oneShot.command.hasPrefix("set -e\n. /var/lib/glance-push/credentials/glance-keystone-admin.env\n"
            + ". /var/lib/glance-push/credentials/glance-keystone-auth.env\n"), oneShot.command)
        XCTAssertEqual(oneShot.triggeredBy, output.wholeFiles.map(\.path))
        XCTAssertFalse(oneShot.command.contains("S3cret"))
    }

    func testMySQLAdminClientFile() throws {
        let outputs = try Playbook.parse("""
            - hosts: databases
              roles:
                glance::db::mysql: { password: x, admin_host: 10.0.0.5, admin_password: "{{ secret.pw }}" }
            """, file: "site.yml", secrets: Secrets(["pw": #"a"b\c"#]))
            .render(host: Sample.host, release: .debian12Zed, includes: { _ in true })
        let output = try XCTUnwrap(outputs.first)
        XCTAssertEqual(output.oneShots.map(\.command), [
            "mysql --defaults-extra-file=/var/lib/glance-push/credentials/glance-db-mysql-client.cnf --batch "
                + "< /var/lib/glance-push/credentials/glance-db-mysql.sql"])
        XCTAssertEqual(output.oneShots.first?.onceAcrossHosts, true)
        XCTAssertEqual(output.wholeFiles.last?.content, #"""
            # Written by glance-push (glance::db::mysql); root only.
            [client]
            user=root
            host=10.0.0.5
            protocol=TCP
            password="a\"b\\c"

            """#)
        XCTAssertEqual(output.wholeFiles.last?.isSecret, true)
    }
}

final class SecretRedactionTests: XCTestCase {
    func testCheckMessagesNeverCarryASecretValue() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api:
                  enabled_backends: ["{{ secret.glance_db }}"]
                  default_backend: x
            """) }, "site.yml:4:25: enabled_backends entries must be 'id:type', got '<secret>'")
    }
}
