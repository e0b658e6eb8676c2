@testable import Planner
import Basics
import XCTest

final class BatchesTests: XCTestCase {
    private func hosts(_ count: Int) -> [String] { (1...count).map { "ctl\($0)" } }

    private func sizes(_ count: Int, _ serial: [String]) throws -> [Int] {
        let batches = try Planner.batches(hosts: hosts(count), serial: serial)
        XCTAssertEqual(batches.flatMap { $0 }, hosts(count), "order and membership are kept")
        return batches.map(\.count)
    }

    func testAnsibleSerialSemantics() throws {
        XCTAssertEqual(try sizes(5, []), [5])
        XCTAssertEqual(try sizes(3, ["1"]), [1, 1, 1])
        XCTAssertEqual(try sizes(5, ["2"]), [2, 2, 1])
        XCTAssertEqual(try sizes(10, ["30%"]), [3, 3, 3, 1])
        XCTAssertEqual(try sizes(3, ["33%"]), [1, 1, 1])
        XCTAssertEqual(try sizes(10, ["1", "25%"]), [1, 2, 2, 2, 2, 1])
        XCTAssertEqual(try sizes(10, ["1", "5", "10"]), [1, 5, 4])
        XCTAssertEqual(try sizes(4, ["0%"]), [1, 1, 1, 1])
        XCTAssertEqual(try sizes(1, ["50%"]), [1])
        XCTAssertEqual(try sizes(4, ["0"]), [4])
        XCTAssertEqual(try sizes(4, ["1", "-1"]), [1, 3])
        XCTAssertEqual(try sizes(4, ["100%"]), [4])
        XCTAssertEqual(try Planner.batches(hosts: [], serial: ["1"]), [])
        XCTAssertEqual(try Planner.batches(hosts: ["b", "a"], serial: ["1"]), [["b"], ["a"]])
    }

    func testInvalidSerialIsRefused() {
        for entry in ["abc", "1.5", "%", "x%"] {
            XCTAssertThrowsError(try Planner.batches(hosts: hosts(2), serial: [entry])) { error in
                XCTAssertEqual(error as? UserError, UserError(
                    "invalid serial '\(entry)': expected a number of hosts or a percentage like '30%'"))
            }
        }
    }
}
