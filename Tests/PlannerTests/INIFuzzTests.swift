import FuzzSupport
import Foundation
import Planner
import Playbook
import XCTest

/// The INI editor on mutated files (fixed seed): parsing then printing gives back the same
/// bytes; setting values either works (and the value reads back as oslo.config reads it) or is
/// refused when the value would break out of its line or be read back differently. Shell
/// characters are plain text in an INI file and are written as they are.
final class INIFuzzTests: XCTestCase {
    func testMutatedFilesRoundTripAndHostileValuesAreRefused() throws {
        let packaged = try FixtureFiles.packaged("glance-api.conf")
        let slice = packaged.split(separator: "\n", omittingEmptySubsequences: false).prefix(400).joined(separator: "\n")
        var mutator = Mutator(seed: 99, alphabet: "[]=:#; \t\n\r\0abz09_-\u{2028}")
        let hostile = ["a\nb", "a\rb", "x\0y", "$(reboot)", "`id`", "a; rm -rf /", "'quoted'", "\"dq\"", "tab\there", "ok value"]
        var refused = 0
        var written = 0
        for round in 0..<1_000 {
            let text = mutator.mutate(slice)
            var document = INIDocument(parsing: text)
            XCTAssertEqual(document.text, text, "round \(round): not byte-identical")
            let value = hostile[round % hostile.count]
            do {
                try document.set(section: "DEFAULT", key: "bind_host", value: value)
                written += 1
                XCTAssertEqual(document.values(section: "DEFAULT", key: "bind_host"), [value], "round \(round)")
                XCTAssertFalse(breaksOut(value), "round \(round): \(value.debugDescription) written")
            } catch {
                refused += 1
                XCTAssertTrue(breaksOut(value), "round \(round): \(value.debugDescription) refused: \(error)")
                XCTAssertFalse("\(error)".contains(value), "the refused value is not echoed")
            }
        }
        XCTAssertEqual(refused, 600)
        XCTAssertEqual(written, 400)
    }

    /// Would leave its line, or would be read back by oslo.config as something else.
    private func breaksOut(_ value: String) -> Bool {
        value.contains { $0.isNewline || $0 == "\0" || $0 == "\t" }
            || (value.hasPrefix("'") && value.hasSuffix("'")) || (value.hasPrefix("\"") && value.hasSuffix("\""))
    }
}
