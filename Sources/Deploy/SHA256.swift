import CCrypto
import Foundation

/// SHA-256 through libcrypto (already linked for the transport and Ansible Vault), for release
/// checksums and the convergence record's fingerprints.
public enum SHA256 {
    /// Lower-case hex digest.
    public static func hex(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let succeeded = data.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, nil, EVP_sha256(), nil) == 1
        }
        precondition(succeeded, "libcrypto's EVP_Digest failed for SHA-256")
        return String(decoding: digest.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0xf)]] }, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}
