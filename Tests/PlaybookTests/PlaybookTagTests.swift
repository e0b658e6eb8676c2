import Playbook
import XCTest

/// `!unsafe` and other YAML tags glance-push does not read are refused in playbooks and
/// secrets.yml at `file:line:column`, naming the value, instead of being read as text; Ansible
/// Vault without a password is refused where it is (with the passwords: `VaultPlaybookTests`).
enum VaultSample {
    /// The ciphertext lines of `ansible-vault encrypt_string 'hunter2'` (ansible-core 2.19.14),
    /// whose password is not kept: only errors before decryption are tested with these.
    static let inlineLines = [
        "$ANSIBLE_VAULT;1.1;AES256",
        "64626337336239343363383464336336363161376162303535616431336436376136333339306139",
        "6332323436383732333534313235666238313838623139360a363739303964366535626230643831",
        "35616161396134643731646364333162316134623439633464626261666237363839623838633937",
        "6336323731653436630a653635366332653832666634343937396636366462303435373638303035",
        "3531",
    ]
    /// `ansible-vault encrypt` of a file holding `glance_db: hunter2`.
    static let file = """
        $ANSIBLE_VAULT;1.1;AES256
        34303739623536333635313338363130373962336533343362323633356561333236323861313234
        6261613136346135313662353435383961386435656563300a366337323033326365383161653635
        63643633636164303138626533346162666139613365623430353930333161363932613234363230
        3936313735306637650a346631623466633833353130306539383839666534646434363764643130
        33666466366664363566393963353065383434353235366162383166653965643731

        """
    /// The same with `--vault-id prod@FILE`: format 1.2, with a label.
    static let labelledFile = """
        $ANSIBLE_VAULT;1.2;AES256;prod
        61383938656666383934353233353031616536653932326566633335363138383165623531376434
        3632303236373061313335613164353733303339663662630a346633366239386338336138326534
        35343832626239633062623337383265326562653137313238383532316435613765386232323066
        6563323864346538630a346532346431373832313931643330376466396232343736393461333237
        66616331623535373031333765353464323263623031353032616136653535366531

        """

    /// `key: !vault |` and the ciphertext, the key indented by `indent` spaces.
    static func inline(_ key: String, indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        return margin + key + ": !vault |\n" + inlineLines.map { margin + "  " + $0 + "\n" }.joined()
    }
}

final class PlaybookTagTests: XCTestCase {
    func testInlineVaultInARoleParameterNeedsAPassword() {
        let yaml = "- hosts: controllers\n  roles:\n    glance::api::authtoken:\n"
            + VaultSample.inline("password", indent: 6)
        XCTAssertEqual(Sample.error { try Sample.playbook(yaml) },
                       "site.yml:4:17: this is encrypted with Ansible Vault and no vault password was given; "
                       + "use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE")
    }

    func testVaultEncryptedPlaybookIsRefused() {
        XCTAssertEqual(Sample.error { try Sample.playbook(VaultSample.labelledFile) },
                       "site.yml:1:1: this playbook is encrypted with Ansible Vault as a whole, which glance-push does "
                       + "not read (every value would be secret, role names and host patterns too): decrypt it "
                       + "(ansible-vault decrypt site.yml) and encrypt only its secret values (ansible-vault "
                       + "encrypt_string), or move them to secrets.yml beside it")
    }

    func testVaultTagOnAMappingIsRefused() {
        XCTAssertEqual(Sample.error { try Sample.playbook("- hosts: controllers\n  roles:\n    glance::api: !vault {}\n") },
                       "site.yml:3:18: 'glance::api' has a !vault tag where only a string value can be encrypted with "
                       + "Ansible Vault; encrypt the string value itself (ansible-vault encrypt_string --name glance::api)")
    }

