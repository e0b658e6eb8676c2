import Inventory
import XCTest

/// `--limit` patterns with Ansible's rules.
final class PatternTests: XCTestCase {
    private let text = """
        bastion
        [controllers]
        ctl[01:03]
        [computes]
        cmp[1:2]
        [db]
        ctl02
        db1
        [openstack:children]
        controllers
        computes

        """

    private func names(_ pattern: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        try Inventory.parse(text, file: "p.ini").hosts(matching: pattern).map(\.name)
    }

    func testAllAndStarAreEveryHostInFileOrder() throws {
        let every = ["bastion", "ctl01", "ctl02", "ctl03", "cmp1", "cmp2", "db1"]
        XCTAssertEqual(try names("all"), every)
        XCTAssertEqual(try names("*"), every)
    }

    func testHostGroupAndParentGroup() throws {
        XCTAssertEqual(try names("ctl02"), ["ctl02"])
        XCTAssertEqual(try names("db"), ["ctl02", "db1"])
        XCTAssertEqual(try names("openstack"), ["ctl01", "ctl02", "ctl03", "cmp1", "cmp2"])
        XCTAssertEqual(try names("ungrouped"), ["bastion"])
    }

    func testGlobMatchesGroupsAndHosts() throws {
        XCTAssertEqual(try names("ctl0*"), ["ctl01", "ctl02", "ctl03"])
        XCTAssertEqual(try names("c*"), ["ctl01", "ctl02", "ctl03", "cmp1", "cmp2"])
        XCTAssertEqual(try names("ctl0?"), ["ctl01", "ctl02", "ctl03"])
        XCTAssertEqual(try names("~(cmp|db)\\d"), ["cmp1", "cmp2", "db1"])
    }

    func testUnionKeepsPartOrder() throws {
        XCTAssertEqual(try names("db,bastion"), ["ctl02", "db1", "bastion"])
        XCTAssertEqual(try names("computes:ctl01"), ["cmp1", "cmp2", "ctl01"])
        XCTAssertEqual(try names("ctl02, ctl0*"), ["ctl02", "ctl01", "ctl03"])
    }

    func testIntersectionAndExclusion() throws {
        XCTAssertEqual(try names("controllers:&db"), ["ctl02"])
        XCTAssertEqual(try names("openstack:!controllers"), ["cmp1", "cmp2"])
        XCTAssertEqual(try names("!db"), ["bastion", "ctl01", "ctl03", "cmp1", "cmp2"])
        XCTAssertEqual(try names("controllers,!ctl02,&openstack"), ["ctl01", "ctl03"])
    }

    func testSubscripts() throws {
        XCTAssertEqual(try names("controllers[0]"), ["ctl01"])
        XCTAssertEqual(try names("controllers[1:2]"), ["ctl02", "ctl03"])
        XCTAssertEqual(try names("controllers[-1]"), ["ctl03"])
    }

    func testGroupsOfHost() throws {
        let inventory = try Inventory.parse(text, file: "p.ini")
        XCTAssertEqual(inventory.groups(of: "ctl02"), ["controllers", "db", "openstack"])
        XCTAssertEqual(inventory.groups(of: "bastion"), ["ungrouped"])
        XCTAssertEqual(inventory.group(named: "openstack")?.children, ["controllers", "computes"])
        XCTAssertEqual(inventory.group(named: "controllers")?.depth, 2)
    }
}
