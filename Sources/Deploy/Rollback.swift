import Basics
import Foundation
import Inventory
import SSH

/// `glance-push rollback`: on one host, under the node lock, puts back the files a release
/// saved (bytes, owner, group, mode; each sha256-checked on the node after writing), removes
/// the files that release created, restarts the services they feed and health-checks. The
/// rollback is itself recorded as a release (`rollback of <id>`) holding the bytes it
/// replaced, so it can be rolled back in turn.
public enum Rollback {
    public struct Request: Sendable {
        public var host: InventoryHost
        /// The release to restore; nil means the newest one.
        public var releaseID: String?
        /// e.g. `http://127.0.0.19:9292/versions`, polled from the node itself.
        public var healthURL: String
        /// Seconds a restarted service has to answer its health check.
        public var healthTimeout: Double
        public var keepReleases: Int
        public var connection: ConnectionOptions
        /// The load balancers to drain the host from while its services restart.
        public var balancing: Balancing?

        public init(host: InventoryHost, releaseID: String? = nil, healthURL: String, healthTimeout: Double = 120,
                    keepReleases: Int = 10, connection: ConnectionOptions = ConnectionOptions(), balancing: Balancing? = nil) {
            self.balancing = balancing
            self.host = host
            self.releaseID = releaseID
            self.healthURL = healthURL
            self.healthTimeout = healthTimeout
            self.keepReleases = keepReleases
            self.connection = connection
        }
    }

    public typealias Outcome = HostOutcome<Detail>

    public struct Detail: Sendable, Equatable, Codable {
        /// The release whose saved files were put back.
        public var restoredRelease: String
        /// The id under which this rollback was recorded.
        public var record: String
        public var restoredFiles: [String]
        public var removedFiles: [String]
        public var restarted: [String]
        /// `ok`, or nil when no service was restarted.
        public var health: String?
    }

    /// The service every file under /etc/glance feeds, when a release names none.
    static let glanceAPI = "glance-api"

    /// Throws `UserError` when the host has no such release (nothing touched), `HostError`
    /// when a step fails on the node.
    public static func run(_ request: Request, progress: DeployProgress, connector: HostConnector = .ssh) throws -> Outcome {
        let started = Date()
        let name = request.host.name
        try progress.step(name, "connect")
        let connection = try connector.open(request.host, request.connection)
        defer { connection.close() }
        try progress.step(name, "lock")
        let lock = NodeLock()
        try lock.acquire(on: connection, host: name)
        defer { try? lock.release(on: connection) }

        let source = try pickRelease(request.releaseID, from: try ReleaseStore.list(on: connection), host: name)
        try progress.step(name, "read release \(source.id)")
        let saved = try loadSavedFiles(of: source, on: connection, host: name)

        try progress.step(name, "record")
        var record = try ReleaseStore.record(try currentState(of: source, on: connection, host: name), on: connection)

        try progress.step(name, "files")
        try restore(source, saved: saved, on: connection, host: name)
        try verify(source, on: connection, host: name)
        try ReleaseStore.prune(keep: request.keepReleases, on: connection)

        let services = servicesFed(by: source)
        let drain = try services.isEmpty ? nil : request.balancing.map {
            try BalancerDrain.open($0, host: name, connector: connector, options: request.connection, progress: progress)
        }
        defer { drain?.close() }
        try drain?.drain()
        for service in services {
            try progress.step(name, "restart \(service)")
            try NodeCommands.service(service, .restart, on: connection, host: name)
        }
        record.servicesRestarted = services
        try ReleaseStore.writeManifest(record, on: connection)
        var health: String?
        if !services.isEmpty {
            try progress.step(name, "health")
            try NodeCommands.waitHealthy(url: request.healthURL, timeout: request.healthTimeout, on: connection, host: name)
            health = "ok"
        }
        try drain?.ready()
        let detail = Detail(restoredRelease: source.id, record: record.id,
                            restoredFiles: source.files.filter(\.existed).map(\.path),
                            removedFiles: source.files.filter { !$0.existed }.map(\.path),
                            restarted: services, health: health)
        return Outcome(host: name, status: .changed, seconds: Date().timeIntervalSince(started), detail: detail)
    }

    static func pickRelease(_ id: String?, from releases: [ReleaseManifest], host: String) throws -> ReleaseManifest {
        guard let newest = releases.first else {
            throw UserError("host \(host) has no recorded release to roll back to")
        }
        guard let id else { return newest }
        guard let found = releases.first(where: { $0.id == id }) else {
            throw UserError("host \(host) has no release '\(id)'; it has: \(releases.map(\.id).joined(separator: ", "))")
        }
        return found
    }

    /// The recorded services, plus glance-api when the release touched /etc/glance.
    static func servicesFed(by release: ReleaseManifest) -> [String] {
        var services = release.servicesRestarted
        if release.files.contains(where: { $0.path.hasPrefix("/etc/glance/") }), !services.contains(glanceAPI) {
            services.append(glanceAPI)
        }
        return services
    }

