import Deploy
import Dispatch
import Foundation

/// Ctrl-C: the first stops new steps (in-flight renames and restarts finish, locks are released),
/// a second one exits at once.
enum Interrupt {
    static func install(_ cancellation: Cancellation) -> DispatchSourceSignal {
        let console = Console.current
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if cancellation.isCancelled { exit(ExitStatus.interrupted) }
            cancellation.cancel()
            console.writeError(
                "\nglance-push: interrupted: starting no new step; waiting for in-flight ones (Ctrl-C again to quit now)\n")
        }
        source.resume()
        return source
    }
}

/// Where progress goes: on a terminal one line redrawn in place, otherwise plain lines.
enum ProgressOutput {
    static func sink() -> @Sendable (String) -> Void {
        let console = Console.current
        return { line in console.writeError(console.errorIsTerminal ? "\r\u{1B}[K" + line : line + "\n") }
    }

    /// Plain lines on stderr, whatever it is (restart and rollback).
    static func lines() -> @Sendable (String) -> Void {
        let console = Console.current
        return { line in console.writeError(line + "\n") }
    }

    static func finish() {
        let console = Console.current
        if console.errorIsTerminal { console.writeError("\r\u{1B}[K") }
    }
}
