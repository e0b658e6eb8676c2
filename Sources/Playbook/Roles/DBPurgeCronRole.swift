/// `glance::cron::db_purge` and `glance::cron::db_purge_images_table`: a cron entry in
/// /etc/cron.d running puppet's exact command, `glance-manage db purge[_images_table]
/// --age_in_days AGE --max_rows ROWS >>DESTINATION 2>&1`, with puppet's environment
/// (PATH=/bin:/usr/bin:/usr/sbin SHELL=/bin/sh) and, for maxdelay > 0, puppet's
/// "sleep `expr ${RANDOM} \% N`; " prefix as its spec expects it.
enum DBPurgeCronRole {
    static let purge = spec("db_purge", subcommand: "purge", destination: "/var/log/glance/glance-rowsflush.log")
    static let purgeImagesTable = spec("db_purge_images_table", subcommand: "purge_images_table",
                                       destination: "/var/log/glance/glance-images-rowsflush.log")

    private static func spec(_ kind: String, subcommand: String, destination: String) -> RoleSpec {
        let file = "/etc/cron.d/glance-manage-db-\(subcommand.replacingOccurrences(of: "_", with: "-"))"
        return RoleSpec("glance::cron::\(kind)", parameters: [
            .custom("minute", default: "1"),
            .custom("hour", default: "0"),
            .custom("monthday", default: "*"),
            .custom("month", default: "*"),
            .custom("weekday", default: "*"),
            .custom("user", default: "glance"),
            .custom("age", .integer(0...100000), default: 30),
            .custom("max_rows", .integer(1...100000000), default: 100),
            .custom("destination", default: .value(.string(destination))),
            .custom("maxdelay", .integer(0...86400), default: 0),
            .custom("ensure", .oneOf(["present", "absent"]), default: "present"),
        ], check: { r in
            if r.string("ensure") == "absent" {
                throw r.error("'ensure: absent' (removing the cron entry) is not supported yet: leave the role out "
                    + "and remove \(file) by hand", at: "ensure")
            }
            for field in ["minute", "hour", "monthday", "month", "weekday"] {
                if let value = r.string(field),
                   value.isEmpty || !value.allSatisfy({ $0.isLetter || $0.isNumber || "*/,-".contains($0) }) {
                    throw r.error("'\(field)' must be a cron field like '*', '*/30' or '1,2', got '\(value)'", at: field)
                }
            }
            if let user = r.string("user"), user.isEmpty || user.contains(where: { $0 == " " || $0 == "\t" }) {
                throw r.error("'user' must be one user name, got '\(user)'", at: "user")
            }
            if let path = r.string("destination"),
               !path.hasPrefix("/") || path.contains(where: { " \t\n%;&|<>`$".contains($0) }) {
                throw r.error("'destination' must be an absolute path without spaces or shell characters, "
                    + "got '\(path)'", at: "destination")
            }
        }, render: { r in
            let schedule = ["minute", "hour", "monthday", "month", "weekday"].map { r.string($0) ?? "*" }
            r.output.wholeFiles.append(WholeFile(path: file, content: """
                # Written by glance-push (glance::cron::\(kind)).
                PATH=/bin:/usr/bin:/usr/sbin
                SHELL=/bin/sh
                \(schedule.joined(separator: " ")) \(r.string("user") ?? "glance") \(command(r, subcommand: subcommand))

                """, owner: "root", group: "root", mode: 0o644))
        })
    }

    /// The command puppet's cron resource gets.
    static func command(_ r: RoleRendering, subcommand: String) -> String {
        var sleep = ""
        if case .integer(let delay)? = r.value("maxdelay"), delay > 0 { sleep = "sleep `expr ${RANDOM} \\% \(delay)`; " }
        return "\(sleep)glance-manage db \(subcommand) --age_in_days \(r.string("age") ?? "30") "
            + "--max_rows \(r.string("max_rows") ?? "100") >>\(r.string("destination") ?? "") 2>&1"
    }
}
