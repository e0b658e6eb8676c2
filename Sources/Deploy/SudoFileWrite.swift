import Foundation
import SSH

/// Files written atomically by one command, for `SudoHost` (libssh2's SFTP runs as the login
/// user and cannot use sudo), with the guarantees of `SSHConnection.writeFilesAtomically`.
///
/// stdin carries the files' bytes one after the other; the script cuts them apart by count with
/// `dd iflag=fullblock,count_bytes`, which reads exactly that many bytes from a pipe (`head -c`
/// may read ahead). For each file, in order: a new temporary file beside the target
/// (`SSHConnection.temporaryPath`, created exclusively, 0600 under umask 077 until its mode is
/// set), its sha256 checked against the bytes sent, owner (numeric ids), then mode, then fsync
/// (`sync FILE`). Only when every file is written are they renamed into place (`mv -T`,
/// rename(2)). A failure before the renames removes the temporary files this write made and
/// leaves every target as it was; a failed rename leaves the files renamed before it in place,
/// as the SFTP write does.
struct SudoFileWrite {
    let files: [FileWrite]
    let temporaries: [String]

    init(_ files: [FileWrite], temporaries: [String]? = nil) {
        self.files = files
        self.temporaries = temporaries ?? files.map { SSHConnection.temporaryPath(for: $0.path) }
    }

    /// Every file's bytes, in order.
    var input: Data {
        files.reduce(into: Data()) { $0.append($1.contents) }
    }

    /// On failure it prints `failed STEP INDEX` on stdout and the tool's message on stderr.
    var script: String {
        let made = files.indices.map { "m\($0)" }
        var script = "export LC_ALL=C\numask 077\n" + made.map { "\($0)=" }.joined(separator: " ") + "\n"
        script += "drop() { " + zip(made, temporaries).map { "[ -z \"$\($0)\" ] || rm -f -- \(ShellQuote.quote($1)); " }.joined()
            + "}\n"
        script += "fail() { drop; printf '%s\\n' \"$3\" >&2; echo \"failed $1 $2\"; cat >/dev/null; exit 1; }\n"
        for (index, file) in files.enumerated() {
            let temporary = ShellQuote.quote(temporaries[index])
            script += """
                out=$(dd of=\(temporary) bs=65536 iflag=fullblock,count_bytes count=\(file.contents.count) conv=excl \
                status=none 2>&1) || { case $out in *"failed to open"*) fail open \(index) "$out" ;; esac; \
                m\(index)=1; fail write \(index) "$out"; }
                m\(index)=1
                sum=$(sha256sum < \(temporary) 2>&1) || fail write \(index) "$sum"
                [ "${sum%% *}" = \(SHA256.hex(file.contents)) ] || fail verify \(index) "$(wc -c < \(temporary))"

                """
            if let owner = file.owner {
                script += "out=$(chown -- +\(owner.uid):+\(owner.gid) \(temporary) 2>&1) || fail owner \(index) \"$out\"\n"
            }
            script += """
                out=$(chmod -- \(String(format: "%04o", file.mode)) \(temporary) 2>&1) || fail mode \(index) "$out"
                out=$(sync -- \(temporary) 2>&1) || fail sync \(index) "$out"

                """
        }
        for (index, file) in files.enumerated() {
            script += "out=$(mv -fT -- \(ShellQuote.quote(temporaries[index])) \(ShellQuote.quote(file.path)) 2>&1) "
                + "|| fail rename \(index) \"$out\"\nm\(index)=\n"
        }
        return script + "echo written\n"
    }

    /// Throws `HostError(phase: "files")` in the words of the SFTP write: what was being done
    /// to which file, and the reason the node gave.
    func check(_ result: CommandResult, host: String, user: String) throws {
        if result.succeeded && result.stdoutText == "written\n" { return }
        let stderr = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        let marker = result.stdoutText.split(separator: "\n").last { $0.hasPrefix("failed ") }?.split(separator: " ")
        let rights = user == "root" ? "" : "cannot write as user \(user): "
        guard let marker, marker.count == 3, let index = Int(marker[2]), files.indices.contains(index) else {
            throw HostError(host: host, phase: "files", rights + "writing \(files.map(\.path).joined(separator: ", ")) "
                + "through sudo ended with \(result.statusDescription): \(NodeCommands.lastLines(stderr))")
        }
        let temporary = temporaries[index]
        let message: String
        switch marker[1] {
        case "open": message = "opening \(temporary) failed: \(Self.reason(stderr))"
        case "verify": message = "writing \(temporary) failed: \(files[index].contents.count) bytes sent, \(stderr) arrived"
        case "owner", "mode": message = "setting owner and mode of \(temporary) failed: \(Self.reason(stderr))"
        case "sync": message = "syncing \(temporary) to disk failed: \(Self.reason(stderr))"
        case "rename": message = "renaming the new file into place failed: \(stderr)"
        default: message = "writing \(temporary) failed: \(Self.reason(stderr))"
        }
        throw HostError(host: host, phase: "files", rights + message)
    }

    /// `dd: error writing '/etc/x': No space left on device` → `no space left on device`: the
    /// errno text after the tool's and the path's prefixes, as the SFTP write words it.
    static func reason(_ message: String) -> String {
        let line = message.split(separator: "\n").last.map(String.init) ?? message
        guard let colon = line.range(of: ": ", options: .backwards) else { return line }
        let reason = line[colon.upperBound...]
        return reason.prefix(1).lowercased() + reason.dropFirst()
    }
}
