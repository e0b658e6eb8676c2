import Basics
import Foundation

/// `glance::notify::rabbitmq`: oslo.messaging (default, rabbit, notifications) in glance-api.conf.
/// The pre-Stein rabbit_host/rabbit_hosts/… parameters become `[DEFAULT] transport_url`.
enum NotifyRabbitMQRole {
    static let name = "glance::notify::rabbitmq"
    static let legacyNames = ["rabbit_host", "rabbit_hosts", "rabbit_port", "rabbit_userid", "rabbit_password",
                              "rabbit_virtual_host"]
    private static let rabbit = "oslo_messaging_rabbit"
    private static let notifications = "oslo_messaging_notifications"
    private static let legacy = ParameterSpec.Effect.legacy(reason: "removed in oslo.messaging 9.0.0 (Stein) and "
        + "puppet-glance 13.x (Rocky); glance-push builds [DEFAULT] transport_url from the rabbit_* parameters")

    static let spec = RoleSpec(name, parameters: [
        .custom("default_transport_url", secret: true),
        .key("rpc_response_timeout", .integer(1...Int.max), .api("DEFAULT")),
        .key("control_exchange", .api("DEFAULT")),
        .key("executor_thread_pool_size", .integer(1...Int.max), .api("DEFAULT")),
        .key("notification_transport_url", secret: true, .api(notifications, key: "transport_url")),
        .key("notification_driver", .stringOrList(.multiLine), .api(notifications, key: "driver")),
        .key("rabbit_notification_topic", .stringOrList, .api(notifications, key: "topics"))
            .from(glance: 30, .translated([.api(notifications, key: "topics")],
                                          reason: "is deprecated in puppet-glance 2025.1 (use notification_topics)")),
        .key("notification_topics", .stringOrList, .api(notifications, key: "topics")),
        .key("notification_retry", .integer(-1...Int.max), .api(notifications, key: "retry")),
        .key("rabbit_ha_queues", .bool, .api(rabbit)),
        .key("amqp_durable_queues", .bool, .api(rabbit)),
        .key("kombu_reconnect_delay", .number, .api(rabbit)),
        .key("kombu_failover_strategy", .oneOf(["round-robin", "shuffle"]), .api(rabbit)),
        .key("kombu_compression", .oneOf(["gzip", "bz2"]), .api(rabbit)),
        .key("kombu_missing_consumer_retry_timeout", .integer(0...Int.max), .api(rabbit)),
        .key("rabbit_heartbeat_timeout_threshold", .integer(0...Int.max),
             .api(rabbit, key: "heartbeat_timeout_threshold")),
        .key("rabbit_heartbeat_rate", .integer(1...Int.max), .api(rabbit, key: "heartbeat_rate")),
        .key("rabbit_heartbeat_in_pthread", .bool, .api(rabbit, key: "heartbeat_in_pthread"))
            .from(glance: 30, .translated([.api(rabbit, key: "heartbeat_in_pthread")],
                                          reason: "is deprecated in oslo.messaging (puppet-glance 2025.1 deprecates it)")),
        .key("rabbit_qos_prefetch_count", .integer(0...Int.max), .api(rabbit)),
        .key("rabbit_quorum_queue", .bool, .api(rabbit)),
        .key("rabbit_transient_quorum_queue", .bool, .api(rabbit)),
        .key("rabbit_transient_queues_ttl", .integer(1...Int.max), .api(rabbit)),
        .key("rabbit_quorum_delivery_limit", .integer(0...Int.max), .api(rabbit)),
        .key("rabbit_quorum_max_memory_length", .integer(0...Int.max), .api(rabbit)),
        .key("rabbit_quorum_max_memory_bytes", .integer(0...Int.max), .api(rabbit)),
        .key("rabbit_enable_cancel_on_failover", .bool, .api(rabbit, key: "enable_cancel_on_failover")),
        .key("amqp_auto_delete", .bool, .api(rabbit)),
        .key("rabbit_use_ssl", .bool, .api(rabbit, key: "ssl")),
        .key("kombu_ssl_ca_certs", .api(rabbit, key: "ssl_ca_file")),
        .key("kombu_ssl_certfile", .api(rabbit, key: "ssl_cert_file")),
        .key("kombu_ssl_keyfile", .api(rabbit, key: "ssl_key_file")),
        .key("kombu_ssl_version", .api(rabbit, key: "ssl_version")),
        ParameterSpec("rabbit_host", legacy),
        ParameterSpec("rabbit_hosts", .stringOrList, legacy),
        ParameterSpec("rabbit_port", .port, legacy),
        ParameterSpec("rabbit_userid", legacy),
        ParameterSpec("rabbit_password", secret: true, legacy),
        ParameterSpec("rabbit_virtual_host", legacy),
        ParameterSpec("rabbit_notification_exchange", .dropped(reason: "removed with the rabbit notifier; "
            + "notifications use control_exchange")),
        ParameterSpec("verbose", .bool, .dropped(reason: GlanceLoggingRole.verboseGone)),
    ], check: check, render: render)

