import Foundation
import Planner
import SSH

/// The release records on one node, under `/var/lib/glance-push/releases/`.
public enum ReleaseStore {
    public static let directory = NodeLock.directory + "/releases"

    /// Saves the current bytes, owner and mode of every path about to change (copied on the
    /// node with `cp -p`, so nothing travels twice) with their sha256, and the manifest, in one
    /// command. Pruning is the caller's, once the change has happened (`pruneScript`).
    public static func record(_ manifest: ReleaseManifest, on connection: any RemoteHost) throws -> ReleaseManifest {
        let recording = try Recording(manifest)
        let result = try connection.exec("set -e\n" + recording.script, stdin: recording.manifestTemplate, timeout: NodeTimeout.bookkeeping)
        guard result.succeeded else {
            throw HostError(host: connection.address, phase: "release",
                            "cannot save previous files in \(directory)/\(manifest.id): \(result.stderrText)")
        }
        return recording.recorded(from: result.stdoutText)
    }

    /// The script that records a release; it reads the manifest, with a placeholder for each
    /// hash computed on the node, on stdin and prints `sha256 INDEX HEX` lines.
    struct Recording {
        let manifest: ReleaseManifest
        let script: String
        let manifestTemplate: Data

        init(_ manifest: ReleaseManifest) throws {
            self.manifest = manifest
            let release = directory + "/" + manifest.id
            var template = manifest
            var substitutions: [String] = []
            var script = "umask 077\nmkdir -p \(ShellQuote.quote(release + "/files"))\n"
            for (index, file) in manifest.files.enumerated() where file.existed {
                guard let saved = file.savedAs else { continue }
                let copy = ShellQuote.quote(release + "/files/" + saved)
                script += "cp -p -- \(ShellQuote.quote(file.path)) \(copy)\n"
                script += "h\(index)=$(sha256sum < \(copy)); h\(index)=${h\(index)%% *}\necho \"\(NodeWord.sha256) \(index) $h\(index)\"\n"
                template.files[index].sha256 = "@sha256-\(index)@"
                substitutions.append("-e \"s/@sha256-\(index)@/$h\(index)/\"")
            }
            let written = ShellQuote.quote(release + "/manifest.json")
            let temporary = ShellQuote.quote(release + "/.manifest.json.new")
            script += (substitutions.isEmpty ? "cat" : "sed " + substitutions.joined(separator: " ")) + " > \(temporary)\n"
            script += "sync -- \(temporary)\nmv -f -- \(temporary) \(written)\numask 022\n"
            self.script = script
            manifestTemplate = try ReleaseStore.encode(template)
        }

        func recorded(from output: String) -> ReleaseManifest {
            var recorded = manifest
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 3, fields[0] == NodeWord.sha256.rawValue, let index = Int(fields[1]), recorded.files.indices.contains(index) else { continue }
                recorded.files[index].sha256 = String(fields[2])
            }
            return recorded
        }
    }

    static func encode(_ manifest: ReleaseManifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(manifest)
    }

    public static func writeManifest(_ manifest: ReleaseManifest, on connection: any RemoteHost) throws {
        try connection.writeFilesAtomically([
            FileWrite(path: directory + "/" + manifest.id + "/manifest.json", contents: try encode(manifest), mode: 0o600),
        ])
    }

    /// Newest first.
    public static func list(on connection: any RemoteHost) throws -> [ReleaseManifest] {
        let script = "for m in \(directory)/*/manifest.json; do [ -f \"$m\" ] && base64 -w0 \"$m\" && echo; done; true"
        let result = try connection.exec(script, timeout: NodeTimeout.bookkeeping)
        let decoder = JSONDecoder()
        return result.stdoutText.split(separator: "\n").compactMap { line in
            Data(base64Encoded: String(line)).flatMap { try? decoder.decode(ReleaseManifest.self, from: $0) }
        }.sorted { $0.id > $1.id }
    }

    /// The bytes a release saved of `file`, read with `cat` (so they read the same under sudo).
    public static func savedBytes(of file: ReleaseManifest.File, release: String, on connection: any RemoteHost,
                                  host: String) throws -> Data {
        guard let saved = file.savedAs else { return Data() }
        let path = directory + "/" + release + "/files/" + saved
        let result = try connection.exec("cat -- \(ShellQuote.quote(path))", timeout: NodeTimeout.bookkeeping)
        guard result.succeeded else {
            throw HostError(host: host, phase: "rollback", "cannot read \(path): \(result.stderrText)")
        }
        return result.stdout
    }

    static func remove(_ id: String, on connection: any RemoteHost) throws {
        _ = try connection.exec("rm -rf -- \(ShellQuote.quote(directory + "/" + id))", timeout: NodeTimeout.bookkeeping)
    }

    /// Keeps the newest `keep` releases.
    static func prune(keep: Int, on connection: any RemoteHost) throws {
        _ = try connection.exec(pruneScript(keep: keep), timeout: NodeTimeout.bookkeeping)
    }

    /// Ids are our own `yyyyMMddTHHmmssZ-hex`: sortable and free of shell characters. The shell
    /// counts and picks them itself (globs sort under `LC_ALL=C`): one `rm`, and only when
    /// there is something to remove.
    static func pruneScript(keep: Int, in releases: String = directory) -> String {
        let digits = { (count: Int) in String(repeating: "[0-9]", count: count) }
        return """
            (LC_ALL=C; cd \(ShellQuote.quote(releases)) || exit 0
            is_release() { case $1 in \(digits(8))T\(digits(6))Z-*) case ${1#*Z-} in ''|*[!0-9a-f]*) return 1 ;; esac ;; *) return 1 ;; esac; }
            n=0; for d in *; do is_release "$d" && n=$((n + 1)); done
            n=$((n - \(max(1, keep)))); set --
            for d in *; do [ "$n" -gt 0 ] || break; is_release "$d" && { set -- "$@" "$d"; n=$((n - 1)); }; done
            [ $# -eq 0 ] || rm -rf -- "$@")

            """
    }
}