    func testUnsafeInAPlaybookIsRefused() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api: { bind_host: !unsafe "{{ ansible_host }}" }
            """) }, "site.yml:3:31: 'bind_host' has Ansible's !unsafe tag, which glance-push does not support yet; "
                + "glance-push expands every '{{ }}' in a playbook; put the value in group_vars/ or host_vars/ without "
                + "the tag (inventory values are used as written) and write '{{ bind_host }}' here")
    }

    func testUnknownTagsAreRefusedWhereverTheyAre() {
        let cases: [(String, String)] = [
            ("- hosts: controllers\n  roles:\n    glance::api:\n      enabled_backends: [!backend \"a:file\"]\n",
             "site.yml:4:26: 'enabled_backends' has the YAML tag '!backend'"),
            ("- !play\n  hosts: controllers\n  roles: {}\n", "site.yml:1:3: this value has the YAML tag '!play'"),
            ("- hosts: !!binary Y29udHJvbGxlcnM=\n  roles: {}\n", "site.yml:1:10: 'hosts' has the YAML tag '!!binary'"),
            ("- !host hosts: controllers\n  roles: {}\n", "site.yml:1:3: 'hosts' has the YAML tag '!host'"),
        ]
        for (yaml, expected) in cases {
            XCTAssertEqual(Sample.error { try Sample.playbook(yaml) },
                           expected + ", which glance-push does not read; remove the tag", yaml)
        }
    }

    func testMergeKeyIsRefused() {
        XCTAssertEqual(Sample.error { try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api:
                  <<: { bind_host: 10.0.0.1 }
            """) }, "site.yml:4:7: 'glance::api' uses a YAML merge key ('<<'), which glance-push does not support "
                + "yet; write the merged keys out")
    }

    func testStandardTagOnAKeyIsRead() throws {
        XCTAssertEqual(try Sample.playbook("- !!str hosts: controllers\n  roles: {}\n").plays.first?.hosts, "controllers")
    }

    func testExplicitStringTagKeepsTilde() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { bind_host: !!str ~ }
            """)
        XCTAssertEqual(outputs.flatMap(\.settings).first { $0.key == "bind_host" }?.value, .set("~"))
    }
}

final class SecretsTagTests: XCTestCase {
    static let noPassword = "this is encrypted with Ansible Vault and no vault password was given; "
        + "use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE"

    func testInlineVaultSecretNeedsAPassword() {
        XCTAssertEqual(Sample.error { try Secrets.parse("rabbit: plain\n" + VaultSample.inline("glance_db", indent: 0),
                                                        file: "secrets.yml") },
                       "secrets.yml:2:12: " + Self.noPassword)
    }

    func testVaultEncryptedSecretsFileNeedsAPasswordAndMode0600() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-vault-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secrets.yml").path
        try VaultSample.file.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        XCTAssertEqual(Sample.error { try Secrets.load(path: path) }, "\(path):1:1: " + Self.noPassword)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        XCTAssertEqual(Sample.error { try Secrets.load(path: path) },
                       "secrets file '\(path)' has mode 0640, wider than 0600; run 'chmod 600 \(path)'")
    }

    func testLabelledVaultSecretsFileNeedsAPassword() {
        XCTAssertEqual(Sample.error { try Secrets.parse(VaultSample.labelledFile, file: "secrets.yml") },
                       "secrets.yml:1:1: " + Self.noPassword)
    }

    func testUnsafeAndUnknownTagsInSecretsAreRefused() {
        XCTAssertEqual(Sample.error { try Secrets.parse("glance_db: !unsafe 'p{{w'\n", file: "secrets.yml") },
                       "secrets.yml:1:12: secret 'glance_db' has Ansible's !unsafe tag, which glance-push does not "
                       + "support yet; remove the tag (secret values are used as written)")
        XCTAssertEqual(Sample.error { try Secrets.parse("a: x\nglance_db: !env DB_PASSWORD\n", file: "secrets.yml") },
                       "secrets.yml:2:12: secret 'glance_db' has the YAML tag '!env', which glance-push does not read; "
                       + "remove the tag")
    }
}