    /// The saved bytes of every file the release had, checked against its recorded sha256
    /// before anything on the node changes.
    private static func loadSavedFiles(of release: ReleaseManifest, on connection: any RemoteHost, host: String) throws
        -> [String: Data] {
        var saved: [String: Data] = [:]
        for file in release.files where file.existed {
            guard file.savedAs != nil, let sha256 = file.sha256, file.owner != nil, file.group != nil, file.mode != nil else {
                throw HostError(host: host, phase: "rollback", "release \(release.id) has no complete saved copy of \(file.path)")
            }
            let data = try ReleaseStore.savedBytes(of: file, release: release.id, on: connection, host: host)
            guard SHA256.hex(data) == sha256 else {
                throw HostError(host: host, phase: "rollback",
                                "the saved copy of \(file.path) in release \(release.id) does not match its recorded sha256")
            }
            saved[file.path] = data
        }
        return saved
    }

    /// The manifest of this rollback: what each path of `source` is now, so it can be put back.
    private static func currentState(of source: ReleaseManifest, on connection: any RemoteHost, host: String) throws
        -> ReleaseManifest {
        var script = ""
        for file in source.files {
            let path = ShellQuote.quote(file.path)
            script += "if [ -f \(path) ]; then echo \"\(NodeWord.present) $(stat -c '%a %U %G' \(path))\"; "
                + "else echo \(NodeWord.absent); fi\n"
        }
        let result = try connection.exec(script, timeout: NodeTimeout.bookkeeping)
        let lines = result.stdoutText.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        guard result.succeeded, lines.count == source.files.count else {
            throw HostError(host: host, phase: "rollback", "cannot read the current files: \(result.stderrText)")
        }
        let files = zip(source.files.indices, zip(source.files, lines)).map { index, pair -> ReleaseManifest.File in
            let (file, fields) = pair
            guard fields.count == 4, fields[0] == NodeWord.present.rawValue, let mode = UInt32(fields[1], radix: 8) else {
                return ReleaseManifest.File(path: file.path, existed: false)
            }
            return ReleaseManifest.File(path: file.path, existed: true, owner: fields[2], group: fields[3], mode: mode,
                                        savedAs: "\(index)-" + (file.path as NSString).lastPathComponent)
        }
        return ReleaseManifest(id: ReleaseManifest.newID(), time: ISO8601DateFormatter().string(from: Date()),
                               toolVersion: ToolVersion.current, playbookChecksum: source.playbookChecksum,
                               kind: "rollback of \(source.id)", files: files)
    }

    private static func restore(_ release: ReleaseManifest, saved: [String: Data], on connection: any RemoteHost,
                                host: String) throws {
        let kept = release.files.filter(\.existed)
        let owners = try ownerIDs(for: kept, on: connection, host: host)
        for file in kept {
            guard let data = saved[file.path], let owner = file.owner, let group = file.group, let mode = file.mode else {
                continue
            }
            try connection.writeFilesAtomically([
                FileWrite(path: file.path, contents: data, mode: mode, owner: owners["\(owner):\(group)"]),
            ])
        }
        let created = release.files.filter { !$0.existed }.map { ShellQuote.quote($0.path) }
        guard !created.isEmpty else { return }
        let removed = try connection.exec("rm -f -- " + created.joined(separator: " "), timeout: NodeTimeout.bookkeeping)
        guard removed.succeeded else {
            throw HostError(host: host, phase: "files", "cannot remove the files release \(release.id) created: \(removed.stderrText)")
        }
    }

    /// Numeric ids of the owners and groups; also recreates missing parent directories.
    private static func ownerIDs(for files: [ReleaseManifest.File], on connection: any RemoteHost, host: String) throws
        -> [String: FileOwnership] {
        let pairs = files.compactMap { file in file.owner.flatMap { owner in file.group.map { "\(owner):\($0)" } } }
        return try NodeCommands.prepareWrites(paths: files.map(\.path), modes: files.map(\.mode), owners: pairs,
                                              on: connection, host: host)
    }

    /// Reads back, on the node, the sha256 (sha256sum), mode, owner and group of every restored
    /// file and checks that every created file is gone.
    private static func verify(_ release: ReleaseManifest, on connection: any RemoteHost, host: String) throws {
        var script = ""
        for file in release.files {
            let path = ShellQuote.quote(file.path)
            script += file.existed
                ? "echo \"$(sha256sum < \(path) | cut -c1-64) $(stat -c '%a %U %G' \(path))\"\n"
                : "if [ -e \(path) ]; then echo \(NodeWord.present); else echo \(NodeWord.absent); fi\n"
        }
        let result = try connection.exec(script, timeout: NodeTimeout.bookkeeping)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, file) in release.files.enumerated() {
            let expected = file.existed
                ? "\(file.sha256 ?? "") \(String(file.mode ?? 0, radix: 8)) \(file.owner ?? "") \(file.group ?? "")"
                : NodeWord.absent.rawValue
            let found = index < lines.count ? lines[index] : "nothing"
            guard found == expected else {
                throw HostError(host: host, phase: "verify", "\(file.path) is '\(found)' after the rollback, expected '\(expected)'")
            }
        }
    }
}
