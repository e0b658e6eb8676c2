import Foundation
@testable import GlancePushCLI
import Synchronization

/// One run of glance-push: its exit status and what it wrote to stdout and stderr.
struct CLIRun: Equatable {
    var arguments: [String]
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Help and usage wrap at 80 columns whatever the terminal running the tests.
    static let columns = 80

    /// Runs `arguments` in this process, the way the executable does, capturing the output.
    static func inProcess(_ arguments: [String]) -> CLIRun {
        let capture = Capture()
        let console = Console(errorIsTerminal: false) { stream, text in capture.append(text, to: stream) }
        let status = GlancePush.exitStatus(for: arguments, console: console, columns: columns)
        return CLIRun(arguments: arguments, status: status, standardOutput: capture.text(of: .output),
                      standardError: capture.text(of: .error))
    }

    /// The run as a golden file shows it, with `replacements` applied (scratch directory → token).
    func transcript(replacing replacements: [(String, String)]) -> String {
        let text = """
            $ glance-push \(arguments.joined(separator: " "))
            exit status \(status)
            --- stdout
            \(standardOutput)--- stderr
            \(standardError)
            """
        return replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}

/// What a command wrote, by stream; written from any thread.
private final class Capture: Sendable {
    private let texts = Mutex<[Console.Stream: String]>([:])

    func append(_ text: String, to stream: Console.Stream) {
        texts.withLock { $0[stream, default: ""] += text }
    }

    func text(of stream: Console.Stream) -> String {
        texts.withLock { $0[stream] ?? "" }
    }
}
