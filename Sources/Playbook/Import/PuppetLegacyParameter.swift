/// Parameters of the classes the old tutorial used that puppet-glance Zed no longer has, with
/// their modern equivalents (reference/puppet-glance.md §2–§4). The importer still writes them
/// (the playbook loader translates them) and warns with what to use instead.
enum PuppetLegacyParameter {
    /// A warning for `parameter` of `role`, or nil when the parameter is current.
    static func note(role: String, parameter: String, value: PuppetYAMLValue) -> String? {
        if let note = anyRole(parameter) { return note }
        switch role {
        case "glance::api": return api(parameter)
        case "glance::keystone::auth": return keystoneAuth(parameter, value: value)
        case "glance::notify::rabbitmq" where parameter == "rabbit_notification_exchange":
            return "'rabbit_notification_exchange' was removed (oslo.messaging has no such option now); drop it"
        default: return nil
        }
    }

    private static let rabbitConnection: Set<String> = [
        "rabbit_host", "rabbit_hosts", "rabbit_port", "rabbit_userid", "rabbit_password", "rabbit_virtual_host",
    ]

    private static func anyRole(_ parameter: String) -> String? {
        if parameter == "verbose" {
            return "'verbose' was removed in Pike (oslo.log 3.22.0) and from puppet-glance in Ocata (10.x); use 'debug' (glance::api::logging) for more output"
        }
        if rabbitConnection.contains(parameter) {
            return "'\(parameter)' was removed (puppet-glance 13.x Rocky; oslo.messaging 9.0.0 Stein); use glance::notify::rabbitmq 'default_transport_url' (rabbit://USER:PASS@HOST:PORT/VHOST)"
        }
        return nil
    }

    /// Legacy glance::api parameter → (Zed class, Zed parameter).
    private static let apiMoves: [String: (role: String, parameter: String)] = [
        "keystone_tenant": ("glance::api::authtoken", "project_name"),
        "keystone_user": ("glance::api::authtoken", "username"),
        "keystone_password": ("glance::api::authtoken", "password"),
        "auth_uri": ("glance::api::authtoken", "www_authenticate_uri"),
        "identity_uri": ("glance::api::authtoken", "auth_url"),
        "token_cache_time": ("glance::api::authtoken", "token_cache_time"),
        "memcached_servers": ("glance::api::authtoken", "memcached_servers"),
        "auth_region": ("glance::api::authtoken", "region_name"),
        "database_connection": ("glance::api::db", "database_connection"),
        "database_idle_timeout": ("glance::api::db", "database_connection_recycle_time"),
        "database_max_pool_size": ("glance::api::db", "database_max_pool_size"),
        "database_max_retries": ("glance::api::db", "database_max_retries"),
        "database_retry_interval": ("glance::api::db", "database_retry_interval"),
        "database_max_overflow": ("glance::api::db", "database_max_overflow"),
        "debug": ("glance::api::logging", "debug"),
        "log_file": ("glance::api::logging", "log_file"),
        "log_dir": ("glance::api::logging", "log_dir"),
        "use_syslog": ("glance::api::logging", "use_syslog"),
        "use_stderr": ("glance::api::logging", "use_stderr"),
        "log_facility": ("glance::api::logging", "log_facility"),
    ]

    private static func api(_ parameter: String) -> String? {
        if let move = apiMoves[parameter] {
            let extra = parameter == "identity_uri" ? " (with auth_type 'password' and the user and project domain names)"
                : parameter == "database_idle_timeout" ? " (Zed ignores idle_timeout)" : ""
            return "'\(parameter)' is no longer a parameter of glance::api; use \(move.role) '\(move.parameter)'\(extra)"
        }
        if parameter.hasPrefix("registry_") {
            return "'\(parameter)' was removed with glance-registry (Victoria, Glance 21); drop it"
        }
        switch parameter {
        case "signing_dir":
            return "'signing_dir' was removed (keystonemiddleware no longer uses it); drop it"
        case "os_region_name":
            return "'os_region_name' was removed from glance::api; in Zed it is only an alias of 'cinder_os_region_name' (glance::backend::cinder); for Keystone use glance::api::authtoken 'region_name'"
        case "cert_file", "key_file", "ca_file":
            return "'\(parameter)' has no effect: native SSL was removed in Ussuri; terminate TLS in front of glance-api"
        case "validate", "validation_options":
            return "'\(parameter)' has no effect since Yoga (puppet-glance 20.x)"
        case "scrub_time", "cache_prefetcher_interval":
            return "'\(parameter)' is deprecated and has no effect"
        case "pipeline":
            return "'pipeline' is deprecated; use 'paste_deploy_flavor'"
        case "show_multiple_locations":
            return "'show_multiple_locations' is deprecated since Newton (it still works)"
        default:
            return nil
        }
    }

    private static func keystoneAuth(_ parameter: String, value: PuppetYAMLValue) -> String? {
        for kind in ["public", "admin", "internal"] where parameter == "\(kind)_address" || parameter == "\(kind)_protocol" {
            var example = ""
            if parameter.hasSuffix("_address"), case .string(let address) = value {
                example = " (e.g. 'http://\(address):9292')"
            }
            return "'\(parameter)' was removed from glance::keystone::auth; use '\(kind)_url'\(example)"
        }
        if parameter == "port" {
            return "'port' was removed from glance::keystone::auth; put the port in 'public_url', 'internal_url' and 'admin_url'"
        }
        return nil
    }
}
