@testable import GlancePushCLI
import XCTest

final class TableTests: XCTestCase {
    func testColumnsAreAsWideAsTheirWidestCellWithTwoSpacesBetween() {
        let table = Table(header: ["host", "result", "seconds"], rows: [["ctl01", "changed", "8.6"], ["node10", "ok", "12.0"]])
        XCTAssertEqual(table.render(), """
            host    result   seconds
            ctl01   changed  8.6
            node10  ok       12.0

            """)
    }

    func testTrailingBlanksAreTrimmed() {
        let table = Table([["a", "long", ""], ["bb", "x", "   "], ["c", "", ""]])
        XCTAssertEqual(table.render(), "a   long\nbb  x\nc\n")
    }

    func testRowsMayHaveFewerCells() {
        XCTAssertEqual(Table([["one", "two", "three"], ["1"], ["11", "22"]]).render(), "one  two  three\n1\n11   22\n")
    }

    func testWidthsCountCharactersNotBytes() {
        XCTAssertEqual(Table([["é", "x"], ["ab", "y"]]).render(), "é   x\nab  y\n")
    }

    func testNoRowsIsNoText() {
        XCTAssertEqual(Table([]).render(), "")
        XCTAssertEqual(Table(header: ["host", "release"], rows: []).render(), "host  release\n")
    }
}
