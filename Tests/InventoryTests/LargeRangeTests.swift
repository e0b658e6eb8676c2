import Inventory
import XCTest

/// Large ranges load whole and in order (how fast is benchmarks/inventory-range.sh's concern).
final class LargeRangeTests: XCTestCase {
    func testSixtyFourThousandHostRangeLoads() throws {
        let directory = try temporaryInventory("[controllers]\nctl[1:64000]\n\n[controllers:vars]\nansible_user=root\n",
                                               files: ["host_vars/ctl64000.yml": "ansible_host: 10.0.250.0\n"])
        let inventory = try Inventory.load(path: directory + "/hosts.ini")
        XCTAssertEqual(inventory.hosts.count, 64000)
        XCTAssertEqual(inventory.hosts.first?.name, "ctl1")
        XCTAssertEqual(inventory.hosts.last?.name, "ctl64000")
        XCTAssertEqual(inventory.hosts.last?.vars, ["ansible_user": "root", "ansible_host": "10.0.250.0"])
        XCTAssertEqual(inventory.group(named: "controllers")?.hosts.count, 64000)
        XCTAssertEqual(inventory.group(named: "ungrouped")?.hosts, [])
        XCTAssertEqual(inventory.groups(of: "ctl32000"), ["controllers"])
    }

    func testVarsFilesAreFoundFromOneListingOfTheirDirectory() throws {
        let directory = try temporaryInventory("[web]\ndb1.example.net\nx.yml\nplain\nnone\n[web:vars]\nv=group\n", files: [
            "host_vars/db1.example.net.yml": "v: dotted\n", "host_vars/x.yml": "v: named\n",
            "host_vars/plain/a.yml": "v: directory\n", "group_vars/web.json": "{\"w\": 1}\n",
        ])
        let inventory = try Inventory.load(path: directory + "/hosts.ini")
        XCTAssertEqual(inventory.hosts.map { $0.vars["v"] ?? "-" }, ["dotted", "named", "directory", "group"])
        XCTAssertEqual(inventory.hosts.map { $0.vars["w"] ?? "-" }, ["1", "1", "1", "1"])
    }

    func testRangeOfExactlyTheLimitLoads() throws {
        let inventory = try Inventory.parse("h[1:200000:2]\n", file: "limit.ini")
        XCTAssertEqual(inventory.hosts.count, 100_000)
        XCTAssertEqual(inventory.hosts.last?.name, "h199999")
        XCTAssertEqual(inventory.group(named: "ungrouped")?.hosts.count, 100_000)
    }

    func testHostInARangeAndInUngroupedLeavesUngrouped() throws {
        let inventory = try Inventory.parse("ctl2\nlone\n[controllers]\nctl[1:3]\n", file: "mixed.ini")
        XCTAssertEqual(inventory.group(named: "ungrouped")?.hosts, ["lone"])
        XCTAssertEqual(inventory.group(named: "controllers")?.hosts, ["ctl1", "ctl2", "ctl3"])
        XCTAssertEqual(inventory.hosts.map(\.name), ["ctl2", "lone", "ctl1", "ctl3"])
    }
}
