import Foundation
import LabSupport
import XCTest

/// The executable is the library behind a few-line `@main`: the built binary prints and exits
/// exactly as the in-process runs the snapshots record.
final class BinaryTests: XCTestCase {
    func testBinaryMatchesInProcessRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let cases = ["--help", "deploy -i $S/hosts.ini -p $S/site.yml --forks 0", "inventory -i $S/bad.ini --list",
                     "rollback -i $S/hosts.ini --host nope", "import $S/good.pp", "releases -i $S/hosts.ini"]
        for words in cases {
            let arguments = scratch.arguments(words)
            XCTAssertEqual(try binary(arguments, scratch: scratch), CLIRun.inProcess(arguments), words)
        }
    }

    private func binary(_ arguments: [String], scratch: Scratch) throws -> CLIRun {
        let process = Process()
        process.executableURL = Lab.repository.appendingPathComponent(".build/debug/glance-push")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["COLUMNS": "\(CLIRun.columns)"]) { $1 }
        let output = scratch.path("binary.out"), error = scratch.path("binary.err")
        for path in [output, error] { try Data().write(to: URL(fileURLWithPath: path)) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: error))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return CLIRun(arguments: arguments, status: process.terminationStatus,
                      standardOutput: try String(contentsOfFile: output, encoding: .utf8),
                      standardError: try String(contentsOfFile: error, encoding: .utf8))
    }
}
