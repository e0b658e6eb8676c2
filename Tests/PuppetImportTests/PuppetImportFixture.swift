import Basics
import Foundation
import Inventory
import Playbook
import PuppetImport
import XCTest

/// Reads fixtures under Fixtures and compares with golden files (RECORD_SNAPSHOTS=1 rewrites them).
enum PuppetImportFixture {
    static var directory: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            preconditionFailure("the PuppetImportTests bundle has no Fixtures folder")
        }
        return url
    }

    /// The controller the imported playbooks are rendered for (PlaybookTests' `Sample.host`).
    static let host = InventoryHost(name: "ctl01", vars: [
        "ansible_host": "10.0.0.11", "ansible_processor_vcpus": "16", "keystone_host": "keystone.example.net",
    ])

    /// The source folder, where RECORD_SNAPSHOTS writes golden files.
    static var sourceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
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
        XCTAssertEqual(actual, expected, "differs from Fixtures/\(name) (RECORD_SNAPSHOTS=1 rewrites it)", file: file, line: line)
    }
}

extension PuppetImportFixture {
    /// Imports `text` as the manifest `file`.
    static func importing(_ text: String, file: String = "site.pp") throws -> PuppetImportResult {
        try PuppetImport.playbookYAML(from: PuppetManifest.parse(text, file: file))
    }

    /// The `file:line:column: error: …` line for `text`, or nil when it imports.
    static func error(_ text: String, file: String = "bad.pp") -> String? {
        do {
            _ = try importing(text, file: file)
            return nil
        } catch let error as UserError {
            return PuppetDiagnostic(error: error).description
        } catch {
            return "unexpected error type: \(error)"
        }
    }
}

extension PuppetImportFixture {
    /// The secrets file the import's skeleton describes, each value filled in with a stand-in
    /// (parsed as `plan` reads secrets.yml).
    static func secrets(for result: PuppetImportResult) throws -> Secrets {
        let filled = result.secretsSkeleton.replacingOccurrences(of: ": \"\"", with: ": \"stand-in-secret\"")
        return try Secrets.parse(filled, file: "secrets.yml")
    }

    /// The imported playbook parsed and validated as `plan` loads it, then each play rendered for
    /// a controller on Debian 12 / Glance 25 as `plan` renders it; every warning of the renders.
    @discardableResult
    static func plan(_ result: PuppetImportResult, file: String) throws -> [String] {
        let playbook = try Playbook.parse(result.yaml, file: file, secrets: try secrets(for: result))
        var warnings: [String] = []
        for play in playbook.plays {
            warnings += try playbook.render(play: play, host: PuppetImportFixture.host, release: .debian12Zed).flatMap(\.warnings)
        }
        return warnings
    }
}
