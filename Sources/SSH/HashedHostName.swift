import Foundation
internal import CCrypto

/// A known_hosts name as OpenSSH's HashKnownHosts writes it: `|1|` base64(salt) `|`
/// base64(HMAC-SHA1 of the name, keyed with the salt), with 20 random bytes of salt.
enum HashedHostName {
    static func make(_ name: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(name, salt: (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func make(_ name: String, salt: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(name.utf8)
        _ = HMAC(EVP_sha1(), salt, Int32(salt.count), bytes, bytes.count, &digest, &length)
        return "|1|" + Data(salt).base64EncodedString() + "|" + Data(digest.prefix(Int(length))).base64EncodedString()
    }
}
