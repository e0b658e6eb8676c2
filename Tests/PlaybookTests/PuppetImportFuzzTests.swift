import Inventory
import Playbook
import XCTest
import Yams

/// 2,000 random mutations of the tutorial manifest (fixed seed): none may crash; each either
/// imports into YAML that loads, or fails with a `UserError` located inside the file.
final class PuppetImportFuzzTests: XCTestCase {
    /// SplitMix64: small, fast and the same on every platform.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let alphabet = Array("{}[](),;:=>'\"$#/*\\-~<|@!?.+ \n\tacgz09_É中".unicodeScalars)

    private func mutate(_ source: [Unicode.Scalar], with random: inout SeededGenerator) -> [Unicode.Scalar] {
        var text = source
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = text.isEmpty ? 0 : Int.random(in: 0..<text.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !text.isEmpty:
                text.remove(at: position)
            case 1:
                text.insert(Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)], at: position)
            case 2 where !text.isEmpty:
                text[position] = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
            case 3 where !text.isEmpty:
                let end = min(text.count, position + Int.random(in: 1...20, using: &random))
                let span = text[position..<end]
                text.insert(contentsOf: span, at: Int.random(in: 0...text.count, using: &random))
            case 4 where !text.isEmpty:
                text.removeSubrange(position..<min(text.count, position + Int.random(in: 1...15, using: &random)))
            default:
                text = Array(text.prefix(position))
            }
        }
        return text
    }

    func testTwoThousandMutationsNeverCrashAndFailWithALocation() throws {
        let original = Array(try PuppetImportFixture.text("tutorial.pp").unicodeScalars)
        var random = SeededGenerator(state: 20_261_125)
        var imported = 0
        var refused = 0
        for round in 0..<2_000 {
            let scalars = mutate(original, with: &random)
            let text = String(String.UnicodeScalarView(scalars))
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                let result = try PuppetImport.playbookYAML(from: PuppetManifest.parse(text, file: "tutorial.pp"))
                imported += 1
                XCTAssertNoThrow(try Yams.load(yaml: result.yaml), "round \(round): the YAML does not load:\n\(result.yaml)")
                for warning in result.warnings {
                    XCTAssertEqual(warning.location.file, "tutorial.pp")
                    XCTAssertTrue((1...lineCount).contains(warning.location.line), "round \(round): \(warning)")
                    XCTAssertGreaterThanOrEqual(warning.location.column, 1, "round \(round): \(warning)")
                }
            } catch let error as UserError {
                refused += 1
                let location = try XCTUnwrap(error.location, "round \(round): \(error) has no location")
                XCTAssertEqual(location.file, "tutorial.pp")
                XCTAssertTrue((1...lineCount).contains(location.line), "round \(round): \(error) outside the file")
                XCTAssertGreaterThanOrEqual(location.column, 1, "round \(round): \(error)")
                XCTAssertFalse(error.message.isEmpty)
            } catch {
                XCTFail("round \(round): not a UserError: \(error)\n\(text)")
            }
        }
        // Both outcomes must be common, or the mutations test nothing.
        XCTAssertGreaterThan(imported, 200, "imported \(imported), refused \(refused)")
        XCTAssertGreaterThan(refused, 200, "imported \(imported), refused \(refused)")
        print("fuzz: imported \(imported), refused \(refused)")
    }
}
