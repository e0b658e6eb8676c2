/// One vault password's bytes. It prints as `<secret>` however it is printed, and is never
/// compared or hashed outside `VaultCrypto`.
public struct VaultPassword: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ text: String) {
        self.init(Array(text.utf8))
    }

    public var isEmpty: Bool { bytes.isEmpty }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
}
