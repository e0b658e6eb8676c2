@testable import PuppetImport
import XCTest
import Yams

final class PuppetImportYAMLTests: XCTestCase {
    /// Strings YAML would read as something else, or could not read plain at all.
    static let trickyStrings = [
        "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "", " lead", "trail ", "0750", "12345", "1e3",
        "0x1F", "1_000", ".inf", "-.5", "+1", "2001-12-14", "1:20", "a: b", "a #b", "#c", "- x", "? x", "@x",
        "`x", "!tag", "&a", "*a", "|", ">", "%", "{{ secret.x }}", "[a]", "{a}", "'q'", "\"dq\"", "back\\slash",
        "tab\tx", "new\nline", "ünïcode 中文", "\u{2028}", "\u{85}", "b\u{FEFF}om", "\u{1}", "=", "<<", "true", "False",
        "glance::api", "/etc/ceph/ceph.conf", "http://127.0.0.1:5000/v3", "a:b", "ends:", "a,b", "role:admin",
        "NaN", ".NaN", "0o17", "0b101", "1.0", "-", "---", "...", "x y", "😀",
    ]

    func testEveryTrickyStringReadsBackAsTheSameString() throws {
        for text in Self.trickyStrings {
            let yaml = "k: " + PuppetYAMLWriter.scalar(text) + "\n"
            let loaded = try Yams.load(yaml: yaml) as? [String: Any]
            XCTAssertEqual(loaded?["k"] as? String, text, "written as: \(yaml)")
        }
    }

    func testPlainWhereSafeQuotedOtherwise() {
        XCTAssertEqual(PuppetYAMLWriter.scalar("glance::api"), "glance::api")
        XCTAssertEqual(PuppetYAMLWriter.scalar("/var/lib/glance/images/"), "/var/lib/glance/images/")
        XCTAssertEqual(PuppetYAMLWriter.scalar("http://ctl01:9292"), "http://ctl01:9292")
        XCTAssertEqual(PuppetYAMLWriter.scalar("yes"), "\"yes\"")
        XCTAssertEqual(PuppetYAMLWriter.scalar("0750"), "\"0750\"")
        XCTAssertEqual(PuppetYAMLWriter.scalar("12345"), "\"12345\"")
        XCTAssertEqual(PuppetYAMLWriter.scalar("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"")
        XCTAssertEqual(PuppetYAMLWriter.scalar("\u{2028}"), "\"\\u2028\"")
    }

    func testNestedCollectionsLayOutAsBlocks() throws {
        let value = PuppetYAMLValue.sequence([.mapping([
            PuppetYAMLEntry("hosts", .string("all")),
            PuppetYAMLEntry("list", .sequence([.number("1"), .sequence([.string("a"), .boolean(true)]),
                                               .mapping([PuppetYAMLEntry("k", .null), PuppetYAMLEntry("m", .mapping([]))])])),
            PuppetYAMLEntry("empty", .sequence([])),
        ])])
        let yaml = PuppetYAMLWriter.sequence([value], indent: 0)
        XCTAssertEqual(yaml, """
            - - hosts: all
                list:
                  - 1
                  - - a
                    - true
                  - k: null
                    m: {}
                empty: []
            """)
        let loaded = try Yams.load(yaml: yaml) as? [[[String: Any]]]
        let list = loaded?[0][0]["list"] as? [Any]
        XCTAssertEqual(list?[0] as? Int, 1)
        XCTAssertEqual((list?[1] as? [Any])?[1] as? Bool, true)
        XCTAssertEqual(((list?[2] as? [String: Any])?["m"] as? [String: Any])?.count, 0)
    }
}
