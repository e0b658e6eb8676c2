import ArgumentParser
import Foundation
import Inventory

/// The exit statuses DESIGN.md promises: 0 all hosts fine, 1 bad input (nothing touched),
/// 2 some host failed.
enum ExitStatus {
    static let hostFailed = ExitCode(2)
    static let badInput = ExitCode(1)

    /// Runs a command body, printing user errors as `glance-push: file:line:col: message`.
    static func guarding(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as UserError {
            Terminal.error("\(error)")
            throw badInput
        }
    }
}

enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("glance-push: error: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("glance-push: warning: \(message)\n".utf8))
    }

    static var isInteractive: Bool { isatty(STDOUT_FILENO) != 0 }
}
