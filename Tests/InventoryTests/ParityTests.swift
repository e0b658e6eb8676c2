import Inventory
import XCTest

/// `ansibleListJSON()` against the real `ansible-inventory --list` for every fixture.
final class ParityTests: XCTestCase {
    func testEveryFixtureMatchesAnsibleInventoryList() throws {
        let fixtures = try FixturePaths.parityInventories()
        XCTAssertGreaterThanOrEqual(fixtures.count, 12)
        for fixture in fixtures {
            let ours = try Inventory.load(path: fixture.path).ansibleListJSON()
            let theirs = try AnsibleInventoryOracle.run(fixture.path, ["--list"])
            XCTAssertEqual(try JSONTree.parse(ours), try JSONTree.parse(theirs), "structure differs for \(fixture.name)")
            XCTAssertEqual(ours, theirs.trimmingCharacters(in: .newlines), "text differs for \(fixture.name)")
            try FixturePaths.assertSnapshot(ours + "\n", named: fixture.name + ".json")
        }
    }

    func testHostJSONMatchesAnsibleInventoryHost() throws {
        for (fixture, host) in [("03-vars-files", "web1"), ("05-precedence", "h2"), ("09-value-typing", "t3"), ("07-comments", "web1")] {
            let path = try FixturePaths.root().appendingPathComponent("parity/\(fixture)/hosts.ini").path
            let ours = try Inventory.load(path: path).ansibleHostJSON(host)
            let theirs = try AnsibleInventoryOracle.run(path, ["--host", host])
            XCTAssertEqual(ours, theirs.trimmingCharacters(in: .newlines), "\(fixture) --host \(host)")
        }
    }
}
