import Foundation
import Planner
import Playbook
import SSH

/// `/var/lib/glance-push/converged` (root only): one line, `DIGEST FINGERPRINT`, written once a
/// host's files are as planned.
///
/// - DIGEST: what decides the host's files: this build of glance-push, the host's name, its
///   release and its roles' outputs (secrets included, so it travels on stdin, never in a
///   command line).
/// - FINGERPRINT: the files' modes, owners and sha256, as the node computes them
///   (`fingerprintCommand`).
///
/// Planning is pure, so files that were a fixed point of one rendering stay one: when a gather's
/// digest and the node's fingerprint of its files now both match the line, the node answers
/// `converged DIGEST` and sends no file. A lost, stale or tampered record only costs the full
/// gather; the record is a cache, never the truth about a file.
enum ConvergenceRecord {
    static let path = NodeLock.directory + "/converged"

    /// The digests of one host's rendering for each release glance-push knows, in
    /// `TargetRelease.supported` order; a release whose rendering fails has none (the host's
    /// own release is rendered again after the gather, and reports that failure).
    struct Digests: Sendable, Equatable {
        var byRelease: [TargetRelease: String]
        /// The renderings the digests were made of, for the gather to reuse once it knows the release.
        var outputs: [TargetRelease: [RoleOutput]]

        init(host: String, render: (TargetRelease) throws -> [RoleOutput], rendered: [TargetRelease: [RoleOutput]]) {
            var digests: [TargetRelease: String] = [:]
            var outputs = rendered
            for release in TargetRelease.supported {
                do {
                    let released = try rendered[release] ?? render(release)
                    outputs[release] = released
                    digests[release] = try ConvergenceRecord.digest(host: host, release: release, outputs: released)
                } catch {
                    continue
                }
            }
            byRelease = digests
            self.outputs = outputs
        }

        /// The fact script's stdin: one line per supported release (blank when it has none).
        var stdin: Data {
            Data(TargetRelease.supported.map { (byRelease[$0] ?? "") + "\n" }.joined().utf8)
        }
    }

    static func digest(host: String, release: TargetRelease, outputs: [RoleOutput]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var input = Data("\(BuildIdentity.current)\n\(host)\n\(key(of: release))\n".utf8)
        input.append(try encoder.encode(outputs))
        return SHA256.hex(input)
    }

    /// `debian 12 25`: the release as the fact script spells it from os-release and
    /// glance-common's version.
    static func key(of release: TargetRelease) -> String {
        "\(release.osID) \(release.osVersionID) \(release.glanceMajor)"
    }

    /// Node side of `fingerprint`: modes and owners, then `sha256sum`'s lines, of `paths`.
    static func fingerprintCommand(paths: [String]) -> String {
        let quoted = paths.map(ShellQuote.quote).joined(separator: " ")
        return "{ stat -c '%a %U %G' -- \(quoted); sha256sum -- \(quoted); } 2>/dev/null | sha256sum"
    }

    /// What `fingerprintCommand` prints for `files` as planned; nil when a path would be escaped
    /// by `sha256sum` (a backslash or a line feed in it).
    static func fingerprint(_ files: [PlannedFile]) -> String? {
        let sorted = files.sorted { $0.path < $1.path }
        guard sorted.allSatisfy({ !$0.path.contains("\\") && !$0.path.contains("\n") }) else { return nil }
        let modes = sorted.map { "\(String($0.mode, radix: 8)) \($0.owner) \($0.group)\n" }
        let sums = sorted.map { "\(SHA256.hex($0.content))  \($0.path)\n" }
        return SHA256.hex((modes + sums).joined())
    }

    /// Fact-script lines run after `os` and `glance` (`$ID`, `$VERSION_ID`, glance-common's
    /// version in `$v`), reading `Digests.stdin`: they print `converged DIGEST` and set
    /// `$converged` when the record stands for `paths` now, else print `record LINE`.
    static func checkScript(paths: [String]) -> String {
        let cases = TargetRelease.supported.enumerated().map { index, release in
            "  \(ShellQuote.quote(key(of: release)))) want=$d\(index) ;;\n"
        }.joined()
        let reads = TargetRelease.supported.indices.map { "IFS= read -r d\($0) || d\($0)=" }.joined(separator: "; ")
        return """
            \(reads)
            r=; { IFS= read -r r < \(path); } 2>/dev/null
            converged=; m=${v#*:}; m=${m%%.*}
            case "${ID:-unknown} ${VERSION_ID:-unknown} $m" in
            \(cases)  *) want= ;;
            esac
            if [ -n "$want" ] && [ -n "$r" ] && [ "${r%% *}" = "$want" ]; then
              f=$(\(fingerprintCommand(paths: paths))); f=${f%% *}
              if [ "$r" = "$want $f" ]; then converged=1; echo "\(NodeWord.converged) $want"; fi
            fi
            [ -n "$converged" ] || echo "\(NodeWord.record) $r"

            """
    }

    /// Writes `line` (given on stdin) atomically.
    static let writeScript = "umask 077\n[ -d \(NodeLock.directory) ] || mkdir -p \(NodeLock.directory)\ncat > \(path).new\nmv -f -- \(path).new \(path)\n"

    /// `writeScript` in a subshell (its umask stays there), for a command that goes on after it.
    static let writeInSubshell = "(\n" + writeScript + ")\n"

    /// The plan of a host whose node vouched for its files: the same roles rendered over empty
    /// files, each file's content left out (nothing writes or diffs it: its changes are none).
    static func convergedPlan(host: String, outputs: [RoleOutput], release: TargetRelease) throws -> HostPlan {
        var plan = try Planner.plan(host: host, outputs: outputs, facts: HostFacts(release: release))
        plan.files = plan.files.map { file in
            var file = file
            file.content = ""
            return file
        }
        return plan
    }

    /// `gathered` with each planned file present as planned (the node vouched for it).
    static func facts(vouchedFor plan: HostPlan, gathered: HostFacts) -> HostFacts {
        var facts = gathered
        for file in plan.files {
            facts.files[file.path] = FileFact(content: file.content, owner: file.owner, group: file.group, mode: file.mode)
        }
        return facts
    }

    /// The line to record for `plan` (planned from the files' contents for `paths`), or nil when
    /// a converged plan could not stand in for it next time: other files, warnings, packages or
    /// services, or a secret it would not know to mask (one only the current file holds).
    static func line(for plan: HostPlan, outputs: [RoleOutput], release: TargetRelease, paths: [String],
                     digest: String?) -> String? {
        guard let digest, !plan.files.isEmpty, Set(plan.files.map(\.path)) == Set(paths),
              let fingerprint = fingerprint(plan.files) else { return nil }
        let converged: HostPlan
        do {
            converged = try convergedPlan(host: plan.host, outputs: outputs, release: release)
        } catch {
            return nil
        }
        guard withoutContents(converged) == withoutContents(plan),
              Set(converged.files.flatMap(\.secrets)).isSuperset(of: plan.files.flatMap(\.secrets)) else { return nil }
        return "\(digest) \(fingerprint)"
    }

    private static func withoutContents(_ plan: HostPlan) -> HostPlan {
        var plan = plan
        plan.files = plan.files.map { file in
            PlannedFile(path: file.path, content: "", owner: file.owner, group: file.group, mode: file.mode, isSecret: file.isSecret)
        }
        return plan
    }
}

/// This build of glance-push: its version and its executable's size and modification time, so
/// that a rebuilt tool (which may render differently) trusts no record an older one wrote.
enum BuildIdentity {
    static let current: String = {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return ToolVersion.current + " " + UUID().uuidString }
        return "\(ToolVersion.current) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }()
}
