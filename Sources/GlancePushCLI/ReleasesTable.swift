import Deploy

/// The table `releases` prints: one row per release, then the hosts that could not be read.
enum ReleasesTable {
    /// A created file (removed by a rollback) is marked `(created)`.
    static func render(_ listings: [ReleaseListing.HostReleases]) -> String {
        var rows: [[String]] = []
        for listing in listings where !listing.failed {
            if listing.releases.isEmpty { rows.append([listing.host, "-", "-", "no releases", "-", "-"]) }
            for release in listing.releases {
                let files = release.files.map { $0.existed ? $0.path : $0.path + " (created)" }
                rows.append([listing.host, release.id, release.time, release.kind,
                             release.servicesRestarted.joined(separator: ",").ifEmpty("-"),
                             files.joined(separator: ", ").ifEmpty("-")])
            }
        }
        var out = Table(header: ["host", "release", "time", "kind", "restarted", "files"], rows: rows).render()
        for listing in listings {
            if let error = listing.error { out += "\(listing.host): FAILED: \(error)\n" }
        }
        return out
    }
}
