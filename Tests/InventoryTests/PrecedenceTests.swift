import Basics
import Inventory
import XCTest

/// Merged variables as strings (`InventoryHost.vars`), with Ansible's precedence.
final class PrecedenceTests: XCTestCase {
    private func host(_ fixture: String, _ name: String) throws -> InventoryHost {
        let path = try FixturePaths.root().appendingPathComponent("parity/\(fixture)/hosts.ini").path
        let inventory = try Inventory.load(path: path)
        return try XCTUnwrap(inventory.hosts.first { $0.name == name })
    }

    func testAllParentChildHostOrderAndGroupVarsFilesAboveInventoryGroups() throws {
        let h1 = try host("05-precedence", "h1")
        // group_vars/all.yml beats every group's [g:vars]; group_vars/parent.yml beats [child:vars].
        XCTAssertEqual(h1.vars["level"], "group_vars-all")
        XCTAssertEqual(h1.vars["from_file"], "group_vars-parent")
        XCTAssertEqual(h1.vars["parent_only"], "1")
        let h2 = try host("05-precedence", "h2")
        XCTAssertEqual(h2.vars["level"], "host")
    }

    func testSameDepthGroupsMergeByNameUnlessPriority() throws {
        XCTAssertEqual(try host("05-precedence", "h1").vars["same_depth"], "beta")
        XCTAssertEqual(try host("05-precedence", "h2").vars["same_depth"], "zulu")
    }

    func testChildGroupBeatsParentWithoutFiles() throws {
        let text = "[all:vars]\nv=all\n[p:children]\nc\n[p:vars]\nv=parent\nonly_p=p\n[c]\nh1\nh2 v=host\n[c:vars]\nv=child\n"
        let inventory = try Inventory.parse(text, file: "t.ini")
        XCTAssertEqual(inventory.hosts, [
            InventoryHost(name: "h1", vars: ["v": "child", "only_p": "p"]),
            InventoryHost(name: "h2", vars: ["v": "host", "only_p": "p"]),
        ])
    }

    func testHostVarsFilesAndDirectoriesInSortedOrder() throws {
        let ctl01 = try host("12-host-vars-dir", "ctl01")
        XCTAssertEqual(ctl01.vars, ["a": "from-dir-02", "b": "2", "c": "group-file", "z": "nested"])
        XCTAssertEqual(try host("12-host-vars-dir", "ctl02").vars, ["a": "from-json", "c": "group-file"])
    }

    func testValuesAsTextKeepTheirSourceSpelling() throws {
        let web1 = try host("03-vars-files", "web1")
        XCTAssertEqual(web1.vars["debug"], "no")
        XCTAssertEqual(web1.vars["octal"], "0755")
        XCTAssertEqual(web1.vars["owners"], "[\"alice\", \"bob\"]")
        XCTAssertEqual(web1.vars["nothing"], "")
        let app2 = try host("04-quoting", "app2")
        XCTAssertEqual(app2.vars["secret"], "03#pa33w0rd")
        XCTAssertEqual(app2.vars["hashed"], "abc")
        XCTAssertEqual(app2.vars["with_comment"], "value # not a comment in vars")
        XCTAssertEqual(app2.vars["number_comment"], "8080")
        let t1 = try host("09-value-typing", "t1")
        XCTAssertEqual(t1.vars["b"], "True")
        XCTAssertEqual(t1.vars["hex"], "0x1F")
        XCTAssertEqual(t1.vars["zero"], "010")
    }

    func testTypedVariablesKeepWhereTheyCameFrom() throws {
        let path = try FixturePaths.root().appendingPathComponent("parity/08-ports/hosts.ini").path
        let inventory = try Inventory.load(path: path)
        let port = try XCTUnwrap(inventory.variables(of: "ctl02")["ansible_port"])
        XCTAssertEqual(port.value, .integer("2201"))
        XCTAssertEqual(port.location, SourceLocation(file: path, line: 3, column: 12))
    }
}
