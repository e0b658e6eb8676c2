import Foundation
import Inventory
import XCTest

/// Reads fixtures under Fixtures/puppet and compares with golden files (RECORD_SNAPSHOTS=1 rewrites them).
enum PuppetImportFixture {
    static var directory: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            preconditionFailure("the PlaybookTests bundle has no Fixtures folder")
        }
        return url.appendingPathComponent("puppet")
    }

    /// The source folder, where RECORD_SNAPSHOTS writes golden files.
    static var sourceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/puppet")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: sourceDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            return
        }
        let expected = try text(name)
        XCTAssertEqual(actual, expected, "differs from Fixtures/puppet/\(name) (RECORD_SNAPSHOTS=1 rewrites it)", file: file, line: line)
    }
}
