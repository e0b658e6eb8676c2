import Inventory
import XCTest

/// Ansible Vault and YAML tags glance-push does not read are refused at `file:line:column`,
/// naming the variable, instead of being read as their text.
final class VaultAndTagTests: XCTestCase {
    /// `ansible-vault encrypt_string 'hunter2' --name db_password` (ansible-core 2.19.14).
    static let inlineVault = """
        db_password: !vault |
                  $ANSIBLE_VAULT;1.1;AES256
                  64626337336239343363383464336336363161376162303535616431336436376136333339306139
                  6332323436383732333534313235666238313838623139360a363739303964366535626230643831
                  35616161396134643731646364333162316134623439633464626261666237363839623838633937
                  6336323731653436630a653635366332653832666634343937396636366462303435373638303035
                  3531

        """
    /// `ansible-vault encrypt` of `glance_db: hunter2`.
    static let vaultFile = """
        $ANSIBLE_VAULT;1.1;AES256
        34303739623536333635313338363130373962336533343362323633356561333236323861313234
        6261613136346135313662353435383961386435656563300a366337323033326365383161653635
        63643633636164303138626533346162666139613365623430353930333161363932613234363230
        3936313735306637650a346631623466633833353130306539383839666534646434363764643130
        33666466366664363566393963353065383434353235366162383166653965643731

        """
    /// `ansible-vault encrypt --vault-id prod@FILE` of the same: format 1.2, with a label.
    static let labelledVaultFile = """
        $ANSIBLE_VAULT;1.2;AES256;prod
        61383938656666383934353233353031616536653932326566633335363138383165623531376434
        3632303236373061313335613164353733303339663662630a346633366239386338336138326534
        35343832626239633062623337383265326562653137313238383532316435613765386232323066
        6563323864346538630a346532346431373832313931643330376466396232343736393461333237
        66616331623535373031333765353464323263623031353032616136653535366531

        """

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

    func testInlineVaultInGroupVarsNamesTheVariable() throws {
        let (directory, message) = try loadError(["group_vars/all.yml": "ntp_server: pool.ntp.org\n" + Self.inlineVault])
        XCTAssertEqual(message, directory + "/group_vars/all.yml:2:14: variable 'db_password' is encrypted with Ansible Vault "
            + "(!vault), which glance-push does not support yet; move the secret to the playbook's secrets.yml (mode 0600) "
            + "and use it as '{{ secret.db_password }}'")
    }

    func testInlineVaultNestedInHostVarsNamesTheTopLevelVariable() throws {
        let nested = "database:\n  host: db1\n  " + Self.inlineVault.replacingOccurrences(of: "\n", with: "\n  ")
        let (directory, message) = try loadError(["host_vars/h1.yaml": nested])
        XCTAssertEqual(message, directory + "/host_vars/h1.yaml:3:16: variable 'database' is encrypted with Ansible Vault "
            + "(!vault), which glance-push does not support yet; move the secret to the playbook's secrets.yml (mode 0600) "
            + "and use it as '{{ secret.database }}'")
    }

    func testVaultEncryptedGroupVarsFileIsRefused() throws {
        let (directory, message) = try loadError(["group_vars/web/secrets.yml": Self.vaultFile])
        XCTAssertEqual(message, directory + "/group_vars/web/secrets.yml:1:1: this file is encrypted with Ansible Vault, "
            + "which glance-push does not support yet; move its secrets to the playbook's secrets.yml (mode 0600) "
            + "and use them as '{{ secret.NAME }}'")
    }

    func testLabelledVaultEncryptedHostVarsFileIsRefused() throws {
        let (directory, message) = try loadError(["host_vars/h1": "\n" + Self.labelledVaultFile])
        XCTAssertEqual(message, directory + "/host_vars/h1:2:1: this file is encrypted with Ansible Vault, "
            + "which glance-push does not support yet; move its secrets to the playbook's secrets.yml (mode 0600) "
            + "and use them as '{{ secret.NAME }}'")
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
