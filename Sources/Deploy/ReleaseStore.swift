import Foundation
import Planner
import SSH

/// The release records on one node, under `/var/lib/glance-push/releases/`.
public enum ReleaseStore {
    public static let directory = NodeLock.directory + "/releases"

    /// Saves the current bytes, owner and mode of every path about to change (copied on the
    /// node with `cp -p`, so nothing travels twice), fills in their sha256, then writes the
    /// manifest atomically. Pruning is the caller's, once the change has happened (`prune`).
    public static func record(_ manifest: ReleaseManifest, on connection: SSHConnection) throws
        -> ReleaseManifest {
        let release = directory + "/" + manifest.id
        var script = "set -e\numask 077\nmkdir -p \(ShellQuote.quote(release + "/files"))\n"
        for file in manifest.files where file.existed {
            guard let saved = file.savedAs else { continue }
            let copy = ShellQuote.quote(release + "/files/" + saved)
            script += "cp -p -- \(ShellQuote.quote(file.path)) \(copy)\nsha256sum < \(copy) | cut -c1-64\n"
        }
        let copied = try connection.exec(script, timeout: 60)
        guard copied.succeeded else {
            throw HostError(host: connection.target.host, phase: "release",
                            "cannot save previous files in \(release): \(copied.stderrText)")
        }
        var hashes = copied.stdoutText.split(separator: "\n").map(String.init).makeIterator()
        var recorded = manifest
        for index in recorded.files.indices where recorded.files[index].existed && recorded.files[index].savedAs != nil {
            recorded.files[index].sha256 = hashes.next()
        }
        try writeManifest(recorded, on: connection)
        return recorded
    }

    public static func writeManifest(_ manifest: ReleaseManifest, on connection: SSHConnection) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(manifest)
        try connection.writeFileAtomically(directory + "/" + manifest.id + "/manifest.json", contents: data, mode: 0o600)
    }

    /// Newest first.
    public static func list(on connection: SSHConnection) throws -> [ReleaseManifest] {
        let script = "for m in \(directory)/*/manifest.json; do [ -f \"$m\" ] && base64 -w0 \"$m\" && echo; done; true"
        let result = try connection.exec(script, timeout: 60)
        let decoder = JSONDecoder()
        return result.stdoutText.split(separator: "\n").compactMap { line in
            Data(base64Encoded: String(line)).flatMap { try? decoder.decode(ReleaseManifest.self, from: $0) }
        }.sorted { $0.id > $1.id }
    }

    public static func savedBytes(of file: ReleaseManifest.File, release: String, on connection: SSHConnection) throws -> Data {
        guard let saved = file.savedAs else { return Data() }
        return try connection.readFile(directory + "/" + release + "/files/" + saved)
    }

    static func remove(_ id: String, on connection: SSHConnection) throws {
        _ = try connection.exec("rm -rf -- \(ShellQuote.quote(directory + "/" + id))", timeout: 60)
    }

    /// Keeps the newest `keep` releases.
    static func prune(keep: Int, on connection: SSHConnection) throws {
        // Ids are our own `yyyyMMddTHHmmssZ-hex`: sortable and free of shell characters.
        let script = "cd \(directory) && ls -1 | grep -E '^[0-9]{8}T[0-9]{6}Z-[0-9a-f]+$' | sort | head -n -\(max(1, keep)) | xargs -r rm -rf --"
        _ = try connection.exec(script, timeout: 60)
    }
}
