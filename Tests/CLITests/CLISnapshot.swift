import Foundation
import XCTest

/// Golden files in Tests/CLITests/Snapshots, read from and (RECORD_SNAPSHOTS=1) written to the
/// source tree, as Tests/PlaybookTests/Snapshot.swift does.
enum CLISnapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func assert(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
        let stored = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            XCTAssertNoThrow(try actual.write(to: stored, atomically: true, encoding: .utf8), file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: stored, encoding: .utf8) else {
            XCTFail("no snapshot \(name).txt; run with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "snapshot \(name) differs", file: file, line: line)
    }
}
