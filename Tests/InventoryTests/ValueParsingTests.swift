import Inventory
import XCTest

/// Host-line values through shlex and literal_eval; ranges; Python float printing.
final class ValueParsingTests: XCTestCase {
    private func value(_ assignment: String) throws -> InventoryValue? {
        let inventory = try Inventory.parse("h \(assignment)\n", file: "v.ini")
        return inventory.variables(of: "h")["x"]?.value
    }

    func testLiteralEvalTyping() throws {
        XCTAssertEqual(try value("x=42"), .integer("42"))
        XCTAssertEqual(try value("x=-0"), .integer("0"))
        XCTAssertEqual(try value("x=0b11"), .integer("3"))
        XCTAssertEqual(try value("x=007"), .string("007"))
        XCTAssertEqual(try value("x=00"), .integer("0"))
        XCTAssertEqual(try value("x=True"), .bool(true))
        XCTAssertEqual(try value("x=true"), .string("true"))
        XCTAssertEqual(try value("x=None"), .null)
        XCTAssertEqual(try value("x=-True"), .string("-True"))
        XCTAssertEqual(try value("x=\"'a' 'b'\""), .string("ab"))
        XCTAssertEqual(try value("x=\"'tab\\\\there'\""), .string("tab\there"))
        XCTAssertEqual(try value("x=\"['a', (1, 2.5), {'k': None}]\""),
                       .list([.string("a"), .list([.integer("1"), .float(2.5)]), .map(["k": .null])]))
        XCTAssertEqual(try value("x="), .string(""))
        XCTAssertEqual(try value("x=1.2.3"), .string("1.2.3"))
        XCTAssertEqual(try value("x=f'x'"), .string("fx"))
    }

    func testFloatsPrintLikePython() throws {
        let inventory = try Inventory.parse("h a=1e16 b=1e15 c=0.0001 d=0.00001 e=-2.50 f=1e-300 g=123.456\n", file: "f.ini")
        XCTAssertEqual(try inventory.ansibleHostJSON("h"), """
            {
                "a": 1e+16,
                "b": 1000000000000000.0,
                "c": 0.0001,
                "d": 1e-05,
                "e": -2.5,
                "f": 1e-300,
                "g": 123.456
            }
            """)
    }

    func testRangesWithZerosLettersAndStride() throws {
        let inventory = try Inventory.parse("[g]\nctl[08:10]\nx[a:c]\nn[1:9:4]\nr[1:2]-[a:b]\n", file: "r.ini")
        XCTAssertEqual(inventory.hosts.map(\.name), [
            "ctl08", "ctl09", "ctl10", "xa", "xb", "xc", "n1", "n5", "n9", "r1-a", "r1-b", "r2-a", "r2-b",
        ])
    }

    func testNonASCIIStaysAndControlCharactersAreEscaped() throws {
        let inventory = try Inventory.parse("h x=\"caf\u{e9} \u{1F600}\" y=\"'a\\\\x01b\\\\n'\"\n", file: "u.ini")
        XCTAssertEqual(try inventory.ansibleHostJSON("h"), "{\n    \"x\": \"caf\u{e9} \u{1F600}\",\n    \"y\": \"a\\u0001b\\n\"\n}")
    }
}

final class LineEndingTests: XCTestCase {
    func testWindowsLineEndings() throws {
        let inventory = try Inventory.parse("# c\r\n[g]\r\nh1 x=1\r\n[g:vars]\r\ny=two\r\n", file: "crlf.ini")
        XCTAssertEqual(inventory.hosts, [InventoryHost(name: "h1", vars: ["x": "1", "y": "two"])])
    }

    func testErrorLineCountsWindowsLineEndings() {
        XCTAssertThrowsError(try Inventory.parse("[g]\r\nh1\r\n\r\n[g:bad]\r\n", file: "crlf.ini")) { error in
            XCTAssertEqual("\(error)", "crlf.ini:4:4: section [g:bad] has unknown type 'bad'")
        }
    }
}
