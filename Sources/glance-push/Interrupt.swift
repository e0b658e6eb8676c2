import Deploy
import Dispatch
import Foundation

/// Ctrl-C: the first stops new steps (in-flight renames and restarts finish, locks are released),
/// a second one exits at once.
enum Interrupt {
    static func install(_ cancellation: Cancellation) -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if cancellation.isCancelled { exit(130) }
            cancellation.cancel()
            FileHandle.standardError.write(Data(
                "\nglance-push: interrupted: starting no new step; waiting for in-flight ones (Ctrl-C again to quit now)\n".utf8))
        }
        source.resume()
        return source
    }

    static let exitCode = 130
}

/// Where progress goes: on a terminal one line redrawn in place, otherwise plain lines.
enum ProgressOutput {
    static func sink() -> @Sendable (String) -> Void {
        let interactive = isatty(STDERR_FILENO) != 0
        return { line in
            let text = interactive ? "\r\u{1B}[K" + line : line + "\n"
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    static func finish() {
        if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
