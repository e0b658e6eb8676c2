import Basics
import Foundation
import Inventory
import SSH

/// `glance-push ping`: connect, authenticate and run `hostname` on every host in parallel.
public enum Ping {
    public struct Outcome: Sendable, Equatable {
        public var host: String
        public var address: String
        /// The remote `hostname` on success; nil on failure.
        public var hostname: String?
        /// Why the host failed, naming the phase (connect, host key, auth, command).
        public var failure: String?
        public var milliseconds: Int
    }

    public static func run(hosts: [InventoryHost], options: ConnectionOptions, forks: Int) -> [Outcome] {
        FanOut.map(hosts, forks: forks) { host in
            let started = Date()
            func elapsed() -> Int { Int(Date().timeIntervalSince(started) * 1000) }
            var address = host.vars["ansible_host"] ?? host.vars["ansible_ssh_host"] ?? host.name
            do {
                let target = try HostTarget.make(for: host, options: options)
                address = target.host
                let connection = try SSHConnection.connect(to: target)
                defer { connection.close() }
                let result = try connection.run("hostname", timeout: NodeTimeout.ping)
                guard result.succeeded else {
                    return Outcome(host: host.name, address: address, hostname: nil,
                                   failure: "`hostname` ended with \(result.statusDescription): \(result.stderrText)",
                                   milliseconds: elapsed())
                }
                return Outcome(host: host.name, address: address,
                               hostname: result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines),
                               failure: nil, milliseconds: elapsed())
            } catch let error as SSHError {
                return Outcome(host: host.name, address: address, hostname: nil, failure: error.message, milliseconds: elapsed())
            } catch {
                return Outcome(host: host.name, address: address, hostname: nil, failure: "\(error)", milliseconds: elapsed())
            }
        }
    }
}
