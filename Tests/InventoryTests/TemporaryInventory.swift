import Foundation
import XCTest

extension XCTestCase {
    /// A directory holding `hosts.ini` and `files` (paths relative to it), removed after the test.
    func temporaryInventory(_ ini: String, files: [String: String] = [:]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inventory-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        try ini.write(to: directory.appendingPathComponent("hosts.ini"), atomically: true, encoding: .utf8)
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory.path
    }
}
