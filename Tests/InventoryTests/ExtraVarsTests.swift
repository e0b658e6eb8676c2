import Foundation
import Inventory
import Vault
import XCTest

/// `-e`: key=value words split as Ansible's parse_kv splits them (expected values printed by
/// ansible-core 2.19's `parse_kv`), YAML/JSON, @files, and precedence over the inventory.
final class ExtraVarsTests: XCTestCase {
    private func texts(_ arguments: [String], keyring: VaultKeyring = VaultKeyring()) throws -> [String: String] {
        try ExtraVars.parse(arguments, keyring: keyring).variables.mapValues(\.text)
    }

    private func error(_ arguments: [String]) -> String {
        do {
            _ = try ExtraVars.parse(arguments)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testKeyValueWordsAsAnsibleSplitsThem() throws {
        let cases: [(String, [String: String])] = [
            ("a=1 b=2", ["a": "1", "b": "2"]),
            (#"msg="two words" x=y"#, ["msg": "two words", "x": "y"]),
            ("q='single quoted'", ["q": "single quoted"]),
            (#"c=x\=y"#, ["c": #"x\=y"#]),
            ("k=v=w", ["k": "v=w"]),
            (#"u=caf\u00e9 n=line\nbreak"#, ["u": "café", "n": "line\nbreak"]),
            (#"url="{{ base }}/v3" t={{ a b }}"#, ["url": "{{ base }}/v3", "t": "{{ a b }}"]),
            ("e=", ["e": ""]),
            ("mixed=a'b'c", ["mixed": "a'b'c"]),
        ]
        for (argument, expected) in cases {
            XCTAssertEqual(try texts([argument]), expected, argument)
        }
    }

    func testYAMLAndJSONKeepTheirTypes() throws {
        let extra = try ExtraVars.parse([#"{"port": 9292, "hosts": ["a", "b"]}"#, "{debug: true}", "workers: 8"])
        XCTAssertEqual(extra.variables["port"]?.value, .integer("9292"))
        XCTAssertEqual(extra.variables.mapValues(\.text), [
            "port": "9292", "hosts": #"["a", "b"]"#, "debug": "true", "workers": "8",
        ])
        XCTAssertEqual(extra.variables["port"]?.location.description, "-e #1:1:10")
        XCTAssertEqual(extra.variables["workers"]?.location.description, "-e #3:1:10")
    }

    func testLaterArgumentsReplaceEarlierKeys() throws {
        XCTAssertEqual(try texts(["a=1 b=2", #"{"a": "3"}"#, "", "b=4"]), ["a": "3", "b": "4"])
    }

    func testFilesAndEncryptedFiles() throws {
        let directory = try temporaryInventory("[web]\nh1\n", files: ["extra.yml": "workers: 3\nname: x\n",
                                                                      "extra.json": #"{"workers": 5}"#])
        XCTAssertEqual(try texts(["@" + directory + "/extra.yml"]), ["workers": "3", "name": "x"])
        XCTAssertEqual(try texts(["@" + directory + "/extra.yml", "@" + directory + "/extra.json"]), ["workers": "5", "name": "x"])
        let encrypted = try FixturePaths.root().appendingPathComponent("vault/host_vars/ctl01.yml").path
        let keyring = VaultKeyring([VaultInventoryTests.prodPassword])
        let extra = try ExtraVars.parse(["@" + encrypted], keyring: keyring)
        XCTAssertEqual(extra.variables["api_key"]?.text, "key-from-vault-file-3e1d")
        XCTAssertEqual(extra.variables["api_key"]?.secrecy, .secret(["key-from-vault-file-3e1d"]))
        XCTAssertEqual(error(["@" + encrypted]), encrypted + ":1:1: this is encrypted with Ansible Vault and no vault "
            + "password was given; use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE")
    }

    func testBadInputNamesTheArgumentOrTheFile() throws {
        let directory = try temporaryInventory("[web]\nh1\n", files: ["bad.yml": "a: 1\nb: [\n"])
        let cases: [([String], String)] = [
            (["a=1", "spaced=  padded  "], "-e #2: 'padded  ' is not key=value (Ansible would keep it as _raw_params, "
                + "which nothing reads); quote a value with spaces: key='a b'"),
            ([#"json={"a": 1}"#], "-e #1: '1}' is not key=value (Ansible would keep it as _raw_params, which nothing "
                + "reads); quote a value with spaces: key='a b'"),
            (["a='open"], "-e #1: 'a='open': unbalanced quotes or {{ }} (Ansible fails at splitting it)"),
            (["/etc/extra.yml"], "-e #1: '/etc/extra.yml' looks like a file: write -e @/etc/extra.yml (as Ansible asks)"),
            (["justaword"], "-e #1:1:1: -e text without '=' must hold a mapping of variable names to values"),
            (["[1, 2]"], "-e #1:1:1: -e YAML or JSON must hold a mapping of variable names to values"),
            (["{a: [}"], "-e #1:1:6: invalid YAML: did not find expected node content"),
            (["@" + directory + "/missing.yml"], "-e #1: cannot read extra vars file '\(directory)/missing.yml'"),
            (["@" + directory + "/bad.yml"], directory + "/bad.yml:3:1: invalid YAML: did not find expected node content"),
            (["inventory_hostname=x"], "-e #1: -e cannot set 'inventory_hostname': it is the host's name in the inventory"),
            (["{groups: x}"], "-e #1:1:10: -e cannot set 'groups': Ansible sets it itself, whatever -e says"),
            ([#"n=\N{BULLET}"#], #"-e #1: 'n=\N{BULLET}': '\N{…}' escapes are not supported: write the character, or '\uXXXX'"#),
        ]
        for (arguments, expected) in cases {
            XCTAssertEqual(error(arguments), expected, "\(arguments)")
        }
    }

    func testExtraVarsBeatHostVarsOnEveryHost() throws {
        let directory = try temporaryInventory("[web]\nh1 port=1\nh2\n[web:vars]\nport=2\n",
                                               files: ["host_vars/h2.yml": "port: 3\nname: two\n"])
        let inventory = try Inventory.load(path: directory + "/hosts.ini").applying(try ExtraVars.parse(["port=9292"]))
        XCTAssertEqual(inventory.hosts.map { $0.vars["port"] }, ["9292", "9292"])
        XCTAssertEqual(inventory.host(named: "h2")?.vars["name"], "two")
        XCTAssertEqual(inventory.variables(of: "h1")["port"]?.location.description, "-e #1")
    }

    /// ansible-inventory applies -e to every host too.
    func testListMatchesAnsibleInventoryWithExtraVars() throws {
        let path = try FixturePaths.root().appendingPathComponent("parity/05-precedence/hosts.ini").path
        let arguments = ["a=1 b='two words'", #"{"n": 7, "l": [1, "x"]}"#]
        let ours = try Inventory.load(path: path).applying(try ExtraVars.parse(arguments)).ansibleListJSON()
        let theirs = try AnsibleInventoryOracle.run(path, ["--list", "-e", arguments[0], "-e", arguments[1]])
        XCTAssertEqual(ours, theirs.trimmingCharacters(in: .newlines))
    }
}
