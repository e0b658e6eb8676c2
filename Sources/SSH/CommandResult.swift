import Foundation

/// What one remote command produced. stdout and stderr are kept apart, byte for byte.
public struct CommandResult: Sendable, Equatable {
    public var stdout: Data
    public var stderr: Data
    /// The exit status the server reported; nil when the command died of a signal.
    public var exitStatus: Int32?
    /// e.g. `KILL` when the command was killed by a signal.
    public var exitSignal: String?

    public init(stdout: Data, stderr: Data, exitStatus: Int32?, exitSignal: String? = nil) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
    }

    public var succeeded: Bool { exitStatus == 0 }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// "exit status 3" or "killed by signal KILL", for messages.
    public var statusDescription: String {
        if let exitStatus { return "exit status \(exitStatus)" }
        return "killed by signal \(exitSignal ?? "?")"
    }
}

/// Remote file metadata, as SFTP's stat reports it.
public struct RemoteFileStat: Sendable, Equatable {
    public var size: UInt64
    /// Permission bits only (e.g. 0o640), without the file type.
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    /// Seconds since the epoch.
    public var modificationTime: UInt64
    public var isRegularFile: Bool
    public var isDirectory: Bool
}

/// Numeric owner for a written file; names are resolved by the caller (`id -u glance`).
public struct FileOwnership: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32

    public init(uid: UInt32, gid: UInt32) {
        self.uid = uid
        self.gid = gid
    }
}

/// One file for `writeFilesAtomically`.
public struct FileWrite: Sendable, Equatable {
    public var path: String
    public var contents: Data
    /// Permission bits, e.g. 0o640.
    public var mode: UInt32
    public var owner: FileOwnership?

    public init(path: String, contents: Data, mode: UInt32, owner: FileOwnership? = nil) {
        self.path = path
        self.contents = contents
        self.mode = mode
        self.owner = owner
    }
}
