import Basics
import Playbook

/// The openstacklib functions glance manifests build URLs with are evaluated, so the URL's
/// password can become a secret like any other; other calls stay text.
extension PuppetValueConverter {
    mutating func call(_ name: String, _ arguments: [PuppetExpression], source: String, at location: SourceLocation) -> PuppetYAMLValue {
        if ["os_transport_url", "os_database_connection"].contains(name), arguments.count == 1,
           case .mapping(let entries) = convert(arguments[0]), let fields = Self.scalarFields(entries),
           let url = name == "os_transport_url" ? Self.transportURL(fields) : Self.databaseConnection(fields) {
            return .string(url)
        }
        if Self.mentionsCredential(source) {
            warn("function call '\(name)(…)' is not evaluated and its arguments mention a credential; kept as the text '\(name)(…)'", at: location)
            return .string("\(name)(…)")
        }
        warn("function call '\(source)' is not evaluated; kept as text", at: location)
        return .string(source)
    }

    static func mentionsCredential(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["password", "secret", "_key", "token"].contains { lower.contains($0) }
    }

    /// Scalar hash values as text; nested hashes (`query`, `extra`) as `k=v&…`; nil for anything else.
    private static func scalarFields(_ entries: [PuppetYAMLEntry]) -> [String: String]? {
        var fields: [String: String] = [:]
        for entry in entries {
            guard case .string(let key) = entry.key else { return nil }
            switch entry.value {
            case .string(let text), .number(let text): fields[key] = text
            case .boolean(let flag): fields[key] = flag ? "true" : "false"
            case .null: continue
            case .sequence(let items):
                let hosts = items.compactMap { item -> String? in
                    if case .string(let text) = item { return text }
                    return nil
                }
                guard hosts.count == items.count else { return nil }
                fields[key] = hosts.joined(separator: "\u{0}")
            case .mapping(let pairs):
                var query: [String] = []
                for pair in pairs {
                    guard case .string(let queryKey) = pair.key else { return nil }
                    switch pair.value {
                    case .string(let text), .number(let text): query.append("\(queryKey)=\(text)")
                    default: return nil
                    }
                }
                fields[key] = query.joined(separator: "&")
            }
        }
        return fields
    }

    /// `transport://user:pass@host:port[,user:pass@host2:port]/virtual_host[?ssl=1&query]`.
    private static func transportURL(_ fields: [String: String]) -> String? {
        guard let transport = fields["transport"], let hostList = fields["hosts"] ?? fields["host"] else { return nil }
        var userinfo = ""
        if let username = fields["username"] {
            userinfo = username + (fields["password"].map { ":" + $0 } ?? "") + "@"
        }
        let port = fields["port"].map { ":" + $0 } ?? ""
        let hosts = hostList.split(separator: "\u{0}").map { userinfo + bracketed(String($0)) + port }
        var query: [String] = []
        if let ssl = fields["ssl"] { query.append("ssl=\(ssl == "true" || ssl == "1" ? 1 : 0)") }
        if let extra = fields["query"], !extra.isEmpty { query.append(extra) }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return "\(transport)://\(hosts.joined(separator: ","))/\(fields["virtual_host"] ?? "")\(suffix)"
    }

    /// `dialect://user:pass@host:port/database?charset=utf8&extra`.
    private static func databaseConnection(_ fields: [String: String]) -> String? {
        guard let dialect = fields["dialect"] else { return nil }
        var authority = ""
        if let username = fields["username"] {
            authority = username + (fields["password"].map { ":" + $0 } ?? "") + "@"
        }
        authority += (fields["host"].map(bracketed) ?? "") + (fields["port"].map { ":" + $0 } ?? "")
        var query: [String] = []
        if let charset = fields["charset"] { query.append("charset=\(charset)") }
        if let extra = fields["extra"], !extra.isEmpty { query.append(extra) }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return "\(dialect)://\(authority)/\(fields["database"] ?? "")\(suffix)"
    }

    /// IPv6 addresses go in brackets in a URL.
    private static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
