import Foundation

/// Where the CLI's text goes. Commands write through `Console.current`, which
/// `GlancePush.exitStatus(for:console:)` binds, so tests can run a command in process and read
/// what it printed. Closures that run on other threads (progress, Ctrl-C) capture the console
/// when they are made: a task-local value does not follow work onto Dispatch queues.
public struct Console: Sendable {
    public enum Stream: Sendable, Equatable {
        case output
        case error
    }

    /// Whether the error stream is a terminal (progress then redraws one line in place).
    public let errorIsTerminal: Bool
    private let sink: @Sendable (Stream, String) -> Void

    public init(errorIsTerminal: Bool, sink: @escaping @Sendable (Stream, String) -> Void) {
        self.errorIsTerminal = errorIsTerminal
        self.sink = sink
    }

    /// The process's stdout and stderr, written unbuffered.
    public static let standard = Console(errorIsTerminal: isatty(STDERR_FILENO) != 0) { stream, text in
        let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    @TaskLocal static var current = Console.standard

    /// `text` on stdout as it is (no newline added).
    func write(_ text: String) {
        if !text.isEmpty { sink(.output, text) }
    }

    /// One line on stdout.
    func print(_ line: String) {
        sink(.output, line + "\n")
    }

    /// `text` on stderr as it is.
    func writeError(_ text: String) {
        if !text.isEmpty { sink(.error, text) }
    }
}
