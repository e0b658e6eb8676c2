import Basics
import XCTest

final class StrippedTests: XCTestCase {
    func testStripsWhatRubysStripDoes() {
        XCTAssertEqual("2 ".stripped, "2")
        XCTAssertEqual(" \t[instance: %(uuid)s] \n".stripped, "[instance: %(uuid)s]")
        XCTAssertEqual("a b".stripped, "a b")
        XCTAssertEqual("".stripped, "")
        XCTAssertEqual("   ".stripped, "")
        XCTAssertEqual("\u{00A0}x\u{2003}".stripped, "x")
        XCTAssertEqual("é ".stripped, "é")
    }
}
