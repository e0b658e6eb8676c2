import Basics
import Foundation
import Inventory
import SSH

/// `glance-push ping`: connect, authenticate and run `hostname` on every host in parallel.
public enum Ping {
    public typealias Outcome = HostOutcome<Detail>

    public struct Detail: Sendable, Equatable {
        /// The address connected to.
        public var address: String
        /// The remote `hostname` on success; nil on failure.
        public var hostname: String?
    }

    public static func run(hosts: [InventoryHost], options: ConnectionOptions, forks: Int,
                           connector: HostConnector = .ssh) -> [Outcome] {
        FanOut.map(hosts, forks: forks) { host in
            let started = Date()
            var outcome = Outcome(host: host.name, status: .failed, detail: Detail(address: HostTarget.address(of: host)))
            do {
                let connection = try connector.open(host, options)
                defer { connection.close() }
                outcome.address = connection.address
                let result = try connection.exec("hostname", timeout: NodeTimeout.ping)
                if result.succeeded {
                    outcome.status = .ok
                    outcome.hostname = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                } else {
                    outcome.error = "`hostname` ended with \(result.statusDescription): \(result.stderrText)"
                }
            } catch let error as SSHError {
                outcome.error = error.message
            } catch {
                outcome.error = "\(error)"
            }
            outcome.seconds = Date().timeIntervalSince(started)
            return outcome
        }
    }
}
