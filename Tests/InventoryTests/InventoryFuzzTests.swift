import Basics
import FuzzSupport
import Foundation
import Inventory
import XCTest

/// Mutated inventories (fixed seed) never crash or hang the parser: each parses, or fails with
/// a `UserError` naming a line of that file.
final class InventoryFuzzTests: XCTestCase {
    func testMutatedInventoriesParseOrFailWithALocation() throws {
        var mutator = Mutator(seed: 4711, alphabet: "[]:=,'\" \t\n#;abcz019-_*.~!&")
        var parsed = 0
        var refused = 0
        let started = Date()
        for fixture in try FixturePaths.parityInventories() {
            let original = try String(contentsOfFile: fixture.path, encoding: .utf8)
            for round in 0..<150 {
                let text = mutator.mutate(original)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
                do {
                    let inventory = try Inventory.parse(text, file: "fuzz.ini")
                    _ = inventory.ansibleListJSON()
                    parsed += 1
                } catch let error as UserError {
                    refused += 1
                    let location = try XCTUnwrap(error.location, "\(fixture.name) round \(round): \(error)")
                    XCTAssertEqual(location.file, "fuzz.ini")
                    XCTAssertTrue((1...max(1, lines)).contains(location.line), "\(fixture.name) round \(round): \(error)")
                } catch {
                    XCTFail("\(fixture.name) round \(round): not a UserError: \(error)")
                }
            }
        }
        XCTAssertGreaterThan(parsed, 100)
        XCTAssertGreaterThan(refused, 100)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        print("inventory fuzz: \(parsed + refused) inputs, \(parsed) parsed, \(refused) refused with a location")
    }
}
