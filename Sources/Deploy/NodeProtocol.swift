/// The line protocol spoken with a node. Every script glance-push sends answers in lines
/// `WORD FIELDS…`; these are the words (the scripts print them through this type, the parsers
/// read them through it), so the vocabulary is defined here once.
enum NodeWord: String, CustomStringConvertible {
    /// The node lock's answer (`LockAnswer`), then the lock file's `key=value` lines.
    case lock
    /// A line of the pending marker: `restart SERVICE` or `oneshot ID` (`PendingWork`).
    case pending
    /// `os ID VERSION_ID` and `glance DEBIAN_VERSION`: the host's release.
    case os, glance
    /// `file B64PATH MODE OWNER GROUP`, then the contents (gzip, base64) on the next line.
    case file
    /// `unreadable B64PATH USER`: a managed file the login user cannot read.
    case unreadable
    /// `template B64PATH`, then the packaged template's contents for a missing file.
    case template
    /// `pkg NAME STATUS VERSION`, from dpkg-query.
    case package = "pkg"
    /// `svc NAME RUNNING ENABLED` (0 = yes).
    case service = "svc"
    /// The fact script's last line: its output is whole.
    case end
    /// `converged DIGEST`: the convergence record stands for the files, none is sent; else
    /// `record LINE`, the record as it is (`ConvergenceRecord`).
    case converged, record
    /// `owner USER:GROUP UID GID`.
    case owner
    /// `sha256 INDEX HEX`: a saved file's hash in a release record.
    case sha256
    /// A rollback's look at a file: `present MODE OWNER GROUP`, or `absent`.
    case present, absent
    /// The health probe's answers: `healthy STREAK` or `waiting STREAK LAST`.
    case healthy, waiting

    var description: String { rawValue }

    /// The rest of each line of `output` that starts with this word and a blank.
    func lines(in output: some Sequence<some StringProtocol>) -> [String] {
        let prefix = rawValue + " "
        return output.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The word a line starts with, if it is one of ours.
    static func of(_ fields: [Substring]) -> NodeWord? {
        fields.first.flatMap { NodeWord(rawValue: String($0)) }
    }
}

/// What the lock scripts answer after `lock`.
enum LockAnswer: String, CustomStringConvertible {
    case free = "FREE", held = "HELD", stale = "STALE", acquired = "ACQUIRED", busy = "BUSY"
    /// `ERROR MESSAGE (as user USER)`: a step failed, in the node's words.
    case error = "ERROR"

    var description: String { rawValue }
}

/// The kinds of work the pending marker records.
enum PendingWork: String, CustomStringConvertible {
    case restart
    case oneShot = "oneshot"

    var description: String { rawValue }
}
