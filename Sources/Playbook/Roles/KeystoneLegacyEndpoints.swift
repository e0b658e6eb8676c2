/// glance::keystone::auth's endpoint parameters before puppet-glance 9.x (Newton): `port` and
/// `<interface>_protocol` / `<interface>_address`. Any of them given for an interface makes its
/// URL protocol://address:port (defaults http, 127.0.0.1, 9292) and its `<interface>_url` is
/// ignored, as puppet-glance 8.x did.
package enum KeystoneLegacyEndpoints {
    package static let interfaces = ["public", "internal", "admin"]
    package static let removed = "removed in puppet-glance 9.x (Newton)"

    package static let parameters: [ParameterSpec] = [ParameterSpec("port", .port, legacy)]
        + interfaces.flatMap { [ParameterSpec("\($0)_protocol", legacy), ParameterSpec("\($0)_address", legacy)] }

    private static let legacy = ParameterSpec.Effect.legacy(reason: "\(removed); glance-push builds "
        + "<interface>_url from port, <interface>_protocol and <interface>_address as puppet-glance 8.x did")

    /// The legacy parameters feeding `interface`'s URL, in the order of its parts.
    static func sources(of interface: String) -> [String] {
        ["\(interface)_protocol", "\(interface)_address", "port"]
    }

    /// The interfaces whose URL `parameter` feeds (`port` feeds all three).
    package static func interfaces(fedBy parameter: String) -> [String] {
        interfaces.filter { sources(of: $0).contains(parameter) }
    }

    /// `interface`'s URL from the legacy values `value` looks up; nil when none of them is given.
    package static func url(for interface: String, _ value: (String) -> String?) -> String? {
        let parts = sources(of: interface).map(value)
        guard parts.contains(where: { $0 != nil }) else { return nil }
        var address = parts[1] ?? "127.0.0.1"
        if address.contains(":") && !address.hasPrefix("[") { address = "[\(address)]" }
        return "\(parts[0] ?? "http")://\(address):\(parts[2] ?? "9292")"
    }
}
