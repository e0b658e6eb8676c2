import Playbook
import XCTest

/// glance::db::postgresql with the parameters of puppet-glance's
/// spec/classes/glance_db_postgresql_spec.rb (zed-eol: password only; user, dbname glance,
/// encoding unset, privileges ALL), asserting the exact SQL and the psql one-shot.
final class DBPostgreSQLSpecTests: XCTestCase {
    private func render(_ parameters: String) throws -> RoleOutput {
        try XCTUnwrap(try Sample.render(PuppetSpec.playbook("glance::db::postgresql:\n" + parameters)).first)
    }

    func testRequiredParametersAsPuppetsSpec() throws {
        let output = try render("  password: glancepass")
        let file = try XCTUnwrap(output.wholeFiles.first)
        XCTAssertEqual(file.path, "/var/lib/glance-push/credentials/glance-db-postgresql.sql")
        XCTAssertEqual([file.owner, file.group], ["root", "root"])
        XCTAssertEqual(file.mode, 0o600)
        XCTAssertTrue(file.isSecret)
        XCTAssertEqual(file.content, """
            -- Written by glance-push (glance::db::postgresql); root only.
            SELECT 'CREATE ROLE "glance" LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'glance')\\gexec
            ALTER ROLE "glance" LOGIN PASSWORD 'glancepass';
            SELECT 'CREATE DATABASE "glance"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'glance')\\gexec
            GRANT ALL ON DATABASE "glance" TO "glance";
            \\connect "glance"
            GRANT USAGE, CREATE ON SCHEMA public TO "glance";

            """)
        XCTAssertEqual(output.oneShots, [OneShotCommand(
            id: "glance-db-postgresql", command: "runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -f - < \(file.path)",
            onceAcrossHosts: true, triggeredBy: [file.path])])
    }

    func testEncodingPrivilegesAndQuoting() throws {
        let content = try XCTUnwrap(try render("""
              password: "it's"
              dbname: img"db
              user: o'brien
              encoding: UTF8
              privileges: [connect, temporary]
            """).wholeFiles.first?.content)
        XCTAssertEqual(content.split(separator: "\n").dropFirst().joined(separator: "\n"), """
            SELECT 'CREATE ROLE "o''brien" LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'o''brien')\\gexec
            ALTER ROLE "o'brien" LOGIN PASSWORD 'it''s';
            SELECT 'CREATE DATABASE "img""db" ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'img"db')\\gexec
            GRANT CONNECT, TEMPORARY ON DATABASE "img""db" TO "o'brien";
            """)
    }

    func testBadValuesAreRefused() {
        XCTAssertTrue(Sample.error { try Sample.render(PuppetSpec.playbook("glance::db::postgresql:\n  dbname: glance")) }
            .contains("needs parameter 'password'"))
        XCTAssertEqual(Sample.error { try Sample.render(PuppetSpec.playbook("glance::db::postgresql:\n  password: p\n  privileges: SELECT")) },
                       "site.yml:5:19: 'privileges' may hold only the database privileges ALL, ALL PRIVILEGES, CREATE, "
                        + "CONNECT, TEMPORARY, TEMP, not 'SELECT'")
        XCTAssertTrue(Sample.error { try Sample.render(PuppetSpec.playbook("glance::db::postgresql:\n  password: p\n  encoding: \"UTF8; DROP\"")) }
            .contains("'encoding' must be a PostgreSQL encoding name"))
    }
}
