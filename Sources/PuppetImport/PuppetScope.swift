import Basics
import Playbook

/// Variables assigned in the manifest (top scope, and a node's own scope on top of it) and the
/// facts that have a playbook equivalent.
struct PuppetScope: Sendable {
    struct Binding: Sendable {
        /// Evaluated when assigned, as Puppet does (a later reassignment is an error anyway).
        var value: PuppetYAMLValue
        var location: SourceLocation
    }

    private var top: [String: Binding] = [:]
    private var local: [String: Binding]?

    /// Facts whose playbook spelling is known, by every name Puppet has for them.
    static let factTemplates: [String: String] = [
        "fqdn": "{{ ansible_fqdn }}",
        "networking.fqdn": "{{ ansible_fqdn }}",
        "ipaddress": "{{ ansible_host }}",
        "networking.ip": "{{ ansible_host }}",
    ]

    /// Facts that only have a role default as equivalent.
    static let factsWithoutEquivalent: Set<String> = ["os_workers", "processorcount", "processors.count"]

    /// A scope for a node body: the top scope stays visible.
    func enteringNode() -> PuppetScope {
        var scope = self
        scope.local = [:]
        return scope
    }

    /// Puppet refuses to reassign a variable in the same scope.
    mutating func assign(_ name: String, _ value: PuppetYAMLValue, at location: SourceLocation) throws {
        if let previous = local?[name] ?? (local == nil ? top[name] : nil) {
            throw UserError("cannot reassign variable '$\(name)' (first assigned at \(previous.location.line):\(previous.location.column))", at: location)
        }
        if local != nil { local?[name] = Binding(value: value, location: location) } else { top[name] = Binding(value: value, location: location) }
    }

    enum Resolution: Sendable, Equatable {
        /// An assigned variable's value.
        case value(PuppetYAMLValue)
        /// A fact with a playbook spelling, e.g. `{{ ansible_fqdn }}`.
        case template(String)
        case unresolved(reason: String)
    }

    func resolve(_ variable: PuppetVariable) -> Resolution {
        let isFactsHash = variable.name == "facts" && !variable.keys.isEmpty
        let factName = isFactsHash ? variable.keys.joined(separator: ".") : variable.name
        if !isFactsHash, let binding = variable.isTopScope ? top[variable.name] : (local?[variable.name] ?? top[variable.name]) {
            return index(binding.value, by: variable.keys, spelling: variable.spelling)
        }
        if isFactsHash || variable.keys.isEmpty, let template = Self.factTemplates[factName] {
            return .template(template)
        }
        if Self.factsWithoutEquivalent.contains(factName) {
            return .unresolved(reason: "fact '\(variable.spelling)' has no playbook equivalent (leave the parameter out to get the role's default)")
        }
        if isFactsHash {
            return .unresolved(reason: "fact '\(variable.spelling)' has no playbook equivalent")
        }
        if variable.isTopScope && !variable.name.contains("::") {
            return .unresolved(reason: "'\(variable.spelling)' is not assigned in this manifest, nor a fact glance-push maps (fqdn, ipaddress)")
        }
        if variable.name.contains("::") {
            return .unresolved(reason: "class variable '\(variable.spelling)' cannot be read outside Puppet")
        }
        return .unresolved(reason: "variable '\(variable.spelling)' is not assigned in this manifest")
    }

    private func index(_ value: PuppetYAMLValue, by keys: [String], spelling: String) -> Resolution {
        var current = value
        for key in keys {
            switch current {
            case .mapping(let entries):
                let match = entries.first { entry in
                    switch entry.key {
                    case .string(let text), .number(let text): return text == key
                    default: return false
                    }
                }
                guard let match else { return .unresolved(reason: "'\(spelling)': no key '\(key)' in the hash") }
                current = match.value
            case .sequence(let items):
                guard let position = Int(key), items.indices.contains(position) else {
                    return .unresolved(reason: "'\(spelling)': no index \(key) in the array")
                }
                current = items[position]
            default:
                return .unresolved(reason: "'\(spelling)' indexes a value that is not a hash or an array")
            }
        }
        return .value(current)
    }
}
