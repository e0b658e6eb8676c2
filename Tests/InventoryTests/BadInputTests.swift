import Foundation
import Inventory
import XCTest

/// Each mistake is reported as `file:line:column: message`, with the exact text checked.
final class BadInputTests: XCTestCase {
    private func assertError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Inventory.parse(text, file: "bad.ini"), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    func testUnknownSectionKindSuggestsTheNearest() {
        assertError("[web]\nh1\n[web:child]\nh2\n", "bad.ini:3:6: section [web:child] has unknown type 'child' (did you mean 'children'?)")
    }

    func testUnknownSectionKindWithoutNearName() {
        assertError("[x:foo]\n", "bad.ini:1:4: section [x:foo] has unknown type 'foo'")
    }

    func testLeadingZeroRangeNeedsEqualWidths() {
        assertError("[web]\nh[1:2]\nh[01:3]\n", "bad.ini:3:1: host range '[01:3]' must specify equal-length begin and end formats")
    }

    func testReversedRange() {
        assertError("[web]\n   ctl[5:2]\n", "bad.ini:2:4: host range '[5:2]' must have begin <= end")
    }

    func testRangeWithZeroStep() {
        assertError("node[1:4:0]\n", "bad.ini:1:1: host range '[1:4:0]' has step '0'; the step must be a positive integer")
    }

    func testRangeMissingEnd() {
        assertError("node[1:]\n", "bad.ini:1:1: host range '[1:]' must specify an end value")
    }

    func testRangeOverTheHostLimitIsRefusedBeforeExpanding() {
        assertError("[web]\nh[1:99999999]\n", "bad.ini:2:1: host range 'h[1:99999999]' would make 99999999 hosts; a host line may make at most 100000")
    }

    func testNestedRangesMultiplyTowardsTheLimit() {
        assertError("[web]\n  n[1:1000]-[a:c]-[0:100:3]\n", "bad.ini:2:3: host range 'n[1:1000]-[a:c]-[0:100:3]' would make 102000 hosts; a host line may make at most 100000")
    }

    func testSteppedRangeOneOverTheLimit() {
        assertError("h[0:200000:2]:2222\n", "bad.ini:1:1: host range 'h[0:200000:2]:2222' would make 100001 hosts; a host line may make at most 100000")
    }

    func testRangeCountBeyondIntIsRefused() {
        assertError("h[0:9223372036854775807]\n", "bad.ini:1:1: host range 'h[0:9223372036854775807]' would make more than 9223372036854775807 hosts; a host line may make at most 100000")
        assertError("h[0:4294967296][0:4294967296]\n", "bad.ini:1:1: host range 'h[0:4294967296][0:4294967296]' would make more than 9223372036854775807 hosts; a host line may make at most 100000")
    }

    func testDuplicateRangeInOneGroup() {
        assertError("[web]\nctl[01:03]\nctl[03:05]\n", "bad.ini:3:1: host range 'ctl[03:05]' repeats host 'ctl03' already in group 'web' at line 2")
    }

    func testDuplicateRangeNamesTheLineInThatGroup() {
        assertError("[db]\nctl03\n[web]\nctl03\n[web]\nctl[01:03]\n", "bad.ini:6:1: host range 'ctl[01:03]' repeats host 'ctl03' already in group 'web' at line 4")
    }

    func testCycleInChildren() {
        assertError("[a:children]\nb\n[b:children]\na\n", "bad.ini:4:1: adding group 'a' as child to 'b' creates a recursive dependency loop")
    }

    func testGroupAsItsOwnChild() {
        assertError("[a:children]\na\n", "bad.ini:2:1: group 'a' cannot be a child of itself")
    }

    func testUndefinedChildGroupSuggestsTheNearest() {
        assertError("[all:vars]\nx=1\n[stack:children]\n  webb\n[web]\nh1\n", "bad.ini:4:3: section [stack:children] includes undefined group 'webb' (did you mean 'web'?)")
    }

    func testVarsForUndefinedGroup() {
        assertError("h1\n[g:vars]\nx=1\n", "bad.ini:2:1: section [g:vars] not valid for undefined group 'g'")
    }

    func testHostLineInVarsSection() {
        assertError("[g]\nh1\n[g:vars]\nctl01\n", "bad.ini:4:1: expected key=value in [g:vars], got 'ctl01' (hosts belong in [g])")
    }

    func testYAMLInventoryGetsAnsiblesHint() {
        assertError("---\nall:\n  hosts:\n    h1:\n", "bad.ini:1:1: invalid host pattern '---': '---' is normally a sign this is a YAML file (glance-push reads INI inventories)")
    }

    func testYAMLWithoutDocumentMarker() {
        assertError("all:\n  hosts:\n", "bad.ini:1:1: invalid host pattern 'all:': ending in ':' is not allowed, this character is reserved to provide a port")
    }

    func testHostVariableWithoutEquals() {
        assertError("[g]\nh1 ansible_port 22\n", "bad.ini:2:4: expected key=value host variable assignment, got 'ansible_port'")
    }

    func testUnclosedQuote() {
        assertError("h1 motd=\"hello\n", "bad.ini:1:1: error parsing host definition 'h1 motd=\"hello': no closing quotation")
    }

    func testSectionWithSpaces() {
        assertError("[bad section]\n", "bad.ini:1:1: invalid section entry '[bad section]': make sure there are no spaces in the section entry, and that there are no other invalid characters")
    }

    func testBadChildName() {
        assertError("[p:children]\na:b\n", "bad.ini:2:1: expected group name in [p:children], got 'a:b'")
    }

    func testGroupPriorityMustBeAnInteger() {
        assertError("[g]\nh1\n[g:vars]\nansible_group_priority=high\n", "bad.ini:4:1: ansible_group_priority must be an integer, got 'high'")
    }

    func testVarsFileMustBeAMapping() throws {
        let directory = try temporaryInventory("[web]\nh1\n", files: ["group_vars/web.yml": "- just\n- a list\n"])
        XCTAssertThrowsError(try Inventory.load(path: directory + "/hosts.ini")) { error in
            XCTAssertEqual("\(error)", directory + "/group_vars/web.yml:1:1: a vars file must hold a mapping of variable names to values")
        }
    }

    func testInvalidYAMLInHostVars() throws {
        let directory = try temporaryInventory("[web]\nh1\n", files: ["host_vars/h1.yaml": "a: 1\nb: [unclosed\n"])
        XCTAssertThrowsError(try Inventory.load(path: directory + "/hosts.ini")) { error in
            XCTAssertEqual("\(error)", directory + "/host_vars/h1.yaml:3:1: invalid YAML: did not find expected ',' or ']'")
        }
    }

    func testUnmatchedPatternPartIsNamed() throws {
        let inventory = try Inventory.parse("[controllers]\nctl01\n[db]\ndb1\n", file: "i.ini")
        XCTAssertThrowsError(try inventory.hosts(matching: "db,cotrollers")) { error in
            XCTAssertEqual("\(error)", "could not match supplied host pattern 'cotrollers' (did you mean 'controllers'?)")
        }
        XCTAssertThrowsError(try inventory.hosts(matching: "all:!nosuch")) { error in
            XCTAssertEqual("\(error)", "could not match supplied host pattern 'nosuch'")
        }
    }

    func testUnknownHostForHostJSON() throws {
        let inventory = try Inventory.parse("[controllers]\nctl01\n", file: "i.ini")
        XCTAssertThrowsError(try inventory.ansibleHostJSON("ctl1")) { error in
            XCTAssertEqual("\(error)", "unknown host 'ctl1' (did you mean 'ctl01'?)")
        }
    }
}
