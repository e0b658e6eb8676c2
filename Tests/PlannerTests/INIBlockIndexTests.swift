import FuzzSupport
@testable import Planner
import XCTest

/// `INIDocument.Block` keeps its settings and samples indexed across edits instead of parsing the
/// block again: after any edit the index must be what a fresh parse of the lines gives, since the
/// editing rules read it.
final class INIBlockIndexTests: XCTestCase {
    private let vocabulary = [
        "[s]", "a = 1", "b = 2", "a: 3", "  continued", "\tmore", "   ", "", "# comment", "#a = sample",
        "#b = sample", "; note", "no separator", "c =", "a = 1\r", " = empty key",
    ]

    func testRandomEditsKeepTheIndexEqualToAFreshParse() {
        var random = Mutator.SeededGenerator(seed: 7)
        for round in 0..<2_000 {
            var block = INIDocument.Block(name: "s", lines: randomLines(&random, count: Int.random(in: 0...8, using: &random)))
            for edit in 0..<6 {
                let lower = Int.random(in: 0...block.lines.count, using: &random)
                let upper = Int.random(in: lower...min(block.lines.count, lower + 3), using: &random)
                let newLines = randomLines(&random, count: Int.random(in: 0...3, using: &random))
                block.replaceLines(lower..<upper, with: newLines)
                assertIndexed(block, "round \(round), edit \(edit)")
            }
        }
    }

    func testDocumentEditsKeepEveryBlockIndexed() throws {
        let packaged = try FixtureFiles.packaged("glance-api.conf")
            .split(separator: "\n", omittingEmptySubsequences: false).prefix(400).joined(separator: "\n")
            + "\n[keystone_authtoken]\nauth_url = x\n  continued\n#region_name = r\n\n[DEFAULT]\nworkers = 2\n"
        var mutator = Mutator(seed: 11, alphabet: "[]=:#; \t\nabz_")
        let keys = ["bind_host", "workers", "debug", "a", "auth_url", "region_name"]
        let sections = ["DEFAULT", "keystone_authtoken", "glance_store", "new_section"]
        for round in 0..<100 {
            var document = INIDocument(parsing: mutator.mutate(packaged))
            for step in 0..<12 {
                let section = sections[(round + step) % sections.count]
                let key = keys[(round * 7 + step) % keys.count]
                switch step % 4 {
                case 0: try document.set(section: section, key: key, value: "v\(step)")
                case 1: try document.set(section: section, key: key, values: ["x", "y"])
                case 2: document.remove(section: section, key: key)
                default: if step == 11 { document.purge(keeping: [INIKey(section: "DEFAULT", key: "workers")]) }
                }
                for block in document.blocks { assertIndexed(block, "round \(round), step \(step)") }
                XCTAssertEqual(INIDocument(parsing: document.text).text, document.text)
            }
        }
    }

    private func randomLines(_ random: inout Mutator.SeededGenerator, count: Int) -> [String] {
        (0..<count).map { _ in vocabulary[Int.random(in: 0..<vocabulary.count, using: &random)] }
    }

    private func assertIndexed(_ block: INIDocument.Block, _ message: String, line: UInt = #line) {
        XCTAssertEqual(block.settings, INILine.settings(in: block.lines), message, line: line)
        XCTAssertEqual(block.sampleKeys, block.lines.map(INILine.sampleKey), message, line: line)
    }
}
