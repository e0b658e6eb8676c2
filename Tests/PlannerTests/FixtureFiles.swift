import Foundation
import XCTest

/// Test inputs from `Fixtures/` (copied as-is into the test bundle).
enum FixtureFiles {
    static func url(_ relativePath: String) throws -> URL {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(relativePath)
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// A Debian 12 packaged template from /usr/share/glance-common (glance-common 2:25.1.0-2+deb12u5).
    static func packaged(_ name: String) throws -> String {
        try text("packaged/\(name)")
    }

    /// The lines of a text ending with a line break, without that last empty element.
    static func lines(_ text: String) -> [String] {
        Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
    }

    static func joined(_ lines: [String]) -> String {
        lines.joined(separator: "\n") + "\n"
    }
}
