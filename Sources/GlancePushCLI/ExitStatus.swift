import ArgumentParser
import Basics
import Deploy

/// The exit statuses DESIGN.md promises, and the one mapping from an error to a status and the
/// text that explains it. Every command's errors end here.
enum ExitStatus {
    static let success: Int32 = 0
    /// Bad input, nothing touched: a `UserError`, a become password sudo refused
    /// (`BecomeRefused`), or a flag ArgumentParser rejects.
    static let badInput: Int32 = 1
    /// Some host failed.
    static let hostFailed: Int32 = 2
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    static let interrupted: Int32 = 130

    /// What the process shows and returns when a command throws `error`. Help and usage are
    /// ArgumentParser's text, wrapped at `columns` (nil: the terminal's width, else 80).
    static func termination(for error: Error, columns: Int? = nil) -> Termination {
        switch error {
        case let error as UserError:
            return Termination(status: badInput, standardError: "glance-push: error: \(error)\n")
        case let error as BecomeRefused:
            return Termination(status: badInput, standardError: "glance-push: error: \(error)\n")
        case let error as HostError:
            return Termination(status: hostFailed, standardError: "glance-push: error: \(error)\n")
        case CommandFailure.hostsFailed:
            return Termination(status: hostFailed)
        case CommandFailure.interrupted:
            return Termination(status: interrupted)
        default:
            return argumentParserTermination(for: error, columns: columns)
        }
    }

    /// ArgumentParser's own message (help on stdout, errors with usage on stderr), with its
    /// validation status 64 turned into our bad-input 1.
    private static func argumentParserTermination(for error: Error, columns: Int?) -> Termination {
        let text = GlancePush.fullMessage(for: error, columns: columns)
        let code = GlancePush.exitCode(for: error)
        let line = text.isEmpty ? "" : text + "\n"
        if code == .success { return Termination(status: success, standardOutput: line) }
        let status = code == .validationFailure ? badInput : code.rawValue
        return Termination(status: status, standardError: line)
    }
}

/// A command's end as the shell sees it.
struct Termination: Equatable, Sendable {
    var status: Int32
    var standardOutput = ""
    var standardError = ""
}
