import Foundation
import Planner
import Playbook
import SSH

/// Gathers everything the planner needs from one host in one round trip: a single remote
/// script prints the OS release, the Glance version, each wanted file (mode, owner, group and
/// bytes, gzip-compressed), the packaged template of each missing one, package versions and
/// service states.
public enum FactGatherer {
    /// What to look at on the host; known before facts exist, from the roles' outputs.
    public struct Request: Sendable, Equatable {
        public var paths: [String]
        public var packages: [String]
        public var services: [String]

        public init(paths: [String], packages: [String], services: [String]) {
            self.paths = paths
            self.packages = packages
            self.services = services
        }

        public init(outputs: [RoleOutput]) {
            var paths = Set<String>()
            for output in outputs {
                output.settings.forEach { paths.insert($0.file) }
                output.wholeFiles.forEach { paths.insert($0.path) }
            }
            self.init(paths: paths.sorted(),
                      packages: Set(outputs.flatMap { $0.packages.map(\.name) }).sorted(),
                      services: Set(outputs.flatMap { $0.services.map(\.name) }).sorted())
        }
    }

    public static let templateDirectory = "/usr/share/glance-common"

    public static func gather(_ request: Request, on connection: any RemoteHost, host: String) throws -> HostFacts {
        try gather(request, on: connection, host: host, lock: .none) { _ in }
    }

    /// Runs the fact script with `lock`'s step in one round trip. `inspect` sees the `lock `,
    /// `pending ` and `converged ` lines first, and may throw.
    static func gather(_ request: Request, on connection: any RemoteHost, host: String, lock: LockStep,
                       inspect: ([String]) throws -> Void) throws -> HostFacts {
        try parse(fetch(request, digests: nil, on: connection, host: host, lock: lock, inspect: inspect), host: host)
    }

    /// What the fact script does about the node lock, once it knows the convergence record's
    /// answer and before it reads the pending marker and the files.
    enum LockStep {
        case none
        /// Only looks (`NodeLock.peekScript`).
        case peek
        /// Takes the lock (`NodeLock.acquireScript`): what follows is read under it.
        case acquire(NodeLock)
        /// Looks when the record vouches for the files (a converged host takes no lock), else
        /// takes the lock, so that a host with work to do is gathered once, under the lock.
        case acquireUnlessConverged(NodeLock)

        var script: String {
            switch self {
            case .none: return ""
            case .peek: return NodeLock.peekScript
            // Under the lock the packages are read again (`pk=`): another run may have changed them.
            case .acquire(let lock): return lock.acquireScript() + "pk=\n"
            case .acquireUnlessConverged(let lock):
                return "if [ -n \"$converged\" ]; then\n" + NodeLock.peekScript + "else\n" + lock.acquireScript() + "pk=\nfi\n"
            }
        }
    }

    /// The round trip alone: the script's output, for `parse` (which `PlannedHost.gather` runs
    /// inside `PlanningGate`).
    /// `digests` (on stdin) let the node answer `converged` instead of sending the files.
    static func fetch(_ request: Request, digests: ConvergenceRecord.Digests?, on connection: any RemoteHost, host: String,
                      lock: LockStep, inspect: ([String]) throws -> Void) throws -> String {
        let result = try connection.exec(script(for: request, lock: lock), stdin: digests?.stdin ?? Data(),
                                         timeout: NodeTimeout.lockAndGather)
        // The output holds every managed file (tens of KB a host, a hundred hosts at once): it
        // is read in place, not copied line by line.
        let output = result.stdoutText
        let lines = output.split(separator: "\n")
        let inspected: [NodeWord] = [.lock, .pending, .converged]
        try inspect(lines.filter { line in inspected.contains { line.hasPrefix("\($0) ") } }.map(String.init))
        guard result.succeeded else {
            throw HostError(host: host, phase: "gather", "fact script ended with \(result.statusDescription): \(result.stderrText)")
        }
        return output
    }

    static func parse(_ output: String, host: String) throws -> HostFacts {
        do {
            return try parse(output)
        } catch let error as FactParseError {
            throw HostError(host: host, phase: "gather", error.message)
        }
    }

