import Foundation
import Logging
import Planner
import Playbook
import SSH

/// The commands a deploy runs on a node, each built from quoted parts. No secret is ever part
/// of a command line: secrets only travel inside file contents.
enum NodeCommands {
    static func installPackages(_ packages: [PackageRequirement], on connection: any RemoteHost, host: String) throws {
        let names = packages.map { package -> String in
            if case .version(let version) = package.ensure { return package.name + "=" + version }
            return package.name
        }
        let command = "DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "
            + "-o Dpkg::Options::=--force-confold " + names.map(ShellQuote.quote).joined(separator: " ")
        let result = try connection.exec(command, timeout: NodeTimeout.packages)
        guard result.succeeded else {
            throw HostError(host: host, phase: "packages",
                            "apt-get install \(names.joined(separator: " ")) ended with \(result.statusDescription): \(lastLines(result.stderrText))")
        }
    }

    static func removePackages(_ names: [String], on connection: any RemoteHost, host: String) throws {
        let command = "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=600 "
            + names.map(ShellQuote.quote).joined(separator: " ")
        let result = try connection.exec(command, timeout: NodeTimeout.packages)
        guard result.succeeded else {
            throw HostError(host: host, phase: "packages", "apt-get remove ended with \(result.statusDescription): \(lastLines(result.stderrText))")
        }
    }

    /// Numeric ids for owner and group names, and the parent directories created (0750, 0755 for
    /// a world-readable file) so that an atomic write has somewhere to put its temporary file.
    /// Temporary files a dead run left in those directories are removed.
    static func prepareWrites(paths: [String], modes: [UInt32?], owners: [String], on connection: any RemoteHost,
                              host: String) throws -> [String: FileOwnership] {
        let preparation = try WritePreparation(paths: paths, modes: modes, owners: owners, host: host)
        let result = try connection.exec("set -e\n" + preparation.script, timeout: NodeTimeout.bookkeeping)
        return try preparation.ownerIDs(in: result.stdoutText)
    }

    struct WritePreparation {
        /// `owners` are `user:group` pairs.
        let pairs: [String]
        let script: String
        let host: String

        /// `modes` are the files' modes, in the order of `paths` (nil: unknown).
        init(paths: [String], modes: [UInt32?], owners: [String], host: String) throws {
            self.host = host
            pairs = Set(owners).sorted()
            var script = ""
            var parentModes: [String: String] = [:]
            for (path, mode) in zip(paths, modes) {
                let parent = (path as NSString).deletingLastPathComponent
                // A file others may read (the WSGI script Apache's workers look up) needs a directory
                // others may search; every other new directory is 0750.
                if (mode ?? 0) & 0o004 != 0 {
                    parentModes[parent] = "0755"
                } else if parentModes[parent] == nil {
                    parentModes[parent] = "0750"
                }
            }
            for (parent, mode) in parentModes.sorted(by: { $0.key < $1.key }) {
                let quoted = ShellQuote.quote(parent)
                script += "[ -d \(quoted) ] || install -d -m \(mode) \(quoted)\n"
                let leftovers = "\(quoted)/.*\(SSHConnection.temporaryMarker)*"
                script += "for f in \(leftovers); do [ ! -e \"$f\" ] || rm -f -- \(leftovers); break; done\n"
            }
            for pair in pairs {
                let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw HostError(host: host, phase: "files", "owner '\(pair)' is not user:group") }
                script += "echo \(NodeWord.owner) \(ShellQuote.quote(pair)) $(id -u \(ShellQuote.quote(parts[0]))) "
                    + "$(getent group \(ShellQuote.quote(parts[1])) | cut -d: -f3)\n"
            }
            self.script = script
        }

