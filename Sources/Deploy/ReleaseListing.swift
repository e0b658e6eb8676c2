import Basics
import Foundation
import Inventory
import SSH

/// `glance-push releases`: the release records of every host, read in parallel.
public enum ReleaseListing {
    public typealias HostReleases = HostOutcome<Detail>

    public struct Detail: Sendable, Equatable {
        /// Newest first.
        public var releases: [ReleaseManifest] = []
    }

    public static func run(hosts: [InventoryHost], options: ConnectionOptions, forks: Int,
                           connector: HostConnector = .ssh) -> [HostReleases] {
        FanOut.map(hosts, forks: forks) { host in
            let started = Date()
            var listing = HostReleases(host: host.name, status: .failed, detail: Detail())
            do {
                let connection = try connector.open(host, options)
                defer { connection.close() }
                listing.releases = try ReleaseStore.list(on: connection)
                listing.status = .ok
            } catch {
                listing.error = HostError.describe(error)
            }
            listing.seconds = Date().timeIntervalSince(started)
            return listing
        }
    }
}
