import Foundation
import Vault
import XCTest

/// Envelopes written by the real ansible-vault (scripts/gen-vault-fixtures), decrypted to the
/// exact bytes that were encrypted.
final class VaultCipherTextTests: XCTestCase {
    private func fixture(_ name: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    private func keyring(_ entries: [(String, String)]) -> VaultKeyring {
        VaultKeyring(entries.map { VaultKeyring.Identity(label: $0.0, password: VaultPassword($0.1)) })
    }

    private let defaultPassword = ("default", "correct horse battery")
    private let prodPassword = ("prod", "prod staple 42")

    func testFormat11DecryptsToTheExactBytes() throws {
        let text = try VaultCipherText(try fixture("lines-1.1.vault"))
        XCTAssertEqual(text.version, "1.1")
        XCTAssertNil(text.label)
        XCTAssertEqual(try text.decrypt(with: keyring([defaultPassword])), Data("first line\nsecond line\n".utf8))
    }

    func testFormat12WithALabelAndAWholePaddingBlock() throws {
        let text = try VaultCipherText(try fixture("block-1.2-prod.vault"))
        XCTAssertEqual(text.version, "1.2")
        XCTAssertEqual(text.label, "prod")
        XCTAssertEqual(try text.decrypt(with: keyring([prodPassword])), Data("exactly 16 bytes".utf8))
    }

    func testUTF8Plaintext() throws {
        let text = try VaultCipherText(try fixture("unicode-1.1.vault"))
        XCTAssertEqual(try text.decrypt(with: keyring([defaultPassword])), Data("pässwörd ✓".utf8))
    }

    func testEveryIdIsTriedWhateverTheLabel() throws {
        let labelled = try VaultCipherText(try fixture("block-1.2-prod.vault"))
        XCTAssertEqual(try labelled.decrypt(with: keyring([("other", "correct horse battery"), ("dev", "prod staple 42")])),
                       Data("exactly 16 bytes".utf8))
        let unlabelled = try VaultCipherText(try fixture("lines-1.1.vault"))
        XCTAssertEqual(try unlabelled.decrypt(with: keyring([prodPassword, defaultPassword])),
                       Data("first line\nsecond line\n".utf8))
    }

    func testWrongPasswordNamesTheIdsTried() throws {
        let text = try VaultCipherText(try fixture("lines-1.1.vault"))
        XCTAssertThrowsError(try text.decrypt(with: keyring([("default", "not it")]))) { error in
            XCTAssertEqual(error as? VaultError, .wrongPassword(tried: ["default"], label: nil))
            XCTAssertEqual("\(error)", "decryption failed (wrong vault password for vault id 'default'?)")
        }
        let labelled = try VaultCipherText(try fixture("block-1.2-prod.vault"))
        XCTAssertThrowsError(try labelled.decrypt(with: keyring([defaultPassword, ("dev", "nope")]))) { error in
            XCTAssertEqual("\(error)", "decryption failed (wrong vault password for vault ids 'default', 'dev'?); "
                + "it was encrypted for vault id 'prod': give --vault-id prod@FILE")
        }
        XCTAssertThrowsError(try labelled.decrypt(with: keyring([("dev", "nope"), ("prod", "wrong")]))) { error in
            XCTAssertEqual("\(error)", "decryption failed (wrong vault password for vault ids 'prod', 'dev'?)")
        }
    }

    func testNoPassword() throws {
        let text = try VaultCipherText(try fixture("lines-1.1.vault"))
        XCTAssertThrowsError(try text.decrypt(with: VaultKeyring())) { error in
            XCTAssertEqual("\(error)", "this is encrypted with Ansible Vault and no vault password was given; "
                + "use --vault-password-file FILE, --ask-vault-pass or --vault-id LABEL@FILE")
        }
    }

    /// A ciphertext changed by one bit fails the HMAC check: the password is taken for wrong and
    /// nothing is decrypted.
    func testTamperedCiphertextFailsTheHMAC() throws {
        let envelope = try fixture("lines-1.1.vault")
        var lines = envelope.split(separator: "\n").map(String.init)
        let inner = String(decoding: try hexBytes(lines.dropFirst().joined()), as: UTF8.self)
        var parts = inner.split(separator: "\n").map(String.init)
        let last = parts[2].removeLast()
        parts[2].append(last == "0" ? "1" : "0")
        lines = [lines[0], hex(Array(parts.joined(separator: "\n").utf8))]
        let tampered = try VaultCipherText(lines.joined(separator: "\n"))
        XCTAssertThrowsError(try tampered.decrypt(with: keyring([defaultPassword]))) { error in
            XCTAssertEqual(error as? VaultError, .wrongPassword(tried: ["default"], label: nil))
        }
    }

    func testMalformedEnvelopes() {
        let cases: [(String, String)] = [
            ("$ANSIBLE_VAULT;1.1\n00\n", "the header must be '$ANSIBLE_VAULT;VERSION;CIPHER' or '...;LABEL'"),
            ("$ANSIBLE_VAULT;1.3;AES256\n00\n", "unknown vault format '1.3' (ansible-vault writes 1.1 and 1.2)"),
            ("$ANSIBLE_VAULT;1.1;AES\n00\n", "cipher 'AES' is not supported (Ansible decrypts AES256 only)"),
            ("$ANSIBLE_VAULT;1.1;AES256\n616\n", "the vault text has an odd number of hex digits"),
            ("$ANSIBLE_VAULT;1.1;AES256\n61zz\n", "the vault text is not hex"),
            ("$ANSIBLE_VAULT;1.1;AES256\n" + hex(Array("00\n11".utf8)) + "\n",
             "the vault text must hold a salt, an HMAC and a ciphertext"),
            ("$ANSIBLE_VAULT;1.1;AES256\n" + hex(Array("00\n11\nxy".utf8)) + "\n", "the ciphertext is not hex"),
            ("$ANSIBLE_VAULT;1.1;AES256\n" + hex(Array("00\n1122\n00".utf8)) + "\n", "the HMAC has 2 bytes, not 32"),
            ("ANSIBLE_VAULT;1.1;AES256\n00\n", "no '$ANSIBLE_VAULT' header"),
        ]
        for (envelope, reason) in cases {
            XCTAssertThrowsError(try VaultCipherText(envelope), envelope) { error in
                XCTAssertEqual("\(error)", "malformed Ansible Vault data: " + reason, envelope)
            }
        }
    }

    func testPasswordsPrintAsSecret() {
        let password = VaultPassword("correct horse battery")
        XCTAssertEqual("\(password)", "<secret>")
        XCTAssertEqual(String(reflecting: password), "<secret>")
        XCTAssertFalse("\(keyring([defaultPassword]))".contains("correct"))
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func hexBytes(_ text: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(try XCTUnwrap(UInt8(text[index..<next], radix: 16)))
            index = next
        }
        return bytes
    }
}
