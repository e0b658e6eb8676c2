/// `glance::cache::cleaner` and `glance::cache::pruner`: a cron entry in /etc/cron.d, run as
/// glance with PATH /bin:/usr/bin:/usr/sbin.
enum CacheCronRole {
    static let cleaner = spec("cleaner", minute: "1", hour: "0")
    static let pruner = spec("pruner", minute: "*/30", hour: "*")

    private static func spec(_ kind: String, minute: String, hour: String) -> RoleSpec {
        RoleSpec("glance::cache::\(kind)", parameters: [
            .custom("minute", default: .value(.string(minute))),
            .custom("hour", default: .value(.string(hour))),
            .custom("monthday", default: "*"),
            .custom("month", default: "*"),
            .custom("weekday", default: "*"),
            .custom("command_options", default: ""),
            .custom("maxdelay", .integer(0...86400), default: 0),
            .custom("ensure", .oneOf(["present", "absent"]), default: "present"),
        ], check: { r in
            if r.string("ensure") == "absent" {
                throw r.error("'ensure: absent' (removing the cron entry) is not supported yet: leave the role out "
                    + "and remove /etc/cron.d/glance-cache-\(kind) by hand", at: "ensure")
            }
            for field in ["minute", "hour", "monthday", "month", "weekday"] {
                if let value = r.string(field),
                   value.isEmpty || !value.allSatisfy({ $0.isLetter || $0.isNumber || "*/,-".contains($0) }) {
                    throw r.error("'\(field)' must be a cron field like '*', '*/30' or '1,2', "
                        + "got '\(r.shown(value, of: field))'", at: field)
                }
            }
            if let options = r.string("command_options"), options.contains("\n") || options.contains("%") {
                throw r.error("'command_options' must be one line without '%' (cron treats it as a newline)",
                              at: "command_options")
            }
        }, render: { r in
            let schedule = ["minute", "hour", "monthday", "month", "weekday"].map { r.string($0) ?? "*" }
            var command = "glance-cache-\(kind)"
            if let options = r.string("command_options"), !options.isEmpty { command += " \(options)" }
            if case .integer(let delay)? = r.value("maxdelay"), delay > 0 {
                command = "sleep $(shuf -i 0-\(delay) -n 1); \(command)"
            }
            let content = """
                # Written by glance-push (glance::cache::\(kind)).
                PATH=/bin:/usr/bin:/usr/sbin
                \(schedule.joined(separator: " ")) glance \(command)

                """
            r.output.wholeFiles.append(WholeFile(path: "/etc/cron.d/glance-cache-\(kind)", content: content,
                                                 owner: "root", group: "root", mode: 0o644))
        })
    }
}
