import Foundation
import XCTest

enum FixturePaths {
    static func root() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw XCTSkip("Fixtures folder missing from the test bundle")
        }
        return url
    }

    /// Inventory fixtures for the parity test: `parity/<name>/hosts.ini`, sorted by name.
    static func parityInventories() throws -> [(name: String, path: String)] {
        let directory = try root().appendingPathComponent("parity")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        return names.map { ($0, directory.appendingPathComponent($0).appendingPathComponent("hosts.ini").path) }
    }

    /// Compares `actual` with `Snapshots/<name>` in the source tree; RECORD_SNAPSHOTS=1 rewrites it.
    static func assertSnapshot(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let source = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Snapshots").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: source, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: source, encoding: .utf8) else {
            XCTFail("missing snapshot \(source.path); run with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "snapshot \(name) differs", file: file, line: line)
    }
}
