import Foundation

/// A value encrypted by `ansible-vault` (format 1.1 or 1.2, cipher AES256), parsed as Ansible's
/// `parse_vaulttext_envelope` and `parse_vaulttext` parse it: a header line
/// `$ANSIBLE_VAULT;VERSION;CIPHER[;LABEL]`, then lines of hex that, joined and unhexlified, are
/// three lines of hex: the salt, the HMAC-SHA256 of the ciphertext, and the ciphertext.
public struct VaultCipherText: Sendable, Equatable {
    public static let headerPrefix = "$ANSIBLE_VAULT"

    /// `1.1` or `1.2`.
    public let version: String
    /// The vault id the header names (format 1.2); nil when it names none.
    public let label: String?
    let salt: [UInt8]
    let hmac: [UInt8]
    let ciphertext: [UInt8]

    /// True when `text` starts with the vault header, as Ansible's `is_encrypted` decides.
    public static func isEncrypted(_ text: String) -> Bool {
        text.hasPrefix(headerPrefix)
    }

    public init(_ envelope: String) throws(VaultError) {
        var lines = envelope.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard !lines.isEmpty else { throw .malformed("no '\(Self.headerPrefix)' header") }
        let fields = lines.removeFirst().trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.first == Self.headerPrefix else { throw .malformed("no '\(Self.headerPrefix)' header") }
        guard fields.count >= 3 else {
            throw .malformed("the header must be '\(Self.headerPrefix);VERSION;CIPHER' or '...;LABEL'")
        }
        guard fields[1] == "1.1" || fields[1] == "1.2" else {
            throw .malformed("unknown vault format '\(fields[1])' (ansible-vault writes 1.1 and 1.2)")
        }
        guard fields[2] == "AES256" else {
            throw .malformed("cipher '\(fields[2])' is not supported (Ansible decrypts AES256 only)")
        }
        version = fields[1]
        label = fields.count >= 4 && !fields[3].isEmpty ? fields[3] : nil
        let outer = try Self.unhexlify(lines.joined(), part: "the vault text")
        let parts = outer.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("the vault text must hold a salt, an HMAC and a ciphertext") }
        salt = try Self.unhexlify(String(decoding: parts[0], as: UTF8.self), part: "the salt")
        hmac = try Self.unhexlify(String(decoding: parts[1], as: UTF8.self), part: "the HMAC")
        ciphertext = try Self.unhexlify(String(decoding: parts[2], as: UTF8.self), part: "the ciphertext")
        guard hmac.count == VaultCrypto.hmacLength else {
            throw .malformed("the HMAC has \(hmac.count) bytes, not \(VaultCrypto.hmacLength)")
        }
    }

    /// The plaintext, decrypted with the first of the keyring's passwords whose HMAC matches
    /// (`VaultKeyring.candidates` says in which order they are tried).
    public func decrypt(with keyring: VaultKeyring) throws(VaultError) -> Data {
        let candidates = keyring.candidates(for: label)
        guard !candidates.isEmpty else { throw .noPassword }
        for identity in candidates {
            if let plaintext = try VaultCrypto.decrypt(self, password: identity.password) { return plaintext }
        }
        throw .wrongPassword(tried: candidates.map(\.label), label: label)
    }

    /// Python's `binascii.unhexlify`: an even number of hex digits of either case, nothing else.
    static func unhexlify(_ text: some StringProtocol, part: String) throws(VaultError) -> [UInt8] {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw .malformed("\(part) has an odd number of hex digits") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else {
                throw .malformed("\(part) is not hex")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
