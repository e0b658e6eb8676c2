/// `glance::wsgi::uwsgi`: glance-api-uwsgi.ini `[uwsgi]`. Debian 12 runs glance-api under eventlet.
enum WSGIUWSGIRole {
    private static func uwsgi(_ key: String) -> SettingTarget {
        SettingTarget(file: GlanceFile.uwsgi, section: "uwsgi", key: key)
    }

    static let spec = RoleSpec("glance::wsgi::uwsgi", parameters: [
        .key("processes", .integer(1...1024), default: .osWorkers, uwsgi("processes")),
        .key("threads", .integer(1...1024), default: 32, uwsgi("threads")),
        .key("listen_queue_size", .integer(1...65535), default: 100, uwsgi("listen")),
    ], render: { r in
        if r.release.osID == "debian" {
            r.warn("Debian \(r.release.osVersionID)'s glance-api init script does not use uwsgi (its uwsgi lines "
                + "are commented out): glance-api.conf bind_host, bind_port and workers apply instead")
        }
    })
}

/// `glance::wsgi`: glance-api.conf `[wsgi]`, the thread pool for tasks and the interpreter they run.
enum WSGIRole {
    static let spec = RoleSpec("glance::wsgi", parameters: [
        .key("task_pool_threads", .integer(1...Int.max), .api("wsgi")),
        .key("python_interpreter", .api("wsgi")),
    ])
}
