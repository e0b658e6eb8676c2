import Foundation
import Inventory
import XCTest

/// Password variables (`ansible_become_password` and the others of `SecretVariables`) are plain
/// text in an inventory, yet secrets: `--list` and `--host` print them as `<secret>`, and
/// nothing else differs from ansible-inventory.
final class SecretVariableTests: XCTestCase {
    func testPasswordVariablesPrintAsSecretWhereverTheyAreSet() throws {
        let directory = try temporaryInventory("""
            [controllers]
            ctl01 ansible_become_password='pw on the host line' ansible_user=deploy
            ctl02 ansible_sudo_pass=1234

            [controllers:vars]
            ansible_become=true
            ansible_become_pass=group-pw
            """, files: ["host_vars/ctl02.yml": "ansible_password: yaml-pw\nansible_ssh_pass: 42\n"])
        let path = directory + "/hosts.ini"
        let inventory = try Inventory.load(path: path)
        let ours = inventory.ansibleListJSON()
        for secret in ["pw on the host line", "1234", "group-pw", "yaml-pw", "42"] {
            XCTAssertFalse(ours.contains(secret), "\(secret) printed:\n\(ours)")
        }
        // ansible-inventory prints the values; replaced by <secret>, its text is ours exactly.
        var theirs = try AnsibleInventoryOracle.run(path, ["--list"]).trimmingCharacters(in: .newlines)
        for (clear, shown) in [("\"pw on the host line\"", "\"<secret>\""), ("\"ansible_sudo_pass\": 1234", "\"ansible_sudo_pass\": \"<secret>\""),
                               ("\"group-pw\"", "\"<secret>\""), ("\"yaml-pw\"", "\"<secret>\""),
                               ("\"ansible_ssh_pass\": 42", "\"ansible_ssh_pass\": \"<secret>\"")] {
            XCTAssertTrue(theirs.contains(clear), "\(clear) not in ansible-inventory's output")
            theirs = theirs.replacingOccurrences(of: clear, with: shown)
        }
        XCTAssertEqual(ours, theirs)

        let host = try inventory.ansibleHostJSON("ctl01")
        XCTAssertEqual(host, """
            {
                "ansible_become": "true",
                "ansible_become_pass": "<secret>",
                "ansible_become_password": "<secret>",
                "ansible_user": "deploy"
            }
            """)
        // The values themselves are kept for the connection.
        XCTAssertEqual(inventory.host(named: "ctl01")?.vars["ansible_become_password"], "pw on the host line")
    }

    func testSecretNeverPrintsItsValue() {
        let secret = Secret("hunter2")
        var dumped = ""
        dump(secret, to: &dumped)
        for shown in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, "\([secret])"] {
            XCTAssertFalse(shown.contains("hunter2"), shown)
            XCTAssertTrue(shown.contains("<secret>"), shown)
        }
        XCTAssertEqual(secret.revealed, "hunter2")
    }
}
