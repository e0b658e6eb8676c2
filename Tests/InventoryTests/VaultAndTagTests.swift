import Inventory
import XCTest

/// YAML tags glance-push does not read are refused at `file:line:column`, naming the variable,
/// instead of being read as their text (Ansible Vault is `VaultInventoryTests`).
final class VaultAndTagTests: XCTestCase {
    private func loadError(_ files: [String: String], file: StaticString = #filePath, line: UInt = #line) throws -> (String, String) {
        let directory = try temporaryInventory("[web]\nh1\n", files: files)
        do {
            _ = try Inventory.load(path: directory + "/hosts.ini")
            XCTFail("loaded", file: file, line: line)
            return (directory, "")
        } catch {
            return (directory, "\(error)")
        }
    }

    func testVaultTagOnAKeyOrACollectionIsRefused() throws {
        let cases: [(String, String)] = [
            ("!vault key: v\n", "1:1: variable 'key'"),
            ("list: !vault [a, b]\n", "1:7: variable 'list'"),
        ]
        for (text, expected) in cases {
            let (directory, message) = try loadError(["group_vars/web.yml": text])
            XCTAssertEqual(message, directory + "/group_vars/web.yml:" + expected + " has a !vault tag where only a string "
                + "value can be encrypted with Ansible Vault; encrypt the value itself (ansible-vault encrypt_string), "
                + "or the whole file", text)
        }
    }

    func testUnsafeTagIsRefused() throws {
        let (directory, message) = try loadError(["group_vars/web.yml": "motd: !unsafe '{{ not_expanded }}'\n"])
        XCTAssertEqual(message, directory + "/group_vars/web.yml:1:7: variable 'motd' has Ansible's !unsafe tag, which "
            + "glance-push does not support yet; remove the tag (glance-push does not expand '{{ }}' in inventory values)")
    }

    func testUnknownTagsAreRefusedWhereverTheyAre() throws {
        let cases: [(String, String)] = [
            ("a: 1\nb: !something text\n", "2:4: variable 'b' has the YAML tag '!something'"),
            ("blob: !!binary aGVsbG8=\n", "1:7: variable 'blob' has the YAML tag '!!binary'"),
            ("ports:\n  - 80\n  - !port 443\n", "3:5: variable 'ports' has the YAML tag '!port'"),
            ("!key k: v\n", "1:1: variable 'k' has the YAML tag '!key'"),
            ("members: !!set {a, b}\n", "1:10: variable 'members' has the YAML tag '!!set'"),
            ("--- !config\na: 1\n", "1:5: the document has the YAML tag '!config'"),
        ]
        for (text, expected) in cases {
            let (directory, message) = try loadError(["group_vars/web.yml": text])
            XCTAssertEqual(message, directory + "/group_vars/web.yml:" + expected
                + ", which glance-push does not read; remove the tag", text)
        }
    }

    func testMergeKeysAreRefused() throws {
        let cases: [(String, String)] = [
            ("defaults: &defaults\n  port: 9292\napi:\n  <<: *defaults\n  workers: 4\n", "4:3: variable 'api'"),
            ("defaults: &defaults\n  port: 9292\n<<: *defaults\n", "3:1: the document"),
        ]
        for (text, expected) in cases {
            let (directory, message) = try loadError(["group_vars/all.yml": text])
            XCTAssertEqual(message, directory + "/group_vars/all.yml:" + expected + " uses a YAML merge key ('<<'), "
                + "which glance-push does not support yet; write the merged keys out", text)
        }
    }

    func testStandardTagsKeepTheirMeaning() throws {
        let directory = try temporaryInventory("[web]\nh1\n", files: ["group_vars/web.yml": """
            as_text: !!str 42
            as_int: !!int "7"
            as_float: !!float 1
            as_bool: !!bool yes
            tilde: !!str ~
            nothing: !!null ''
            listed: !!seq [1, two]
            mapped: !!map {k: v}
            """])
        let variables = try Inventory.load(path: directory + "/hosts.ini").variables(of: "h1").mapValues(\.value)
        XCTAssertEqual(variables, [
            "as_text": .string("42"), "as_int": .integer("7"), "as_float": .float(1), "as_bool": .bool(true),
            "tilde": .string("~"), "nothing": .null,
            "listed": .list([.integer("1"), .string("two")]), "mapped": .map(["k": .string("v")]),
        ])
    }
}
