@testable import Deploy
import Foundation
import LabSupport
import Planner
import SSH

/// A `RemoteHost` that answers the scripts a deploy sends the way a node would, from a table of
/// files (packaged templates from Tests/PlannerTests/Fixtures/packaged), with every package
/// installed and every service running. It keeps the commands it was sent and the files written.
final class FakeNode: RemoteHost, @unchecked Sendable {
    struct State {
        var files: [String: String] = [:]
        /// `lock` lines the peek prints (`FREE`, or `STALE` for a dead run's lock file).
        var lockAnswer = ["FREE"]
        var pending: [String] = []
        var commands: [String] = []
        var writeFailure: SSHError?
        /// The convergence record's line (`ConvergenceRecord`), as the last run wrote it.
        var record: String?
        /// The fact script prints a line no node would.
        var brokenFacts = false
        /// Writing the convergence record fails with this on stderr.
        var recordFailure: String?
    }

    let user = "root"
    let address = "127.0.0.250"
    private let lock = NSLock()
    private var state = State()

    init(_ setup: (inout State) -> Void = { _ in }) {
        setup(&state)
    }

    func with<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    static let packaged = Lab.repository.path + "/Tests/PlannerTests/Fixtures/packaged"

    func exec(_ command: String, stdin: Data, timeout: Double?) throws -> CommandResult {
        let snapshot = with { state -> State in
            state.commands.append(command)
            return state
        }
        var out = ""
        let facts = command.contains("\necho end") ? try facts(command, stdin: stdin, snapshot) : ""
        // A look that takes the lock unless the record vouches for the files only peeks then.
        let acquires = command.contains("lock_fail()")
        let peeks = command.contains(NodeLock.peekScript) && (!acquires || facts.contains("\nconverged "))
        if peeks { out += snapshot.lockAnswer.map { "lock " + $0 + "\n" }.joined() }
        if acquires && !peeks {
            out += (snapshot.lockAnswer.first == "FREE" ? [] : snapshot.lockAnswer).map { "lock " + $0 + "\n" }.joined()
                + "lock ACQUIRED\n"
        }
        if command.contains("cat > \(ConvergenceRecord.path).new"), let failure = snapshot.recordFailure {
            return CommandResult(stdout: Data(), stderr: Data((failure + "\n").utf8), exitStatus: 1)
        }
        if command.contains("cat > \(ConvergenceRecord.path).new") {
            let line = String(decoding: stdin, as: UTF8.self).split(separator: "\n").last.map(String.init)
            with { $0.record = line }
        }
        out += facts
        for match in command.matches(of: #/echo owner '?([^' ]+)'? /#) { out += "owner \(match.1) 0 64062\n" }
        if command.contains("import sys, time, urllib.request") || command.hasPrefix("/usr/bin/python3 - ") {
            out += "healthy 2\n"
        }
        return CommandResult(stdout: Data(out.utf8), stderr: Data(), exitStatus: 0)
    }

    func writeFilesAtomically(_ files: [FileWrite], timeout: Double?) throws {
        try with { state in
            if let failure = state.writeFailure { throw failure }
            for file in files { state.files[file.path] = String(decoding: file.contents, as: UTF8.self) }
        }
    }

    func close() {}

    /// What the fact script prints for the paths, packages and services it names.
    private func facts(_ script: String, stdin: Data, _ snapshot: State) throws -> String {
        var out = "os debian 12\nglance 2:25.1.0-2+deb12u5\n" + snapshot.pending.map { "pending \($0)\n" }.joined()
        let paths = script.matches(of: #/\ngather_file '?([^' ]+)'? /#).map { String($0.1) }
        // The first stdin line is the digest for Debian 12 with Glance 25, which this node runs.
        let want = String(decoding: stdin, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let files = paths.compactMap { path in
            snapshot.files[path].map { PlannedFile(path: path, content: $0, owner: "root", group: "glance", mode: 0o640) }
        }
        let fingerprint = files.count == paths.count ? ConvergenceRecord.fingerprint(files) : nil
        if !want.isEmpty, let fingerprint, snapshot.record == "\(want) \(fingerprint)" {
            out += "converged \(want)\n"
        } else {
            out += "record \(snapshot.record ?? "")\n"
            out += try fileFacts(paths, snapshot)
        }
        for package in Self.words(after: "${Version}\\n' ", in: script) { out += "pkg \(package) ii 2:25.1.0-2+deb12u5\n" }
        for service in Self.words(after: "for s in ", in: script) { out += "svc \(service) 0 0\n" }
        return out + (snapshot.brokenFacts ? "garbage\n" : "") + "end\n"
    }

    private func fileFacts(_ paths: [String], _ snapshot: State) throws -> String {
        var out = ""
        for path in paths {
            let b64 = Data(path.utf8).base64EncodedString()
            if let content = snapshot.files[path] {
                out += "file \(b64) 640 root glance\n" + (try Self.compressed(content)) + "\n"
            } else if let template = try? String(contentsOfFile: Self.packaged + "/" + (path as NSString).lastPathComponent,
                                                  encoding: .utf8) {
                out += "template \(b64)\n" + (try Self.compressed(template)) + "\n"
            }
        }
        return out
    }

    /// The words after `marker` up to the end of its line or a `;` (the scripts quote only
    /// words that need it, and these never hold a blank).
    private static func words(after marker: String, in script: String) -> [String] {
        guard let start = script.range(of: marker) else { return [] }
        let line = script[start.upperBound...].prefix { $0 != "\n" && $0 != ";" }
        return line.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .filter { !$0.isEmpty && !$0.hasPrefix("2>") }
    }

    /// `gzip -1 -c | base64 -w0`, as a node sends a file.
    private static func compressed(_ text: String) throws -> String {
        let result = try Lab.shell("sh", "-c", "gzip -1 -c | base64 -w0", input: Data(text.utf8), timeout: 30)
        return result.output
    }
}