    @Sendable static func check(_ r: RoleRendering) throws {
        let usesLegacy = legacyNames.filter(r.isGiven)
        if let first = usesLegacy.first, r.isGiven("default_transport_url") {
            throw r.error("give either default_transport_url or the legacy \(usesLegacy.joined(separator: ", ")), "
                + "not both", at: first)
        }
        if !usesLegacy.isEmpty && !r.isGiven("rabbit_password") {
            throw UserError("the legacy rabbit_* parameters need rabbit_password to build transport_url", at: r.location)
        }
        let ssl = ["kombu_ssl_ca_certs", "kombu_ssl_certfile", "kombu_ssl_keyfile", "kombu_ssl_version"]
        if let first = ssl.first(where: r.isGiven), !r.isGiven("rabbit_use_ssl") || r.value("rabbit_use_ssl") == .bool(false),
           !r.isPending("rabbit_use_ssl") {
            throw r.error("'\(first)' needs rabbit_use_ssl: true", at: first)
        }
        if r.isGiven("kombu_ssl_certfile") != r.isGiven("kombu_ssl_keyfile") {
            let given = r.isGiven("kombu_ssl_certfile") ? "kombu_ssl_certfile" : "kombu_ssl_keyfile"
            throw r.error("kombu_ssl_certfile and kombu_ssl_keyfile go together", at: given)
        }
    }

    @Sendable static func render(_ r: inout RoleRendering) throws {
        let target = SettingTarget.api("DEFAULT", key: "transport_url")
        let usesLegacy = legacyNames.filter(r.isGiven)
        if let url = r.string("default_transport_url") {
            try r.set(target, url, from: "default_transport_url")
        } else if !usesLegacy.isEmpty, let url = legacyTransportURL(r) {
            try r.set(target, url, secret: true)
            r.warn("\(usesLegacy.joined(separator: ", ")) were removed in oslo.messaging 9.0.0 (Stein); "
                + "written as [DEFAULT] transport_url", at: usesLegacy[0])
        } else {
            try r.remove(target)
        }
    }

    /// `rabbit://USER:PASS@HOST1:PORT,USER:PASS@HOST2:PORT/VHOST` (vhost `/` gives `…:5672//`).
    static func legacyTransportURL(_ r: RoleRendering) -> String? {
        guard let password = r.string("rabbit_password") else { return nil }
        let user = percentEncoded(r.string("rabbit_userid") ?? "guest")
        let port = r.string("rabbit_port") ?? "5672"
        let hosts = r.list("rabbit_hosts") ?? ["\(r.string("rabbit_host") ?? "localhost"):\(port)"]
        let credentials = "\(user):\(percentEncoded(password))"
        let servers = hosts.map { host -> String in
            let hasPort = host.hasPrefix("[") ? host.contains("]:") : host.contains(":")
            return "\(credentials)@\(hasPort ? host : "\(host):\(port)")"
        }
        let vhost = r.string("rabbit_virtual_host") ?? "/"
        return "rabbit://" + servers.joined(separator: ",") + "/" + (vhost == "/" ? "/" : percentEncoded(vhost))
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
