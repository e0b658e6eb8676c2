/// `glance::db::sync` and `glance::db::metadefs`: puppet's `glance-manage EXTRA db_sync` and
/// `glance-manage EXTRA db_load_metadefs` execs, as the glance user, when Glance's files or package
/// change. glance::api with `sync_db` includes both with their defaults; a play that has either
/// role gives its parameters to that one-shot instead. Without `extra_params` glance-push names
/// glance-api.conf itself (`--config-file`), which glance-manage reads by default too.
/// puppet's `tries => 10, try_sleep => 5` is not repeated: glance-push runs db_sync after the
/// database roles of the same deploy, in order, and a failed db_sync fails its host at once.
enum DBSyncRoles {
    static let syncName = "glance::db::sync"
    static let metadefsName = "glance::db::metadefs"
    static let syncID = "glance-db-sync"
    static let metadefsID = "glance-db-load-metadefs"
    static let defaultSyncTimeout = 300

    static let sync = RoleSpec(syncName, parameters: [
        .custom("extra_params", default: ""),
        .custom("db_sync_timeout", .integer(1...86400), default: .value(.integer(defaultSyncTimeout))),
    ], check: checkExtraParams, render: { r in
        r.output.oneShots.append(syncCommand(r, extraParams: r.string("extra_params") ?? "",
                                             timeout: timeout(of: r)))
    })

    static let metadefs = RoleSpec(metadefsName, parameters: [
        .custom("extra_params", default: ""),
    ], check: checkExtraParams, render: { r in
        r.output.oneShots.append(metadefsCommand(r, extraParams: r.string("extra_params") ?? ""))
    })

    /// glance-manage's words go through `su -c`: one argument per blank-separated word, nothing
    /// a shell would expand.
    @Sendable static func checkExtraParams(_ r: RoleRendering) throws {
        guard let extra = r.string("extra_params") else { return }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,@+- ")
        if let bad = extra.first(where: { !allowed.contains($0) }) {
            throw r.error("extra_params may hold only glance-manage options (letters, digits, blanks and _./=:,@+-), "
                + "not '\(bad)': it is run through a shell as the glance user", at: "extra_params")
        }
    }

    /// db_sync's one-shot for a play whose glance::api has `sync_db`, unless the play has the role.
    static func implicitSync(_ r: RoleRendering) -> OneShotCommand? {
        r.hasRole(syncName) ? nil : syncCommand(r, extraParams: "", timeout: defaultSyncTimeout)
    }

    static func implicitMetadefs(_ r: RoleRendering) -> OneShotCommand? {
        r.hasRole(metadefsName) ? nil : metadefsCommand(r, extraParams: "")
    }

    private static func timeout(of r: RoleRendering) -> Int {
        if case .integer(let seconds)? = r.value("db_sync_timeout") { return seconds }
        return defaultSyncTimeout
    }

    private static func syncCommand(_ r: RoleRendering, extraParams: String, timeout: Int) -> OneShotCommand {
        var command = oneShot(r, id: syncID, subcommand: "db_sync", extraParams: extraParams)
        command.timeout = Double(timeout)
        return command
    }

    private static func metadefsCommand(_ r: RoleRendering, extraParams: String) -> OneShotCommand {
        oneShot(r, id: metadefsID, subcommand: "db_load_metadefs", extraParams: extraParams)
    }

    private static func oneShot(_ r: RoleRendering, id: String, subcommand: String, extraParams: String) -> OneShotCommand {
        let options = extraParams.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        let arguments = options.isEmpty ? "--config-file \(GlanceFile.api)" : options
        // A shared database is migrated once per deploy; sqlite lives on each host.
        let shared = !(databaseConnection(r) ?? "sqlite").hasPrefix("sqlite")
        return OneShotCommand(id: id, command: "glance-manage \(arguments) \(subcommand)", user: "glance",
                              onceAcrossHosts: shared, triggeredBy: [GlanceFile.api, "glance-api"])
    }

    /// The connection glance-manage uses: the play's glance::api's (see `GlanceAPIRole.databaseConnection`),
    /// else its glance::api::db's.
    private static func databaseConnection(_ r: RoleRendering) -> String? {
        if r.role.spec.name == GlanceAPIRole.name { return GlanceAPIRole.databaseConnection(r) }
        if let api = r.others(GlanceAPIRole.name).first, api.isGiven("database_connection") {
            return api.value("database_connection")?.text
        }
        return r.others(GlanceAPIDBRole.name).first?.value("database_connection")?.text
    }
}
