/// `glance::db::mysql`: the database, its users and grants, on the database server. The SQL
/// (with the password) is a root-only file fed to `mysql` on stdin, so no password is on argv.
enum DBMySQLRole {
    static let sqlPath = "\(GlanceFile.credentialsDirectory)/glance-db-mysql.sql"

    static let spec = RoleSpec("glance::db::mysql", parameters: [
        .custom("password", default: .required, secret: true),
        .custom("dbname", default: "glance"),
        .custom("user", default: "glance"),
        .custom("host", default: "127.0.0.1"),
        .custom("allowed_hosts", .stringOrList),
        .custom("charset", default: "utf8"),
        .custom("collate", default: "utf8_general_ci"),
    ], render: { r in
        guard let password = r.string("password") else { return }
        let database = r.string("dbname") ?? "glance"
        let user = r.string("user") ?? "glance"
        var hosts = [r.string("host") ?? "127.0.0.1"]
        for host in r.list("allowed_hosts") ?? [] where !hosts.contains(host) { hosts.append(host) }
        var sql = [
            "-- Written by glance-push (glance::db::mysql); root only.",
            "CREATE DATABASE IF NOT EXISTS \(identifier(database)) CHARACTER SET \(identifier(r.string("charset") ?? "utf8")) "
                + "COLLATE \(identifier(r.string("collate") ?? "utf8_general_ci"));",
        ]
        for host in hosts {
            let account = "\(literal(user))@\(literal(host))"
            sql.append("CREATE USER IF NOT EXISTS \(account) IDENTIFIED BY \(literal(password));")
            sql.append("ALTER USER \(account) IDENTIFIED BY \(literal(password));")
            sql.append("GRANT ALL PRIVILEGES ON \(identifier(database)).* TO \(account);")
        }
        sql.append("FLUSH PRIVILEGES;")
        r.output.wholeFiles.append(WholeFile(path: sqlPath, content: sql.joined(separator: "\n") + "\n",
                                             owner: "root", group: "root", mode: 0o600, isSecret: true))
        r.output.oneShots.append(OneShotCommand(
            id: "glance-db-mysql", command: "mysql --batch < \(sqlPath)", triggeredBy: [sqlPath]))
    })

    /// A MySQL string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A MySQL identifier in backquotes.
    static func identifier(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "``") + "`"
    }
}
