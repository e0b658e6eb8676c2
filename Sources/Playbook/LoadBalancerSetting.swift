import Foundation
import Basics

/// A play's `load_balancer`: the HAProxy hosts in front of its controllers. Before a host's
/// services restart, its server is set to `drain` on every balancer and its sessions are waited
/// out; after it is healthy, it is set `ready` and HAProxy's own check must see it UP before the
/// next host goes.
///
///     load_balancer:
///       hosts: loadbalancers               # inventory pattern of the HAProxy hosts
///       backend: glance_api                # the backend the controllers serve in
///       server: "{{ inventory_hostname }}" # a controller's server name there (the default)
///       socket: /run/haproxy/admin.sock    # the runtime API (level admin; the default)
///       drain_timeout: 60                  # seconds to wait for its sessions to end (default)
///       up_timeout: 60                     # seconds for HAProxy to see it UP again (default)
public struct LoadBalancerSetting: Sendable, Equatable {
    public var hosts: String
    public var backend: String
    public var server = "{{ inventory_hostname }}"
    public var socket = "/run/haproxy/admin.sock"
    public var drainTimeout: Double = 60
    public var upTimeout: Double = 60
    public var location: SourceLocation

    public init(hosts: String, backend: String, location: SourceLocation) {
        self.hosts = hosts
        self.backend = backend
        self.location = location
    }

    static let keys = ["hosts", "backend", "server", "socket", "drain_timeout", "up_timeout"]

    static func read(_ node: YAMLNode) throws -> LoadBalancerSetting {
        guard case .mapping(let entries) = node.content else {
            throw UserError("'load_balancer' must be a mapping with 'hosts' and 'backend', got \(node.kindName)",
                            at: node.location)
        }
        var setting = LoadBalancerSetting(hosts: "", backend: "", location: node.location)
        for entry in entries {
            switch entry.key {
            case "hosts": setting.hosts = try text(entry)
            case "backend": setting.backend = try text(entry)
            case "server": setting.server = try text(entry)
            case "socket": setting.socket = try text(entry)
            case "drain_timeout": setting.drainTimeout = try seconds(entry)
            case "up_timeout": setting.upTimeout = try seconds(entry)
            default:
                throw UserError(NearestName.message("unknown load_balancer key '\(entry.key)'", for: entry.key,
                                                    among: keys), at: entry.keyLocation)
            }
        }
        for (name, value) in [("hosts", setting.hosts), ("backend", setting.backend)] where value.isEmpty {
            throw UserError("load_balancer needs '\(name)'", at: node.location)
        }
        guard setting.socket.hasPrefix("/") else {
            throw UserError("load_balancer socket must be an absolute path, got '\(setting.socket)'", at: node.location)
        }
        return setting
    }

    private static func text(_ entry: YAMLEntry) throws -> String {
        guard case .scalar(let text, _) = entry.value.content, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UserError("load_balancer '\(entry.key)' must be a non-empty string, got \(entry.value.kindName)",
                            at: entry.value.location)
        }
        return text
    }

    private static func seconds(_ entry: YAMLEntry) throws -> Double {
        guard case .scalar(let text, _) = entry.value.content, let value = Double(text), value > 0, value <= 3600 else {
            throw UserError("load_balancer '\(entry.key)' must be a number of seconds above 0 and at most 3600",
                            at: entry.value.location)
        }
        return value
    }
}
