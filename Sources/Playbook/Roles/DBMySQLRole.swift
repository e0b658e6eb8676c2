/// `glance::db::mysql`: the database, its users and grants, on the database server. The SQL
/// (with the password) is a root-only file fed to `mysql` on stdin, so no password is on argv.
/// `mysql` uses root's own client settings (puppet's /root/.my.cnf) unless the glance-push
/// parameters admin_host/admin_user/admin_password are given: then a root-only client file.
/// Runs once per deploy, before the shared database's db_sync that needs it.
enum DBMySQLRole {
    static let sqlPath = "\(GlanceFile.credentialsDirectory)/glance-db-mysql.sql"
    static let clientPath = "\(GlanceFile.credentialsDirectory)/glance-db-mysql-client.cnf"

    static let spec = RoleSpec("glance::db::mysql", parameters: [
        .custom("password", default: .required, secret: true),
        .custom("dbname", default: "glance"),
        .custom("user", default: "glance"),
        .custom("host", default: "127.0.0.1"),
        .custom("allowed_hosts", .stringOrList),
        .custom("charset", default: "utf8"),
        .custom("collate", default: "utf8_general_ci"),
        .custom("admin_host"),
        .custom("admin_port", .port),
        .custom("admin_user"),
        .custom("admin_password", secret: true),
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
        var client = ""
        var triggers = [sqlPath]
        if r.isGiven("admin_host") || r.isGiven("admin_password") {
            var lines = ["# Written by glance-push (glance::db::mysql); root only.", "[client]",
                         "user=\(r.string("admin_user") ?? "root")"]
            if let host = r.string("admin_host") { lines += ["host=\(host)", "protocol=TCP"] }
            if let port = r.string("admin_port") { lines.append("port=\(port)") }
            if let adminPassword = r.string("admin_password") { lines.append("password=\(optionValue(adminPassword))") }
            r.output.wholeFiles.append(WholeFile(path: clientPath, content: lines.joined(separator: "\n") + "\n",
                                                 owner: "root", group: "root", mode: 0o600, isSecret: true))
            client = " --defaults-extra-file=\(clientPath)"
            triggers.append(clientPath)
        }
        r.output.oneShots.append(OneShotCommand(
            id: "glance-db-mysql", command: "mysql\(client) --batch < \(sqlPath)", onceAcrossHosts: true,
            triggeredBy: triggers))
    })

    /// A value in a MySQL option file, double-quoted with backslash escapes.
    static func optionValue(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A MySQL string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A MySQL identifier in backquotes.
    static func identifier(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "``") + "`"
    }
}
