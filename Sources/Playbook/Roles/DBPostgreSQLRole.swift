/// `glance::db::postgresql`: puppet's `openstacklib::db::postgresql` (role, database, grant) on
/// the database server, as SQL in a root-only file fed to `psql` run as the postgres user, so the
/// password is on no command line. Differences from puppet: the server hashes the password itself
/// (its `password_encryption`, SCRAM since PostgreSQL 14) where puppet sends an md5 hash; and
/// since PostgreSQL 15 no longer lets every user create tables in the `public` schema, a grant
/// of ALL or CREATE on the database also grants CREATE on that schema (db_sync needs it).
/// Runs once per deploy, before the shared database's db_sync.
enum DBPostgreSQLRole {
    static let sqlPath = "\(GlanceFile.credentialsDirectory)/glance-db-postgresql.sql"
    private static let privileges = ["ALL", "ALL PRIVILEGES", "CREATE", "CONNECT", "TEMPORARY", "TEMP"]

    static let spec = RoleSpec("glance::db::postgresql", parameters: [
        .custom("password", default: .required, secret: true),
        .custom("dbname", default: "glance"),
        .custom("user", default: "glance"),
        .custom("encoding"),
        .custom("privileges", .stringOrList, default: "ALL"),
    ], check: check, render: { r in
        guard let password = r.string("password") else { return }
        r.output.wholeFiles.append(WholeFile(path: sqlPath, content: sql(r, password: password),
                                             owner: "root", group: "root", mode: 0o600, isSecret: true))
        r.output.oneShots.append(OneShotCommand(
            id: "glance-db-postgresql", command: "runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -f - < \(sqlPath)",
            onceAcrossHosts: true, triggeredBy: [sqlPath]))
    })

    @Sendable static func check(_ r: RoleRendering) throws {
        for name in ["dbname", "user"] where r.string(name)?.isEmpty == true {
            throw r.error("'\(name)' must not be empty", at: name)
        }
        if let encoding = r.string("encoding"), encoding.isEmpty || !encoding.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
            throw r.error("'encoding' must be a PostgreSQL encoding name such as UTF8, got '\(encoding)'", at: "encoding")
        }
        for privilege in r.list("privileges") ?? [] where !privileges.contains(privilege.uppercased()) {
            throw r.error("'privileges' may hold only the database privileges "
                + privileges.joined(separator: ", ") + ", not '\(privilege)'", at: "privileges")
        }
    }

    static func sql(_ r: RoleRendering, password: String) -> String {
        let database = r.string("dbname") ?? "glance"
        let user = r.string("user") ?? "glance"
        let granted = (r.list("privileges") ?? ["ALL"]).map { $0.uppercased() }
        let encoding = r.string("encoding").map { " ENCODING \(literal($0))" } ?? ""
        var lines = [
            "-- Written by glance-push (glance::db::postgresql); root only.",
            "SELECT 'CREATE ROLE \(identifier(user).replacingOccurrences(of: "'", with: "''")) LOGIN' "
                + "WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = \(literal(user)))\\gexec",
            "ALTER ROLE \(identifier(user)) LOGIN PASSWORD \(literal(password));",
            "SELECT 'CREATE DATABASE \(identifier(database).replacingOccurrences(of: "'", with: "''"))"
                + "\(encoding.replacingOccurrences(of: "'", with: "''"))' "
                + "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = \(literal(database)))\\gexec",
            "GRANT \(granted.joined(separator: ", ")) ON DATABASE \(identifier(database)) TO \(identifier(user));",
        ]
        if granted.contains(where: { $0.hasPrefix("ALL") || $0 == "CREATE" }) {
            lines += ["\\connect \(identifier(database))", "GRANT USAGE, CREATE ON SCHEMA public TO \(identifier(user));"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A PostgreSQL string literal (standard_conforming_strings: only quotes are doubled).
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A PostgreSQL identifier in double quotes.
    static func identifier(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