    /// Paths travel base64-encoded in the output so that no name can break the line format.
    static func script(for request: Request, lock: LockStep = .none) -> String {
        // The paths' base64 is made here: the node spends no process on it.
        let fileLooks = request.paths.map { path in
            "\(fileLook) \(ShellQuote.quote(path)) \(Data(path.utf8).base64EncodedString())\n"
        }.joined()
        let services = request.services.map(ShellQuote.quote).joined(separator: " ")
        // The same query before the lock and again under it: the same facts either way.
        let queried = ["glance-common"] + request.packages.filter { $0 != "glance-common" }
        return """
            contents() { gzip -1 -c "$1" | base64 -w0; echo; }
            \(fileLook)() {
              p=$1
              if { [ -f "$p" ] && [ ! -r "$p" ]; } || { [ -d "${p%/*}" ] && [ ! -x "${p%/*}" ]; }; then
                echo "\(NodeWord.unreadable) $2 $(id -un)"
              elif [ -f "$p" ]; then
                echo "\(NodeWord.file) $2 $(stat -c '%a %U %G' "$p")"
                contents "$p"
              else
                t=\(templateDirectory)/${p##*/}
                if [ -f "$t" ]; then echo "\(NodeWord.template) $2"; contents "$t"; fi
              fi
            }
            if [ -r /etc/os-release ]; then . /etc/os-release; fi
            echo "\(NodeWord.os) ${ID:-unknown} ${VERSION_ID:-unknown}"
            nl='
            '
            \(packageQuery(queried))
            case $pk in
              *"${nl}\(NodeWord.package) glance-common "*)
                v=${pk#*"${nl}\(NodeWord.package) glance-common "}; v=${v%%"$nl"*}; v=${v#* }; v=${v# } ;;
              *) v= ;;
            esac
            echo "\(NodeWord.glance) $v"
            \(ConvergenceRecord.checkScript(paths: request.paths))
            \(lock.script)\(UnfinishedWork.gatherScript)
            if [ -z "$converged" ]; then
            \(fileLooks):
            fi
            [ -n "$pk" ] || \(packageQuery(queried))
            [ "$pk" = "$nl" ] || printf '%s\\n' "${pk#"$nl"}"
            for s in \(services); do
              if [ -d /run/systemd/system ]; then
                systemctl is-active --quiet "$s"; r=$?
                systemctl is-enabled --quiet "$s" 2>/dev/null; e=$?
              else
                # The pidfile first: the init scripts' own status falls back to pidof, which
                # also sees same-named daemons of other containers or lab nodes.
                r=
                for p in /run/$s.pid /run/$s/$s.pid /run/${s%%-*}/$s.pid; do
                  if [ -e "$p" ]; then
                    r=3; pid=; { read -r pid < "$p"; } 2>/dev/null; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && r=0; break
                  fi
                done
                # Its run directory without a pidfile: stopped (the init script removes it).
                if [ -z "$r" ] && [ -d "/run/${s%%-*}" ]; then r=3; fi
                if [ -z "$r" ]; then service "$s" status >/dev/null 2>&1; r=$?; fi
                e=1; for l in /etc/rc2.d/S[0-9][0-9]"$s"; do [ -e "$l" ] && e=0; break; done
              fi
              echo "\(NodeWord.service) $s $r $e"
            done
            echo \(NodeWord.end)
            """
    }

    /// The fact script's function that prints one managed file (`PATH B64PATH`).
    static let fileLook = "gather_file"

    /// Sets `$pk` to a line feed and `pkg NAME STATUS VERSION` lines of `packages` (one
    /// dpkg-query reads the release's glance-common and the packages a host needs).
    private static func packageQuery(_ packages: [String]) -> String {
        let names = packages.map(ShellQuote.quote).joined(separator: " ")
        return "pk=$nl$(dpkg-query -W -f='\(NodeWord.package) ${Package} ${db:Status-Abbrev} ${Version}\\n' \(names) 2>/dev/null)"
    }

    struct FactParseError: Error { var message: String }

