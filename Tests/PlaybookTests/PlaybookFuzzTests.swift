import Basics
import FuzzSupport
import Foundation
import Inventory
import Playbook
import XCTest

/// Mutated playbooks (fixed seed) never crash the YAML loader or the catalog: each loads and
/// renders, or fails with a `UserError` naming a place in that file.
final class PlaybookFuzzTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testMutatedPlaybooksLoadOrFailWithALocation() throws {
        let secrets = Secrets(["glance_keystone": "k-secret", "glance_db": "d-secret", "rabbit": "r-secret",
                               "glance_swift_key": "s-secret"])
        var mutator = Mutator(seed: 815, alphabet: "{}[]:,-'\"&*!|># \n\tabz09_.%@$")
        let host = InventoryHost(name: "ctl01", vars: ["ansible_host": "10.0.0.11"])
        var loaded = 0
        var refused = 0
        for name in ["site.yml", "lab.yml", "examples/exercise-swift-store.yml", "examples/exercise-token-cache.yml"] {
            let original = try String(contentsOf: Self.repository.appendingPathComponent("playbooks/" + name), encoding: .utf8)
            for round in 0..<300 {
                let text = mutator.mutate(original)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
                do {
                    let playbook = try Playbook.parse(text, file: "fuzz.yml", secrets: secrets)
                    for play in playbook.plays { _ = try playbook.render(play: play, host: host, release: .debian12Zed) }
                    loaded += 1
                } catch let error as UserError {
                    refused += 1
                    let location = try XCTUnwrap(error.location, "\(name) round \(round): \(error)")
                    XCTAssertEqual(location.file, "fuzz.yml")
                    XCTAssertTrue((1...max(1, lines + 1)).contains(location.line), "\(name) round \(round): \(error)")
                    for value in ["k-secret", "d-secret", "r-secret", "s-secret"] {
                        XCTAssertFalse(error.message.contains(value), "\(name) round \(round): a secret in \(error)")
                    }
                } catch {
                    XCTFail("\(name) round \(round): not a UserError: \(error)")
                }
            }
        }
        XCTAssertGreaterThan(refused, 100)
        print("playbook fuzz: \(loaded + refused) inputs, \(loaded) loaded, \(refused) refused with a location")
    }
}
