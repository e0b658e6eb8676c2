import Foundation
import Planner
import SSH

/// Everything a host needs before its files are replaced, in one round trip: the release
/// (previous files copied and hashed, the manifest), the pending marker, the parent
/// directories, and the numeric ids of the files' owners.
enum ChangeStaging {
    struct Staged {
        var manifest: ReleaseManifest
        var owners: [String: FileOwnership]
    }

    static func stage(_ manifest: ReleaseManifest, changes: PlanChanges, files: [PlannedFile], on connection: any RemoteHost,
                      host: String) throws -> Staged {
        let recording = try ReleaseStore.Recording(manifest)
        let preparation = try NodeCommands.WritePreparation(paths: files.map(\.path), modes: files.map(\.mode),
                                                            owners: files.map { "\($0.owner):\($0.group)" },
                                                            host: host)
        let script = "set -e\n" + recording.script + "umask 077\n" + UnfinishedWork.recordScript(changes) + "umask 022\n"
            + preparation.script
        let result = try connection.exec(script, stdin: recording.manifestTemplate, timeout: NodeTimeout.bookkeeping)
        guard result.succeeded else {
            throw HostError(host: host, phase: "release", "cannot record release \(manifest.id) before writing "
                + "(as user \(connection.user)): " + NodeCommands.lastLines(result.stderrText))
        }
        return Staged(manifest: recording.recorded(from: result.stdoutText), owners: try preparation.ownerIDs(in: result.stdoutText))
    }
}
