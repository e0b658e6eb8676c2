import Basics
import Foundation
import Inventory
import SSH

/// `glance-push releases`: the release records of every host, read in parallel.
public enum ReleaseListing {
    public struct HostReleases: Sendable, Equatable {
        public var host: String
        /// Newest first.
        public var releases: [ReleaseManifest]
        /// Why the host could not be read; nil on success.
        public var failure: String?
    }

    public static func run(hosts: [InventoryHost], options: ConnectionOptions, forks: Int) -> [HostReleases] {
        FanOut.map(hosts, forks: forks) { host in
            do {
                let connection = try SSHConnection.connect(to: try HostTarget.make(for: host, options: options))
                defer { connection.close() }
                return HostReleases(host: host.name, releases: try ReleaseStore.list(on: connection), failure: nil)
            } catch {
                return HostReleases(host: host.name, releases: [], failure: HostPreparation.describe(error))
            }
        }
    }
}
