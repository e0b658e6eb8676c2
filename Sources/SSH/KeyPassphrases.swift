import Foundation
import Synchronization

/// Where the passphrase of an encrypted key file comes from when ssh-agent does not hold the
/// key: asked once per key file (`Enter passphrase for key 'PATH': `, as `ssh` asks) and kept
/// in memory for the other connections of the run, or never asked (`.never`).
///
/// Thread rule: any thread. One question at a time; a caller wanting a key file another
/// caller is asking about waits for that answer instead of asking again.
public final class KeyPassphrases: Sendable, Equatable, CustomStringConvertible {
    /// Shows `prompt` and returns the answer, or nil when it cannot ask.
    public typealias Ask = @Sendable (_ prompt: String) -> String?

    private let ask: Ask?
    /// Key file path → its passphrase, or nil when it could not be had (asked once only).
    private let answers = Mutex<[String: KeyPassphrase?]>([:])

    public init(ask: Ask?) {
        self.ask = ask
    }

    /// Never asks: an encrypted key file must be in ssh-agent.
    public static let never = KeyPassphrases(ask: nil)

    /// Asks on the terminal (`/dev/tty`, echo off) when standard input is one, as `ssh` does;
    /// otherwise (a script, CI) never asks. One per process: the terminal is one per process.
    public static let terminal = KeyPassphrases(ask: TerminalPrompt.read)

    /// Whether it may ask at all (a terminal is there, or an asking function was given).
    var canAsk: Bool {
        ask != nil && (self !== Self.terminal || TerminalPrompt.isAvailable)
    }

    /// The passphrase for `path`: asked at most once per file; nil when it cannot be asked or
    /// the answer was empty.
    func passphrase(for path: String) -> KeyPassphrase? {
        answers.withLock { answers in
            if let known = answers[path] { return known }
            let answer = ask?("Enter passphrase for key '\(path)': ").flatMap { $0.isEmpty ? nil : KeyPassphrase($0) }
            answers[path] = answer
            return answer
        }
    }

    public var description: String { self === Self.never ? "KeyPassphrases.never" : "KeyPassphrases" }

    public static func == (left: KeyPassphrases, right: KeyPassphrases) -> Bool { left === right }
}

/// A key passphrase: passed to libssh2 only, never printed (`<secret>`) nor mirrored.
struct KeyPassphrase: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    var description: String { "<secret>" }
    var debugDescription: String { "<secret>" }
    var customMirror: Mirror { Mirror(self, children: []) }
}

/// Reads a passphrase from the controlling terminal as `readpassphrase(3)` does: echo off,
/// the prompt written to the terminal (not to stdout or stderr), one line read, echo restored.
enum TerminalPrompt {
    /// Standard input is a terminal and `/dev/tty` opens.
    static var isAvailable: Bool {
        guard isatty(STDIN_FILENO) == 1 else { return false }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    @Sendable static func read(_ prompt: String) -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        let hasTerminal = tcgetattr(fd, &saved) == 0
        if hasTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
            quiet.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if hasTerminal {
                var restore = saved
                _ = tcsetattr(fd, TCSAFLUSH, &restore)
            }
        }
        write(fd, prompt)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            bytes.append(byte)
        }
        write(fd, "\n")
        defer { for index in bytes.indices { bytes[index] = 0 } }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = Glibc.write(fd, buffer.baseAddress, buffer.count) }
    }
}