    /// The pure half: the script's output to `HostFacts` (the lock's and the pending marker's
    /// lines, read by `gather`'s `inspect`, are passed over).
    static func parse(_ output: String) throws -> HostFacts {
        var facts = HostFacts()
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        var sawEnd = false
        func bytes(_ text: Substring?) throws -> Data {
            guard let text, let data = Data(base64Encoded: String(text)) else {
                throw FactParseError(message: "fact script printed malformed base64")
            }
            return data
        }
        func decode(_ text: Substring?) throws -> String {
            String(decoding: try bytes(text), as: UTF8.self)
        }
        func decompress(_ text: Substring?) throws -> String {
            do {
                return String(decoding: try Gzip.decompress(try bytes(text)), as: UTF8.self)
            } catch let failure as Gzip.Failure {
                throw FactParseError(message: "a file's contents: \(failure.message) (unreadable file?)")
            }
        }
        while let line = lines.next() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            let word = NodeWord.of(fields)
            if word == nil, fields.first.map({ !$0.isEmpty }) ?? false {
                throw FactParseError(message: "unexpected fact line '\(line.prefix(60))'")
            }
            switch word {
            case .os, .glance:
                read(release: fields, into: &facts.release)
            case .file where fields.count == 5:
                guard let mode = UInt32(fields[2], radix: 8) else { throw FactParseError(message: "bad mode '\(fields[2])'") }
                facts.files[try decode(fields[1])] = FileFact(content: try decompress(lines.next()), owner: String(fields[3]),
                                                             group: String(fields[4]), mode: mode)
            case .unreadable where fields.count == 3:
                throw FactParseError(message: """
                    cannot read \(try decode(fields[1])) as user \(fields[2]): permission denied (glance-push reads \
                    every file it manages before changing it)
                    """)
            case .template where fields.count == 2:
                facts.templates[try decode(fields[1])] = try decompress(lines.next())
            case .package:
                // `ii` = wanted install, installed; anything else is not a usable install.
                let words = line.split(separator: " ")
                if words.count == 4, words[2] == "ii" { facts.packages[String(words[1])] = String(words[3]) }
            case .service where fields.count == 4:
                facts.services[String(fields[1])] = ServiceState(running: fields[2] == "0", enabled: fields[3] == "0")
            case .end:
                sawEnd = true
            case nil, .lock, .pending, .converged, .record:
                continue
            default:
                throw FactParseError(message: "unexpected fact line '\(line.prefix(60))'")
            }
        }
        guard sawEnd else { throw FactParseError(message: "fact script output ended early") }
        return facts
    }

    /// What the lines before the first file say: the release (it decides what to render and
    /// gather, before the whole output is parsed) and the convergence record's answer.
    struct Header: Equatable {
        var release = HostFacts().release
        /// `converged DIGEST`: the digest the node's record matched; no file was sent.
        var converged: String?
        /// `record LINE`: the node's record as it is ("" when it has none).
        var record: String?
    }

    static func header(in output: String) -> Header {
        var header = Header()
        for line in output.utf8.lazy.split(separator: UInt8(ascii: "\n")) {
            let fields = String(decoding: line, as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
            switch NodeWord.of(fields) {
            case .file, .unreadable, .template, .end:
                return header
            case .converged where fields.count == 2:
                header.converged = String(fields[1])
            case .record:
                header.record = fields.dropFirst().joined(separator: " ")
            default:
                read(release: fields, into: &header.release)
            }
        }
        return header
    }

    private static func read(release fields: [Substring], into release: inout TargetRelease) {
        switch NodeWord.of(fields) {
        case .os where fields.count == 3:
            release.osID = String(fields[1])
            release.osVersionID = String(fields[2])
        case .glance where fields.count == 2:
            if let major = glanceMajor(fromDebianVersion: String(fields[1])) { release.glanceMajor = major }
        default:
            break
        }
    }

    /// `2:25.1.0-2+deb12u5` -> 25.
    static func glanceMajor(fromDebianVersion version: String) -> Int? {
        let withoutEpoch = version.split(separator: ":").last.map(String.init) ?? version
        return withoutEpoch.split(separator: ".").first.flatMap { Int($0) }
    }
}