        /// Reads the script's `owner user:group uid gid` lines: each pair to its numeric ids.
        func ownerIDs(in output: String) throws -> [String: FileOwnership] {
            var ids: [String: FileOwnership] = [:]
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 4, fields[0] == NodeWord.owner.rawValue, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) {
                    ids[String(fields[1])] = FileOwnership(uid: uid, gid: gid)
                }
            }
            for pair in pairs where ids[pair] == nil {
                throw HostError(host: host, phase: "files", "owner \(pair) does not exist on the node (is its package installed?)")
            }
            return ids
        }
    }

    static func runOneShot(_ oneShot: OneShotCommand, on connection: any RemoteHost, host: String) throws {
        let command = oneShot.user.map { "su -s /bin/sh \(ShellQuote.quote($0)) -c \(ShellQuote.quote(oneShot.command))" }
            ?? oneShot.command
        let result = try connection.exec(command, timeout: oneShot.timeout ?? NodeTimeout.oneShot)
        guard result.succeeded else {
            throw HostError(host: host, phase: "one-shot", "\(oneShot.id) ended with \(result.statusDescription): \(lastLines(result.stderrText))")
        }
    }

    enum ServiceAction: String { case start, stop, restart }

    static func service(_ name: String, _ action: ServiceAction, on connection: any RemoteHost, host: String) throws {
        let result = try connection.exec("service \(ShellQuote.quote(name)) \(action.rawValue)", timeout: NodeTimeout.service)
        guard result.succeeded else {
            throw HostError(host: host, phase: "services", "service \(name) \(action.rawValue) ended with \(result.statusDescription): \(lastLines(result.stderrText + result.stdoutText))")
        }
    }

    static func setEnabled(_ name: String, _ enabled: Bool, on connection: any RemoteHost, host: String) throws {
        let word = enabled ? "enable" : "disable"
        let quoted = ShellQuote.quote(name)
        let command = "if [ -d /run/systemd/system ]; then systemctl \(word) \(quoted); else update-rc.d \(quoted) \(word); fi"
        let result = try connection.exec(command, timeout: NodeTimeout.serviceCheck)
        guard result.succeeded else {
            throw HostError(host: host, phase: "services", "\(word) \(name) ended with \(result.statusDescription): \(lastLines(result.stderrText))")
        }
    }

    /// Polls `url` from the node itself until it has answered 200 `settle` times in a row, or
    /// `timeout` seconds pass. A service that answers once and then dies is not healthy. The
    /// node polls in rounds of a few seconds so that an interrupt is noticed between rounds.
    static func waitHealthy(url: String, timeout: Double, settle: Int = 2, on connection: any RemoteHost, host: String,
                            cancellation: Cancellation = Cancellation()) throws {
        let probe = """
            import ssl, sys, time, urllib.request
            url, seconds, settle, streak = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
            deadline, last = time.time() + seconds, "no answer yet"
            # The node asks its own address whether the API answers; whom to trust is not the question.
            context = ssl._create_unverified_context() if url.startswith("https:") else None
            while time.time() < deadline:
                try:
                    with urllib.request.urlopen(url, timeout=2, context=context) as answer:
                        status = answer.status
                except urllib.error.HTTPError as error:
                    status = error.code
                except Exception as error:
                    status, last = None, str(error)
                if status == 200:
                    streak += 1
                    if streak >= settle:
                        print("\(NodeWord.healthy)", streak)
                        sys.exit(0)
                else:
                    streak = 0
                    if status is not None:
                        last = "HTTP %d" % status
                time.sleep(0.25)
            print("\(NodeWord.waiting)", streak, last)
            """
        let deadline = Date().addingTimeInterval(timeout)
        var streak = 0
        var last = "no answer yet"
        while Date() < deadline {
            try cancellation.check(host: host, before: "the next health poll")
            let round = min(3, max(1, deadline.timeIntervalSinceNow))
            let command = "/usr/bin/python3 - \(ShellQuote.quote(url)) \(round) \(settle) \(streak)"
            let result = try connection.exec(command, stdin: Data(probe.utf8), timeout: round + NodeTimeout.healthRoundSlack)
            let words = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2)
            if words.first == NodeWord.healthy.rawValue[...] { return }
            guard words.first == NodeWord.waiting.rawValue[...], words.count >= 2, let carried = Int(words[1]) else {
                throw HostError(host: host, phase: "health", "health probe failed: \(lastLines(result.stderrText))")
            }
            streak = carried
            if words.count == 3 { last = String(words[2]) }
        }
        throw HostError(host: host, phase: "health", "\(url) not healthy after \(Int(timeout)) s: \(last)")
    }

    static func validate(_ command: String, on connection: any RemoteHost, host: String) throws {
        let result = try connection.exec(command, timeout: NodeTimeout.serviceCheck)
        guard result.succeeded else {
            throw HostError(host: host, phase: "validation", "validation ended with \(result.statusDescription): \(lastLines(result.stderrText))")
        }
    }

    enum HookPhase: String { case pre = "pre_restart", post = "post_restart" }

    /// Runs a play's hook as the login user; its output is logged (hooks never carry a secret:
    /// the playbook refuses one), and a non-zero exit fails the host.
    static func hook(_ command: String, _ phase: HookPhase, on connection: any RemoteHost, host: String,
                     progress: DeployProgress) throws {
        try progress.step(host, "\(phase.rawValue): \(command)")
        let result = try connection.exec(command, timeout: NodeTimeout.oneShot)
        var logger = Logger(label: "glance-push.hooks")
        logger[metadataKey: "host"] = "\(host)"
        logger.info("\(phase.rawValue)", metadata: [
            "command": "\(command)", "status": "\(result.statusDescription)",
            "stdout": "\(lastLines(result.stdoutText))", "stderr": "\(lastLines(result.stderrText))",
        ])
        guard result.succeeded else {
            let output = lastLines(result.stderrText + result.stdoutText)
            throw HostError(host: host, phase: phase.rawValue,
                            "`\(command)` ended with \(result.statusDescription)" + (output.isEmpty ? "" : ": " + output))
        }
    }

    /// The end of a long error output, on one line.
    static func lastLines(_ text: String, count: Int = 3) -> String {
        text.split(separator: "\n").suffix(count).joined(separator: " | ").trimmingCharacters(in: .whitespaces)
    }
}
