import Basics
import Foundation
import Inventory
import Planner
import SSH

/// `glance-push restart`: restarts one service batch by batch (Ansible `serial` semantics,
/// `Planner.batches`). Each host is restarted under its node lock and counts as done only when
/// its health check has passed several times in a row; the next batch starts when the whole
/// current batch is done. When failures exceed `maxFail` no further batch starts.
public enum RollingRestart {
    public struct Target: Sendable {
        public var host: InventoryHost
        /// e.g. `http://127.0.0.19:9292/versions`, polled from the node itself.
        public var healthURL: String
        /// The load balancers to drain the host from while it restarts.
        public var balancing: Balancing?

        public init(host: InventoryHost, healthURL: String, balancing: Balancing? = nil) {
            self.host = host
            self.healthURL = healthURL
            self.balancing = balancing
        }
    }

    public struct Options: Sendable, Equatable {
        public var service: String
        /// Ansible-style `serial` entries (`1`, `2`, `30%`, the last repeats); empty = all at once.
        public var batch: [String]
        /// How many hosts may fail before no further batch starts.
        public var maxFail: FailureLimit
        /// Seconds a restarted service has to become healthy.
        public var healthTimeout: Double
        /// 200 answers in a row that make a host healthy.
        public var settle: Int
        public var forks: Int
        public var connection: ConnectionOptions

        public init(service: String = "glance-api", batch: [String] = [], maxFail: FailureLimit = 0, healthTimeout: Double = 120,
                    settle: Int = 2, forks: Int = 20, connection: ConnectionOptions = ConnectionOptions()) {
            self.service = service
            self.batch = batch
            self.maxFail = maxFail
            self.healthTimeout = healthTimeout
            self.settle = settle
            self.forks = forks
            self.connection = connection
        }
    }

    public typealias HostOutcome = Deploy.HostOutcome<Detail>

    public struct Detail: Sendable, Equatable, Codable {
        /// 1-based; nil for a host left untouched.
        public var batch: Int?
    }

    public struct Outcome: Sendable, Equatable {
        /// In the targets' order.
        public var hosts: [HostOutcome]
        /// The batch after which the rollout stopped because failures exceeded `maxFail`.
        public var stoppedAfterBatch: Int?

        public var failed: [String] { hosts.filter { $0.status == .failed }.map(\.host) }
        public var untouched: [String] { hosts.filter { $0.status == .untouched }.map(\.host) }
    }

    /// Throws `UserError` for a malformed batch size, before any host is touched.
    public static func run(_ targets: [Target], options: Options, progress: DeployProgress,
                           connector: HostConnector = .ssh) throws -> Outcome {
        let batches = try Planner.batches(hosts: targets.map(\.host.name), serial: options.batch)
        var byName = Dictionary(targets.map { ($0.host.name, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [String: HostOutcome] = [:]
        var failures = 0
        var stoppedAfter: Int?
        for (offset, batch) in batches.enumerated() {
            let number = offset + 1
            let members = batch.compactMap { byName.removeValue(forKey: $0) }
            if stoppedAfter != nil {
                for target in members { results[target.host.name] = HostOutcome(host: target.host.name, status: .untouched, detail: Detail()) }
                continue
            }
            let finished = FanOut.map(members, forks: options.forks) { target in
                restart(target, batch: number, options: options, progress: progress, connector: connector)
            }
            for outcome in finished { results[outcome.host] = outcome }
            failures += finished.filter { $0.status == .failed }.count
            if failures > options.maxFail.allowed(of: targets.count), number < batches.count { stoppedAfter = number }
        }
        return Outcome(hosts: targets.compactMap { results[$0.host.name] }, stoppedAfterBatch: stoppedAfter)
    }

    private static func restart(_ target: Target, batch: Int, options: Options, progress: DeployProgress,
                                connector: HostConnector) -> HostOutcome {
        let started = Date()
        let name = target.host.name
        var outcome = HostOutcome(host: name, status: .failed, detail: Detail(batch: batch))
        do {
            try progress.step(name, "connect")
            let connection = try connector.open(target.host, options.connection)
            defer { connection.close() }
            try progress.step(name, "lock")
            let lock = NodeLock()
            try lock.acquire(on: connection, host: name)
            defer { try? lock.release(on: connection) }
            let drain = try target.balancing.map {
                try BalancerDrain.open($0, host: name, connector: connector, options: options.connection, progress: progress)
            }
            defer { drain?.close() }
            try drain?.drain()
            try progress.step(name, "restart \(options.service)")
            try NodeCommands.service(options.service, .restart, on: connection, host: name)
            try progress.step(name, "health")
            try NodeCommands.waitHealthy(url: target.healthURL, timeout: options.healthTimeout, settle: options.settle,
                                         on: connection, host: name)
            try drain?.ready()
            outcome.status = .restarted
        } catch {
            outcome.error = HostError.describe(error)
        }
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }
}
