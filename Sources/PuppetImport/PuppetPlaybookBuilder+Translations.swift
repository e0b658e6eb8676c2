import Playbook

/// Parameters whose modern form takes more than a new name: glance::keystone::auth's pre-Newton
/// endpoint parts, and puppet's `{ key, value }` policy hashes.
extension PuppetPlaybookBuilder {
    mutating func translated(_ given: [GivenParameter], of spec: RoleSpec) -> [GivenParameter] {
        switch spec.name {
        case KeystoneAuthRole.name: return foldingEndpoints(given)
        case GlancePolicyRole.name: return given.map { $0.name == "policies" ? flatteningPolicies($0) : $0 }
        default: return given
        }
    }

    /// `port`, `<interface>_protocol` and `<interface>_address` become `<interface>_url`
    /// (KeystoneLegacyEndpoints), written where the first of them was; a `<interface>_url` they
    /// override is left out.
    private mutating func foldingEndpoints(_ given: [GivenParameter]) -> [GivenParameter] {
        let legacy = Set(KeystoneLegacyEndpoints.parameters.map(\.name))
        var parts: [String: String] = [:]
        for parameter in given where legacy.contains(parameter.name) {
            switch parameter.value {
            case .string(let text), .number(let text): parts[parameter.name] = text
            default: warn("'\(parameter.name)' left out: it must be a string", at: parameter.location)
            }
        }
        let urls = KeystoneLegacyEndpoints.interfaces.reduce(into: [String: String]()) { urls, interface in
            urls[interface] = KeystoneLegacyEndpoints.url(for: interface) { parts[$0] }
        }
        var written: Set<String> = []
        var result: [GivenParameter] = []
        for parameter in given {
            if let interface = KeystoneLegacyEndpoints.interfaces.first(where: { parameter.name == "\($0)_url" }),
               urls[interface] != nil {
                warn("'\(parameter.name)' left out: the legacy \(interface)_protocol, \(interface)_address or port "
                    + "give that URL, as in puppet-glance 8.x", at: parameter.location)
                continue
            }
            guard parts[parameter.name] != nil else {
                if !legacy.contains(parameter.name) { result.append(parameter) }
                continue
            }
            let fed = KeystoneLegacyEndpoints.interfaces(fedBy: parameter.name)
            let shown = fed.map { "\($0)_url \(urls[$0] ?? "")" }.joined(separator: ", ")
            warn("'\(parameter.name)' was \(KeystoneLegacyEndpoints.removed); imported into \(shown)", at: parameter.location)
            for interface in fed where written.insert(interface).inserted {
                result.append(GivenParameter(name: "\(interface)_url", value: .string(urls[interface] ?? ""),
                                             location: parameter.location))
            }
        }
        return result
    }

    /// puppet-glance's `policies => { 'title' => { 'key' => name, 'value' => rule } }` (openstacklib's
    /// policy::base) → `name: rule`; a scalar rule stays as it is.
    private mutating func flatteningPolicies(_ given: GivenParameter) -> GivenParameter {
        guard case .mapping(let entries) = given.value else { return given }
        var rules: [PuppetYAMLEntry] = []
        for entry in entries {
            switch entry.value {
            case .string, .number, .boolean:
                rules.append(entry)
            case .mapping(let fields):
                guard let name = fields.first(where: { $0.key == .string("key") })?.value,
                      fields.allSatisfy({ [.string("key"), .string("value")].contains($0.key) }),
                      Self.isText(name) else {
                    warn("policy \(Self.quoted(entry.key)) left out: give it as { key => NAME, value => RULE }",
                         at: given.location)
                    continue
                }
                let rule = fields.first(where: { $0.key == .string("value") })?.value ?? .string("")
                guard Self.isText(rule) else {
                    warn("policy \(Self.quoted(entry.key)) left out: its value must be a string", at: given.location)
                    continue
                }
                rules.append(PuppetYAMLEntry(key: name, value: rule))
            default:
                warn("policy \(Self.quoted(entry.key)) left out: give it as { key => NAME, value => RULE }",
                     at: given.location)
            }
        }
        return GivenParameter(name: given.name, value: .mapping(rules), location: given.location)
    }

    private static func quoted(_ key: PuppetYAMLValue) -> String {
        switch key {
        case .string(let text), .number(let text): return "'\(text)'"
        default: return PuppetYAMLWriter.inline(key)
        }
    }

    private static func isText(_ value: PuppetYAMLValue) -> Bool {
        switch value {
        case .string, .number: return true
        default: return false
        }
    }
}
