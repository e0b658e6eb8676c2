import Basics
import XCTest

/// The one "did you mean" rule: close relative to the longer name, case-insensitive.
final class NearestNameTests: XCTestCase {
    func testSmallEditsAreSuggested() {
        XCTAssertEqual(NearestName.suggestion(for: "webb", among: ["db", "web"]), "web")
        XCTAssertEqual(NearestName.suggestion(for: "rdb", among: ["file", "rbd", "swift"]), "rbd")
        XCTAssertEqual(NearestName.suggestion(for: "valeu", among: ["ensure", "value"]), "value")
    }

    func testLimitGrowsWithTheLongerName() {
        // 3 insertions into an 8-character name: 40% of 8 is 3.
        XCTAssertEqual(NearestName.suggestion(for: "child", among: ["vars", "children"]), "children")
        // 3 edits of a 4-character name are more than a typo.
        XCTAssertNil(NearestName.suggestion(for: "bad", among: ["vars", "children"]))
        XCTAssertNil(NearestName.suggestion(for: "ctl", among: ["controllers"]))
    }

    func testNeverEveryCharacter() {
        XCTAssertNil(NearestName.suggestion(for: "ab", among: ["cd"]))
        XCTAssertNil(NearestName.suggestion(for: "a", among: ["b"]))
        XCTAssertEqual(NearestName.suggestion(for: "h3", among: ["h1"]), "h1")
    }

    func testCaseIsIgnoredButTheSameNameIsNotSuggested() {
        XCTAssertEqual(NearestName.suggestion(for: "default", among: ["DEFAULT", "ceph1"]), "DEFAULT")
        XCTAssertNil(NearestName.suggestion(for: "web", among: ["web"]))
    }

    func testTiesGoToTheFirstListed() {
        XCTAssertEqual(NearestName.suggestion(for: "ceph", among: ["ceph2", "ceph1"]), "ceph2")
        XCTAssertEqual(NearestName.suggestion(for: "ceph", among: ["ceph1", "ceph2"]), "ceph1")
    }

    func testHintAndMessage() {
        XCTAssertEqual(NearestName.hint(for: "ctl1", among: ["ctl01"]), " (did you mean 'ctl01'?)")
        XCTAssertEqual(NearestName.hint(for: "zzz", among: ["ctl01"]), "")
        XCTAssertEqual(NearestName.message("unknown play key 'host'", for: "host", among: ["hosts", "name"]),
                       "unknown play key 'host' (did you mean 'hosts'?)")
    }
}
