import Basics
import Foundation
import Playbook

/// Takes secret values out of the playbook: each becomes `{{ secret.<key> }}`, and the registry
/// remembers which key stands for what (the values themselves are only compared, never output).
struct PuppetSecretRegistry {
    private(set) var secrets: [PuppetSecret] = []
    private var valueByKey: [String: String] = [:]

    /// Parameter names that hold credentials: `*password`, `*_key`, `*secret*`, `token`, `*_token`. (A bare
    /// `key` is not one: policy hashes use `key`/`value` pairs.)
    static func isSecretName(_ name: String) -> Bool {
        let last = (name.split(separator: "/").last.map(String.init) ?? name).lowercased()
        return last.hasSuffix("password") || last.hasSuffix("_key")
            || last.contains("secret") || last == "token" || last.hasSuffix("_token")
    }

    /// Where a secret sits, for its key name and the skeleton's comment.
    struct Site {
        var role: String
        var parameter: String
        var location: SourceLocation
        /// `api_keystone_password`.
        var keyBase: String
        /// Distinguishes two different values under one base: a node play's hosts, "" at top level.
        var qualifier: String
    }

    /// Replaces secrets inside `value`. `isSecret`: the parameter's own name marks it as one.
    mutating func protect(_ value: PuppetYAMLValue, isSecret: Bool, at site: Site) -> PuppetYAMLValue {
        switch value {
        case .string(let text) where isSecret && !Self.isTemplateOnly(text):
            return .string(reference(for: text, at: site))
        case .number(let text) where isSecret:
            return .string(reference(for: text, at: site))
        case .string(let text):
            return .string(replacingURLPasswords(in: text, at: site))
        case .mapping(let entries):
            return .mapping(entries.map { entry in
                let keyText: String
                switch entry.key {
                case .string(let text), .number(let text): keyText = text
                default: keyText = PuppetYAMLWriter.inline(entry.key)
                }
                var child = site
                child.keyBase += "_" + Self.keyPart(keyText)
                child.parameter += "." + keyText
                return PuppetYAMLEntry(key: entry.key, value: protect(entry.value, isSecret: isSecret || Self.isSecretName(keyText), at: child))
            })
        case .sequence(let items):
            return .sequence(items.enumerated().map { index, item in
                var child = site
                child.keyBase += "_\(index + 1)"
                child.parameter += "[\(index)]"
                return protect(item, isSecret: isSecret, at: child)
            })
        default:
            return value
        }
    }

    private static func isTemplateOnly(_ text: String) -> Bool {
        text.hasPrefix("{{") && text.hasSuffix("}}") && !text.dropFirst(2).contains("{{")
    }

    /// `mysql://glance:PASS@db/glance` → `mysql://glance:{{ secret.x }}@db/glance`; every
    /// `user:pass@` of a comma-separated host list (`rabbit://u:p@h1,u:p@h2/`) is replaced.
    private mutating func replacingURLPasswords(in text: String, at site: Site) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard authority.contains("@") else { return text }
        let hosts = authority.split(separator: ",", omittingEmptySubsequences: false).map { host -> String in
            guard let at = host.lastIndex(of: "@"), let colon = host[..<at].firstIndex(of: ":") else { return String(host) }
            let password = String(host[host.index(after: colon)..<at])
            guard !password.isEmpty, !Self.isTemplateOnly(password) else { return String(host) }
            var urlSite = site
            urlSite.parameter += " (password in the URL)"
            return host[...colon] + reference(for: password, at: urlSite) + host[at...]
        }
        return text[..<schemeEnd.upperBound] + hosts.joined(separator: ",") + afterScheme[authorityEnd...]
    }

    /// The key for this value: the base name, or a qualified one when the base already stands
    /// for a different value.
    private mutating func reference(for value: String, at site: Site) -> String {
        var candidates = [site.keyBase]
        if !site.qualifier.isEmpty { candidates.append(site.keyBase + "_" + Self.keyPart(site.qualifier)) }
        candidates += (2...99).map { "\(site.keyBase)_\($0)" }
        for key in candidates {
            if let existing = valueByKey[key] {
                if existing == value { return "{{ secret.\(key) }}" }
                continue
            }
            valueByKey[key] = value
            secrets.append(PuppetSecret(key: key, role: site.role, parameter: site.parameter, location: site.location))
            return "{{ secret.\(key) }}"
        }
        preconditionFailure("more than 100 different values for secret '\(site.keyBase)'")
    }

    /// Lower-case letters, digits and `_` only: `DEFAULT/transport_url` → `default_transport_url`.
    static func keyPart(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if keep { result.unicodeScalars.append(scalar) } else if !result.hasSuffix("_") { result += "_" }
        }
        let trimmed = result.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        return trimmed.isEmpty ? "value" : trimmed
    }
}
