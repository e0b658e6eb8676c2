internal import CCrypto
import Foundation

/// Ansible's VaultAES256 over libcrypto: PBKDF2-HMAC-SHA256 (10,000 iterations) of the password
/// and salt gives 80 bytes, the AES key, the HMAC key and the CTR counter block; the
/// HMAC-SHA256 of the ciphertext must match (compared with `CRYPTO_memcmp`) before AES-256-CTR
/// decrypts it; the PKCS#7 padding is then checked and removed. Derived keys are wiped after use.
enum VaultCrypto {
    static let hmacLength = 32
    private static let iterations: Int32 = 10_000
    private static let keyLength = 32
    private static let ivLength = 16
    private static let blockSize = 16

    /// nil when the HMAC does not match: `password` is not the one it was encrypted with.
    static func decrypt(_ text: VaultCipherText, password: VaultPassword) throws(VaultError) -> Data? {
        var derived = try derive(password: password.bytes, salt: text.salt)
        defer { wipe(&derived) }
        let aesKey = Array(derived[0..<keyLength])
        var hmacKey = Array(derived[keyLength..<(2 * keyLength)])
        defer { wipe(&hmacKey) }
        let iv = Array(derived[(2 * keyLength)..<(2 * keyLength + ivLength)])
        let computed = try hmacSHA256(key: hmacKey, data: text.ciphertext)
        let matches = computed.withUnsafeBytes { mine in
            text.hmac.withUnsafeBytes { theirs in CRYPTO_memcmp(mine.baseAddress, theirs.baseAddress, hmacLength) == 0 }
        }
        guard matches else { return nil }
        var padded = try aes256CTR(key: aesKey, iv: iv, data: text.ciphertext)
        defer { wipe(&padded) }
        return Data(try unpadded(padded))
    }

    private static func derive(password: [UInt8], salt: [UInt8]) throws(VaultError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 2 * keyLength + ivLength)
        var characters = password.map { CChar(bitPattern: $0) }
        defer { characters.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        let count = Int32(out.count)
        let status = out.withUnsafeMutableBufferPointer { out in
            PKCS5_PBKDF2_HMAC(characters, Int32(characters.count), salt, Int32(salt.count), iterations, EVP_sha256(),
                              count, out.baseAddress)
        }
        try check(status, "PKCS5_PBKDF2_HMAC")
        return out
    }

    private static func hmacSHA256(key: [UInt8], data: [UInt8]) throws(VaultError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { key in
            data.withUnsafeBufferPointer { data in
                out.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), data.baseAddress, data.count,
                         out.baseAddress, &length)
                }
            }
        }
        try check(result == nil ? 0 : 1, "HMAC")
        return Array(out[0..<Int(length)])
    }

    private static func aes256CTR(key: [UInt8], iv: [UInt8], data: [UInt8]) throws(VaultError) -> [UInt8] {
        guard let context = EVP_CIPHER_CTX_new() else { throw .malformed("EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        try check(EVP_DecryptInit_ex(context, EVP_aes_256_ctr(), nil, key, iv), "EVP_DecryptInit_ex")
        var out = [UInt8](repeating: 0, count: data.count + blockSize)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let update = out.withUnsafeMutableBufferPointer { out in
            EVP_DecryptUpdate(context, out.baseAddress, &written, data, Int32(data.count))
        }
        try check(update, "EVP_DecryptUpdate")
        let final = out.withUnsafeMutableBufferPointer { out in
            EVP_DecryptFinal_ex(context, out.baseAddress.map { $0 + Int(written) }, &finalWritten)
        }
        try check(final, "EVP_DecryptFinal_ex")
        return Array(out[0..<Int(written + finalWritten)])
    }

    /// PKCS#7 as the `cryptography` package's unpadder checks it: whole blocks, a last byte of
    /// 1…16, and that many bytes of that value.
    private static func unpadded(_ bytes: [UInt8]) throws(VaultError) -> [UInt8] {
        guard !bytes.isEmpty, bytes.count % blockSize == 0, let last = bytes.last,
              (1...blockSize).contains(Int(last)), bytes.suffix(Int(last)).allSatisfy({ $0 == last }) else {
            throw .malformed("the decrypted data has no valid PKCS#7 padding")
        }
        return Array(bytes.dropLast(Int(last)))
    }

    /// Each libcrypto status (1 is success) goes through here, naming the call.
    private static func check(_ status: Int32, _ call: String) throws(VaultError) {
        guard status == 1 else { throw .malformed("libcrypto \(call) failed") }
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}
