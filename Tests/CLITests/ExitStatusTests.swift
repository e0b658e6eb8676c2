import ArgumentParser
import Basics
import Deploy
@testable import GlancePushCLI
import XCTest

/// The one mapping from an error to an exit status and its text.
final class ExitStatusTests: XCTestCase {
    func testUserErrorIsBadInputNamingTheLocation() {
        let error = UserError("unknown variable 'ansible_prot'", at: SourceLocation(file: "prod.ini", line: 12, column: 5))
        XCTAssertEqual(ExitStatus.termination(for: error),
                       Termination(status: 1, standardError: "glance-push: error: prod.ini:12:5: unknown variable 'ansible_prot'\n"))
        XCTAssertEqual(ExitStatus.termination(for: UserError("no hosts matched")),
                       Termination(status: 1, standardError: "glance-push: error: no hosts matched\n"))
    }

    func testHostFailuresExit2() {
        XCTAssertEqual(ExitStatus.termination(for: CommandFailure.hostsFailed), Termination(status: 2))
        XCTAssertEqual(ExitStatus.termination(for: HostError(host: "ctl01", phase: "connect", "refused")),
                       Termination(status: 2, standardError: "glance-push: error: ctl01: connect: refused\n"))
    }

    func testARefusedBecomePasswordIsBadInputNamingEachHost() {
        var wrong = HostError(host: "node33", phase: "connect", "sudo: wrong password for deploy-pw on node33 (--ask-become-pass)")
        wrong.isBecomeCredentials = true
        XCTAssertEqual(ExitStatus.termination(for: BecomeRefused(failures: [wrong])), Termination(status: 1, standardError: """
            glance-push: error: sudo refused the become password of 1 host; nothing was changed on any host:
              node33: sudo: wrong password for deploy-pw on node33 (--ask-become-pass)

            """))
        let missing = HostError(host: "node34", phase: "connect", "sudo: a password is required")
        XCTAssertTrue(ExitStatus.termination(for: BecomeRefused(failures: [wrong, missing])).standardError
            .hasPrefix("glance-push: error: sudo refused the become password of 2 hosts;"))
    }

    func testInterruptedExits130Silently() {
        XCTAssertEqual(ExitStatus.termination(for: CommandFailure.interrupted), Termination(status: 130))
    }

    func testFlagErrorsAreBadInputPrintedArgumentParsersWay() throws {
        let error = try parseError(["restart", "-i", "hosts.ini", "--batch", "2"])
        XCTAssertEqual(GlancePush.exitCode(for: error), .validationFailure, "ArgumentParser alone would exit 64")
        XCTAssertEqual(ExitStatus.termination(for: error, columns: 80), Termination(status: 1, standardError: """
            Error: --batch needs --rolling
            Usage: glance-push restart [<options>] --inventory <inventory>
              See 'glance-push restart --help' for more information.

            """))
        let unknown = ExitStatus.termination(for: try parseError(["ping", "-i", "hosts.ini", "--bogus"]), columns: 80)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.standardError.hasPrefix("Error: Unknown option '--bogus'"), unknown.standardError)
    }

    func testHelpIsSuccessOnStdout() throws {
        let help = ExitStatus.termination(for: try parseError(["ping", "--help"]), columns: 80)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.standardOutput.hasPrefix("OVERVIEW: Connect to every host in parallel"), help.standardOutput)
        XCTAssertEqual(help.standardError, "")
    }

    func testOtherErrorsKeepArgumentParsersStatusAndText() {
        struct Unexpected: Error, CustomStringConvertible { var description: String { "disk full" } }
        XCTAssertEqual(ExitStatus.termination(for: Unexpected()), Termination(status: 1, standardError: "Error: disk full\n"))
        XCTAssertEqual(ExitStatus.termination(for: ExitCode(3)), Termination(status: 3))
    }

    /// What parsing `arguments`, then running the command (`--help` parses as the help command), throws.
    private func parseError(_ arguments: [String]) throws -> Error {
        do {
            var command = try GlancePush.parseAsRoot(arguments)
            try command.run()
        } catch {
            return error
        }
        throw XCTSkip("\(arguments) ran")
    }
}
