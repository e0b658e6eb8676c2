/// `glance::api::db`: `[database]` of glance-api.conf, written as puppet-oslo's `oslo::db` does
/// for it (every oslo::db key: the parameter's value, else removed), and the Python driver of
/// the connection's scheme. glance::api includes it: without this role in the play, glance::api
/// writes the section from its own database_* parameters (the names puppet-glance took there
/// until Xena); with it, glance::api writes only the ones it was given, this role's defaults give
/// way to those (puppet's pick()), and two different given values are a conflict.
enum GlanceAPIDBRole {
    static let name = "glance::api::db"
    static let defaultConnection = "sqlite:///var/lib/glance/glance.sqlite"
    static let schemes = ["mysql+pymysql", "mysql", "postgresql", "postgresql+psycopg2", "sqlite"]

    /// oslo::db's keys in its order, with the glance::api::db parameter feeding each; the others
    /// stay `<SERVICE DEFAULT>` (removed).
    static let osloKeys: [(key: String, parameter: String?)] = [
        ("sqlite_synchronous", nil), ("backend", nil), ("connection", "database_connection"),
        ("slave_connection", nil), ("mysql_sql_mode", nil),
        ("connection_recycle_time", "database_connection_recycle_time"),
        ("max_pool_size", "database_max_pool_size"), ("max_retries", "database_max_retries"),
        ("retry_interval", "database_retry_interval"), ("max_overflow", "database_max_overflow"),
        ("connection_debug", nil), ("connection_trace", nil), ("pool_timeout", "database_pool_timeout"),
        ("use_db_reconnect", nil), ("db_retry_interval", nil), ("db_inc_retry_interval", nil),
        ("db_max_retry_interval", nil), ("db_max_retries", "database_db_max_retries"),
        ("mysql_enable_ndb", "mysql_enable_ndb"),
    ]

    /// What glance::api::db takes (Zed), in puppet-glance's order.
    static let current: [ParameterSpec] = [
        .custom("database_db_max_retries", .integer),
        .custom("database_connection", default: .value(.string(defaultConnection)), secret: true),
        .custom("database_connection_recycle_time", .integer),
        .custom("database_max_pool_size", .integer),
        .custom("database_max_retries", .integer),
        .custom("database_retry_interval", .integer),
        .custom("database_max_overflow", .integer),
        .custom("database_pool_timeout", .integer),
        .custom("mysql_enable_ndb", .bool),
    ]

    /// Taken by glance::api::db (Mitaka–Xena) and by glance::api.
    static let removed: [ParameterSpec] = [
        ParameterSpec("database_idle_timeout", .integer, .translated(
            [.api("database", key: "connection_recycle_time")],
            reason: "was renamed connection_recycle_time (oslo.db 4.26, Queens; the old key is ignored since Xena)"))
            .moved(to: name, "database_connection_recycle_time"),
        ParameterSpec("database_min_pool_size", .integer, .dropped(
            reason: "oslo.db deprecated min_pool_size in Ussuri and puppet-oslo removed it in Zed")),
    ]

    static let spec = RoleSpec(name, parameters: current + removed, check: checkConnection, render: { r in
        // puppet's pick(): a default here gives way to what glance::api was given.
        let givenToAPI = Set(r.others(GlanceAPIRole.name).flatMap { api in fed.filter(api.isGiven) })
        try renderSection(&r, parameters: Set(fed.filter { r.isGiven($0) || !givenToAPI.contains($0) }),
                          removingUnfed: true)
        if !givenToAPI.contains("database_connection") || r.isGiven("database_connection") { renderDriver(&r) }
    })

    /// The parameters that feed an oslo::db key.
    static let fed = osloKeys.compactMap(\.parameter)

    /// The connection is secret, so the message names the accepted schemes, never the value.
    @Sendable static func checkConnection(_ r: RoleRendering) throws {
        guard let connection = r.string("database_connection") else { return }
        let scheme = connection.components(separatedBy: "://").first ?? ""
        guard connection.contains("://"), schemes.contains(scheme) else {
            throw r.error("'database_connection' must be a URL starting with "
                + schemes.map { "\($0)://" }.joined(separator: ", "), at: "database_connection")
        }
    }

    /// The oslo::db keys of `parameters` from the rendering role (given, else default, else
    /// removed), and with `removingUnfed` the removal of the keys no parameter feeds.
    static func renderSection(_ r: inout RoleRendering, parameters: Set<String>, removingUnfed: Bool) throws {
        for (key, parameter) in osloKeys {
            let target = SettingTarget.api("database", key: key)
            if let parameter {
                if parameters.contains(parameter) { try r.write(parameter, to: target) }
            } else if removingUnfed {
                try r.remove(target)
            }
        }
    }

    /// puppet-oslo's backend package (python3-pymysql for mysql+pymysql://) and the bindings
    /// mysql:// and postgresql:// need (puppetlabs-mysql's and -postgresql's python classes).
    /// oslo::params' sqlite package (python3-pysqlite2) is not in Debian 12: sqlite3 is in Python.
    static func renderDriver(_ r: inout RoleRendering) {
        guard let connection = r.string("database_connection") else { return }
        let python = r.release.pythonPrefix
        if connection.hasPrefix("mysql+pymysql://") { r.addPackage("\(python)-pymysql") }
        if connection.hasPrefix("mysql://") { r.addPackage("\(python)-mysqldb") }
        if connection.hasPrefix("postgresql") { r.addPackage("\(python)-psycopg2") }
    }
}
