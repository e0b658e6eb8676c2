import XCTest

/// Each bad manifest gives exactly one `file:line:column: error:` line, at the offending token.
final class PuppetImportErrorTests: XCTestCase {
    private func assertError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(PuppetImportFixture.error(text), expected, file: file, line: line)
    }

    func testMissingFatArrow() {
        assertError("class { 'glance::api': verbose true }",
                    "bad.pp:1:32: error: expected '=>' after parameter name, found 'true'")
    }

    func testMissingColonAfterTitle() {
        assertError("class { 'glance::api' verbose => true }",
                    "bad.pp:1:23: error: expected ':' after resource title, found 'verbose'")
    }

    func testUnterminatedString() {
        assertError("class { 'glance::api':\n  bind_host => 'abc\n}\n",
                    "bad.pp:2:16: error: unterminated string")
    }

    func testUnterminatedComment() {
        assertError("include glance\n  /* never closed\n", "bad.pp:2:3: error: unterminated comment '/*'")
    }

    func testResourceNotClosedAtEndOfFile() {
        assertError("class { 'glance::api':\n  bind_port => 9292,\n",
                    "bad.pp:3:1: error: expected '}' to close the resource opened at 1:7, found end of file")
    }

    func testMissingValue() {
        assertError("class { 'glance::api': bind_port => , }",
                    "bad.pp:1:37: error: expected a value after '=>', found ','")
    }

    func testMissingCommaOnTheSameLine() {
        assertError("class { 'glance::api': bind_port => 9292 workers => 2 }",
                    "bad.pp:1:42: error: expected ',' or '}' after the value of 'bind_port', found 'workers'")
    }

    func testIncludeWithoutClassName() {
        assertError("include\n", "bad.pp:2:1: error: expected a class name after 'include', found end of file")
    }

    func testNodeWithoutBrace() {
        assertError("node 'ctl01' include glance", "bad.pp:1:14: error: expected '{' after node name, found 'include'")
    }

    func testNodeNotClosed() {
        assertError("node 'ctl01' {\n  include glance\n",
                    "bad.pp:3:1: error: expected '}' to close node opened at 1:14, found end of file")
    }

    func testVariableWithoutEquals() {
        assertError("$pw 'x'", "bad.pp:1:5: error: expected '=' after '$pw', found a string")
    }

    func testArrayWithoutComma() {
        assertError("class { 'glance::api': enabled_backends => ['a:rbd' 'b:file'] }",
                    "bad.pp:1:53: error: expected ',' or ']' in array, found a string")
    }

    func testHashWithoutFatArrow() {
        assertError("class { 'glance::policy': policies => { 'a' 'b' } }",
                    "bad.pp:1:45: error: expected '=>' after hash key, found a string")
    }

    func testStrayClosingBrace() {
        assertError("include glance\n}\n", "bad.pp:2:1: error: unexpected '}' with no open block")
    }

    func testOperatorsAreRefused() {
        assertError("class { 'glance::api': workers => 2 + 2 }",
                    "bad.pp:1:37: error: operator '+' is not supported by import; write the value literally")
    }

    func testParameterSetTwice() {
        assertError("class { 'glance::api':\n  bind_port => 9292,\n  bind_port => 9393,\n}",
                    "bad.pp:3:3: error: parameter 'bind_port' is set twice (first at 2:3)")
    }

    func testInvalidNumber() {
        assertError("class { 'glance::api': bind_port => 09292 }", "bad.pp:1:37: error: invalid number '09292'")
    }

    func testUnexpectedCharacter() {
        assertError("class { 'glance::api': workers => ^ }", "bad.pp:1:35: error: unexpected character '^'")
    }

    func testUnterminatedInterpolation() {
        assertError("class { 'glance::api': public_endpoint => \"http://${fqdn:9292\" }",
                    "bad.pp:1:51: error: unterminated '${' in string")
    }

    func testVariableReassigned() {
        assertError("$pw = 'a'\n$pw = 'b'\n", "bad.pp:2:1: error: cannot reassign variable '$pw' (first assigned at 1:1)")
    }

    func testClassDeclaredTwice() {
        assertError("class { 'glance::api': }\nclass { '::glance::api': }\n",
                    "bad.pp:2:9: error: duplicate declaration: 'glance::api' is already declared at 1:9")
    }

    func testDefineTitleDeclaredTwice() {
        assertError("glance::backend::multistore::rbd { ['ceph1', 'ceph1']: }",
                    "bad.pp:1:36: error: duplicate declaration: 'glance::backend::multistore::rbd[ceph1]' is already declared at 1:36")
    }

    func testClassNameMustBeAString() {
        assertError("class { 42: }", "bad.pp:1:9: error: expected a class name (a string or a bare word)")
    }

    func testMissingTitle() {
        assertError("class { }", "bad.pp:1:9: error: expected a resource title, found '}'")
    }

    func testClassDeclaredAtTopLevelAndInANode() {
        assertError("class { 'glance::api': }\nnode 'ctl01' {\n  class { 'glance::api': workers => 2 }\n}\n",
                    "bad.pp:3:11: error: duplicate declaration: 'glance::api' is already declared at top level at 1:9, which applies to every node")
    }

    func testNestedNode() {
        assertError("node 'a' {\n  node 'b' { }\n}\n", "bad.pp:2:3: error: node definitions cannot be nested")
    }

    func testUnknownStatement() {
        assertError("glance_api 'x'",
                    "bad.pp:1:1: error: unexpected 'glance_api': expected a resource, class, node, include or variable assignment")
    }
}
