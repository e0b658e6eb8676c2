import Foundation

/// What can be told about a private key file without its passphrase: its public key, and
/// whether it is encrypted. Pure parsing of public material; nothing secret is decoded.
///
/// The public key comes from `PATH.pub` beside the key, else from the clear part of an
/// OpenSSH-format key (`-----BEGIN OPENSSH PRIVATE KEY-----`, ssh-keygen's format since 7.8,
/// whose public keys are stored unencrypted even when the private part is). A PEM key without
/// a `.pub` has no public key here: ssh-agent cannot be matched to it.
struct KeyFile: Sendable, Equatable {
    let path: String
    /// The SSH wire encoding of the public key (what known_hosts and `.pub` files hold in
    /// base64, and what an agent lists as `libssh2_agent_publickey.blob`); nil when unknown.
    let publicKey: Data?
    /// The private part needs a passphrase (OpenSSH cipher other than `none`, PEM
    /// `Proc-Type: 4,ENCRYPTED`, PKCS#8 `ENCRYPTED PRIVATE KEY`).
    let isEncrypted: Bool
    /// An RSA key (libssh2 1.10 signs those with SHA-1 only).
    let isRSA: Bool
    let isReadable: Bool

    init(path: String) {
        self.path = path
        let text = FileManager.default.isReadableFile(atPath: path) ? try? String(contentsOfFile: path, encoding: .utf8) : nil
        isReadable = text != nil
        let openSSH = text.flatMap(Self.openSSHKey)
        let pem = text ?? ""
        publicKey = Self.publicKeyFile(path + ".pub") ?? openSSH?.publicKey
        isEncrypted = openSSH.map { $0.cipher != "none" }
            ?? (pem.contains("Proc-Type: 4,ENCRYPTED") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY"))
        isRSA = pem.contains("BEGIN RSA PRIVATE KEY") || publicKey.flatMap(Self.keyType) == "ssh-rsa"
    }

    /// `type base64 [comment]`, the `.pub` format.
    private static func publicKeyFile(_ path: String) -> Data? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])), keyType(blob) == String(fields[0]) else {
            return nil
        }
        return blob
    }

    /// `openssh-key-v1\0`, string cipher, string kdf, string kdf options, uint32 count, then
    /// each public key as a string (PROTOCOL.key in OpenSSH).
    private static func openSSHKey(_ text: String) -> (cipher: String, publicKey: Data)? {
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { return nil }
        var reader = WireReader(data)
        guard reader.take(15) == Data("openssh-key-v1\0".utf8),
              let cipher = reader.string(), reader.string() != nil, reader.string() != nil,
              let count = reader.uint32(), count >= 1, let key = reader.string() else { return nil }
        return (String(decoding: cipher, as: UTF8.self), key)
    }

    /// The type name a public key blob starts with, e.g. `ssh-ed25519`.
    static func keyType(_ blob: Data) -> String? {
        var reader = WireReader(blob)
        return reader.string().map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Reads SSH wire-format values (RFC 4251: uint32 big-endian, string = uint32 length + bytes).
private struct WireReader {
    private let data: Data
    private var offset: Int

    init(_ data: Data) {
        self.data = data
        offset = data.startIndex
    }

    mutating func take(_ count: Int) -> Data? {
        guard count >= 0, data.endIndex - offset >= count else { return nil }
        defer { offset += count }
        return data[offset..<offset + count]
    }

    mutating func uint32() -> UInt32? {
        take(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    mutating func string() -> Data? {
        guard let length = uint32(), length <= 1 << 20 else { return nil }
        return take(Int(length)).map { Data($0) }
    }
}
