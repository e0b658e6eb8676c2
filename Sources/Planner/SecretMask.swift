import Inventory
/// Replaces secret values by `<secret>`, longest first so that a secret containing another is
/// masked whole.
public struct SecretMask: Sendable {
    public let secrets: [String]

    public init(_ secrets: [String]) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { ($0.count, $0) > ($1.count, $1) }
    }

    public func apply(_ line: String) -> String {
        var masked = line
        for secret in secrets where masked.includes(secret) {
            masked = masked.replacing(secret, with: "<secret>")
        }
        return masked
    }
}
