import Foundation
import Inventory

/// Where a host is taken out of rotation while it restarts: the balancer hosts (HAProxy), the
/// backend, the host's server name there, the runtime API socket and the waits' bounds.
public struct Balancing: Sendable, Equatable {
    public var balancers: [InventoryHost]
    public var backend: String
    public var server: String
    public var socket: String
    /// Seconds to wait for the server's sessions to end after `drain`; then the restart goes on.
    public var drainTimeout: Double
    /// Seconds for HAProxy's own check to see the server UP after `ready`; then the host fails.
    public var upTimeout: Double

    public init(balancers: [InventoryHost], backend: String, server: String, socket: String = "/run/haproxy/admin.sock",
                drainTimeout: Double = 60, upTimeout: Double = 60) {
        self.balancers = balancers
        self.backend = backend
        self.server = server
        self.socket = socket
        self.drainTimeout = drainTimeout
        self.upTimeout = upTimeout
    }

    /// What `--check` says a restart of this host would do around it.
    public var plannedSteps: String {
        let names = balancers.map(\.name).joined(separator: ", ")
        return "drain \(backend)/\(server) on \(names), wait for its sessions to end, restart, "
            + "set it ready, wait until HAProxy sees it UP"
    }
}

/// A host taken out of its balancers: `drain` sets its server to DRAIN on every balancer and
/// waits (bounded) until no session is left on any; `ready` puts it back and waits until
/// every balancer's own check sees it UP. A host that fails between the two stays drained.
struct BalancerDrain {
    let balancing: Balancing
    let host: String
    let runtimes: [HAProxyRuntime]
    let progress: DeployProgress

    static func open(_ balancing: Balancing, host: String, connector: HostConnector, options: ConnectionOptions,
                     progress: DeployProgress) throws -> BalancerDrain {
        var runtimes: [HAProxyRuntime] = []
        do {
            for balancer in balancing.balancers {
                let connection = try connector.open(balancer, options)
                runtimes.append(HAProxyRuntime(balancer: balancer.name, connection: connection, socket: balancing.socket))
            }
        } catch {
            runtimes.forEach { $0.connection.close() }
            throw HostError(host: host, phase: "drain", "cannot reach load balancer: \(HostError.describe(error))")
        }
        return BalancerDrain(balancing: balancing, host: host, runtimes: runtimes, progress: progress)
    }

    func drain() throws {
        try progress.step(host, "drain \(balancing.backend)/\(balancing.server)")
        for runtime in runtimes { try runtime.set(balancing.server, in: balancing.backend, to: "drain", host: host) }
        let deadline = Date().addingTimeInterval(balancing.drainTimeout)
        for runtime in runtimes {
            while try runtime.stat(of: balancing.server, in: balancing.backend, host: host, phase: "drain").sessions > 0 {
                guard Date() < deadline else { break }
                try progress.cancellation.check(host: host, before: "waiting for sessions to end")
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    func ready() throws {
        try progress.step(host, "ready \(balancing.backend)/\(balancing.server)")
        for runtime in runtimes { try runtime.set(balancing.server, in: balancing.backend, to: "ready", host: host) }
        let deadline = Date().addingTimeInterval(balancing.upTimeout)
        for runtime in runtimes {
            while true {
                let stat = try runtime.stat(of: balancing.server, in: balancing.backend, host: host, phase: "ready")
                if stat.status == "UP" || stat.status == "no check" { break }
                guard Date() < deadline else {
                    throw HostError(host: host, phase: "ready", "\(runtime.balancer) still sees \(balancing.backend)/"
                        + "\(balancing.server) as \(stat.status) \(Int(balancing.upTimeout)) s after setting it ready")
                }
                try progress.cancellation.check(host: host, before: "waiting for HAProxy to see it UP")
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    func close() {
        runtimes.forEach { $0.connection.close() }
    }
}
