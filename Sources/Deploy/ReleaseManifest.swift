import Foundation

/// `/var/lib/glance-push/releases/<id>/manifest.json`: what a changing deploy (or a rollback)
/// replaced on one node, so that it can be put back exactly.
public struct ReleaseManifest: Sendable, Equatable, Codable {
    public struct File: Sendable, Equatable, Codable {
        public var path: String
        /// false when the deploy created the file (a rollback removes it).
        public var existed: Bool
        public var owner: String?
        public var group: String?
        public var mode: UInt32?
        /// sha256 of the previous bytes, hex; nil when the file did not exist.
        public var sha256: String?
        /// Name of the saved copy inside the release's `files/` directory.
        public var savedAs: String?

        public init(path: String, existed: Bool, owner: String? = nil, group: String? = nil, mode: UInt32? = nil,
                    sha256: String? = nil, savedAs: String? = nil) {
            self.path = path
            self.existed = existed
            self.owner = owner
            self.group = group
            self.mode = mode
            self.sha256 = sha256
            self.savedAs = savedAs
        }
    }

    public var id: String
    /// UTC, ISO 8601.
    public var time: String
    public var toolVersion: String
    /// sha256 of the playbook text (and the rollback's source release for rollbacks).
    public var playbookChecksum: String
    /// `deploy` or `rollback of <id>`.
    public var kind: String
    public var files: [File]
    public var servicesRestarted: [String]

    public init(id: String, time: String, toolVersion: String, playbookChecksum: String, kind: String,
                files: [File], servicesRestarted: [String] = []) {
        self.id = id
        self.time = time
        self.toolVersion = toolVersion
        self.playbookChecksum = playbookChecksum
        self.kind = kind
        self.files = files
        self.servicesRestarted = servicesRestarted
    }

    /// Sortable, unique and shell-safe: `20261125T143000Z-1a2b3c`.
    public static func newID(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date) + "-" + String(UInt32.random(in: 0x100000...0xffffff), radix: 16)
    }
}

public enum ToolVersion {
    public static let current = "0.1.0"
}
