import Foundation
import Vault
import XCTest

/// Password files and scripts read as Ansible reads them; each password is checked by what it
/// decrypts, never by printing it.
final class VaultPasswordFileTests: XCTestCase {
    private var directory = URL(fileURLWithPath: "/nonexistent")

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-password-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    private func decrypts(_ password: VaultPassword, label: String = "default") throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let text = try VaultCipherText(try String(contentsOf: url.appendingPathComponent("lines-1.1.vault"), encoding: .utf8))
        let plaintext = try text.decrypt(with: VaultKeyring([.init(label: label, password: password)]))
        return String(decoding: plaintext, as: UTF8.self)
    }

    private func failure(_ path: String, label: String = "default") -> String {
        do {
            _ = try VaultPasswordFile.password(at: path, label: label)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testAFileWithoutItsSurroundingWhitespace() throws {
        let path = try write("pass", " \tcorrect horse battery\r\n\n")
        XCTAssertEqual(try decrypts(try VaultPasswordFile.password(at: path, label: "default")), "first line\nsecond line\n")
    }

    func testAnExecutableFileIsRunAndItsStdoutIsThePassword() throws {
        let path = try write("pass.sh", "#!/bin/sh\nprintf 'correct horse battery\\r\\n'\n", mode: 0o700)
        XCTAssertEqual(try decrypts(try VaultPasswordFile.password(at: path, label: "default")), "first line\nsecond line\n")
    }

    func testAClientScriptIsAskedForItsVaultID() throws {
        let path = try write("vault-client.sh", """
            #!/bin/sh
            [ "$1" = --vault-id ] || exit 3
            case "$2" in
              team) echo 'correct horse battery' ;;
              *) echo "no secret for $2" >&2; exit 2 ;;
            esac

            """, mode: 0o700)
        XCTAssertEqual(try decrypts(try VaultPasswordFile.password(at: path, label: "team"), label: "team"),
                       "first line\nsecond line\n")
        XCTAssertEqual(failure(path, label: "other"),
                       "vault password client script '\(path)' has no password for vault id 'other': no secret for other")
    }

    func testRefusals() throws {
        let missing = directory.appendingPathComponent("missing").path
        XCTAssertEqual(failure(missing), "vault password file '\(missing)' was not found")
        XCTAssertEqual(failure(directory.path), "vault password file '\(directory.path)' is a directory")
        let empty = try write("empty", " \n")
        XCTAssertEqual(failure(empty), "vault password file '\(empty)' is empty")
        let silent = try write("silent.sh", "#!/bin/sh\necho\n", mode: 0o755)
        XCTAssertEqual(failure(silent), "vault password script '\(silent)' printed an empty password")
        let failing = try write("failing.sh", "#!/bin/sh\nexit 5\n", mode: 0o755)
        XCTAssertEqual(failure(failing), "vault password script '\(failing)' failed (exit status 5)")
        let notAScript = try write("binary", "correct horse battery\n", mode: 0o755)
        XCTAssertTrue(failure(notAScript).hasPrefix("cannot run vault password script '\(notAScript)' ("), failure(notAScript))
        XCTAssertTrue(failure(notAScript).hasSuffix("); if it is not a script, remove its execute bits (chmod a-x)"))
        let encrypted = try write("encrypted", "$ANSIBLE_VAULT;1.1;AES256\n3030\n")
        XCTAssertEqual(failure(encrypted), "vault password file '\(encrypted)' is itself encrypted with Ansible Vault, "
            + "which glance-push does not read: give the password in clear (mode 0600)")
    }
}
