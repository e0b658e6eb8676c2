import Basics
import Foundation
import Inventory
import Synchronization

/// Become passwords are the operator's input, like the inventory: before any host is changed,
/// every selected host that uses become is connected (in parallel, `forks` at a time) and its
/// sudo checked (`SudoHost.open`). When sudo refuses a password on any of them (wrong, or needed
/// and not given), the command stops there, before it has changed anything anywhere:
/// `BecomeRefused`, bad input (exit 1), naming each such host. Otherwise the command runs with
/// `connector`, which hands each host the connection opened here, or the error its connection
/// met (an unreachable host fails as it always does, without a second connect timeout).
public final class BecomeCheck: Sendable {
    private let base: HostConnector
    private let opened: Mutex<[String: Result<any RemoteHost, any Error>]>

    private init(base: HostConnector, opened: [String: Result<any RemoteHost, any Error>]) {
        self.base = base
        self.opened = Mutex(opened)
    }

    /// Hosts without become are not touched here; `connector` opens them through `base`.
    public static func run(_ hosts: [InventoryHost], options: ConnectionOptions, forks: Int,
                           connector base: HostConnector = .ssh) throws -> BecomeCheck {
        let becoming = try hosts.filter { try BecomeSettings.make(for: $0, options: options) != nil }
        let results = FanOut.map(becoming, forks: forks) { host -> Result<any RemoteHost, any Error> in
            Result { try base.open(host, options) }
        }
        let failures = results.compactMap { result -> HostError? in
            guard case .failure(let error as HostError) = result, error.isBecomeCredentials else { return nil }
            return error
        }
        guard failures.isEmpty else {
            for case .success(let connection) in results { connection.close() }
            throw BecomeRefused(failures: failures)
        }
        return BecomeCheck(base: base, opened: Dictionary(zip(becoming.map(\.name), results)) { first, _ in first })
    }

    /// Each host's connection from `run` once; any other through the base connector.
    public var connector: HostConnector {
        HostConnector { host, options in
            let opened = self.opened.withLock { $0.removeValue(forKey: host.name) }
            guard let opened else { return try self.base.open(host, options) }
            return try opened.get()
        }
    }

    /// Closes the connections the command never asked for (it stopped early).
    public func closeUnused() {
        let left = opened.withLock { opened in
            defer { opened = [:] }
            return opened
        }
        for case .success(let connection) in left.values { connection.close() }
    }
}

/// sudo refused the become password of some hosts (`BecomeCheck`): nothing was changed.
public struct BecomeRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// Phase `connect`, in the selected hosts' order.
    public var failures: [HostError]

    public init(failures: [HostError]) {
        self.failures = failures
    }

    public var description: String {
        let count = failures.count == 1 ? "1 host" : "\(failures.count) hosts"
        return "sudo refused the become password of \(count); nothing was changed on any host:\n"
            + failures.map { "  \($0.host): \($0.message)" }.joined(separator: "\n")
    }
}
