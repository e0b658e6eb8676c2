import Basics
import FuzzSupport
import Playbook
import PuppetImport
import XCTest
import Yams

/// 2,000 random mutations of the tutorial manifest (fixed seed): none may crash; each either
/// imports into YAML that loads, or fails with a `UserError` located inside the file.
final class PuppetImportFuzzTests: XCTestCase {
    private static let alphabet = "{}[](),;:=>'\"$#/*\\-~<|@!?.+ \n\tacgz09_É中"

    func testTwoThousandMutationsNeverCrashAndFailWithALocation() throws {
        let original = Array(try PuppetImportFixture.text("tutorial.pp").unicodeScalars)
        var mutator = Mutator(seed: 20_261_125, alphabet: Self.alphabet)
        var imported = 0
        var refused = 0
        for round in 0..<2_000 {
            let scalars = mutator.mutate(original)
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
