import Basics
import Inventory

/// A parameter as given in the playbook, after its type was checked.
struct ResolvedParameter: Sendable {
    /// nil while the value waits for a host's variables (`isPending`) or when given as `~`.
    var value: ParameterValue?
    var isPending: Bool
    var isSecret: Bool
    /// The values of the secrets interpolated into the value.
    var secretValues: [String] = []
    /// The scalars (the value, or items) that secrets were interpolated into, as output shows
    /// them: each secret as `<secret>`.
    var maskedTexts: [String: String] = [:]
    var keyLocation: SourceLocation
    var valueLocation: SourceLocation
}

/// A role instance whose given parameters were typed; defaults stay in the spec.
struct ResolvedRole: Sendable {
    var spec: RoleSpec
    var instance: RoleInstance
    var parameters: [String: ResolvedParameter]

    /// The INI section a store's keys go to: its id for a define, else `glance_store`.
    var storeSection: String { instance.id ?? "glance_store" }

    func isGiven(_ name: String) -> Bool { parameters[name] != nil && (parameters[name]?.value != nil || isPending(name)) }

    func isPending(_ name: String) -> Bool { parameters[name]?.isPending ?? false }

    /// The given value, else a literal default; nil when unset or not known yet.
    func value(_ name: String) -> ParameterValue? {
        if let given = parameters[name] { return given.value }
        return spec.parameter(named: name)?.literalDefault
    }
}

/// Resolves a role instance's parameters: unknown names, refused ones, required ones and types.
/// Without an interpolator (load time), values with `{{ … }}` stay pending.
struct ParameterResolver {
    var interpolator: Interpolator?
    var secrets: Secrets?
    /// nil at load time, when the host's release is not known yet.
    var release: TargetRelease?

    /// At load time: a value using only secrets is filled in now; one using host variables waits,
    /// but its secret names are checked already. Returns nil when the value must wait.
    func loadTimeText(_ raw: String, at location: SourceLocation) throws -> InterpolatedString? {
        let secretsOnly = Interpolator(host: InventoryHost(name: ""), secrets: secrets)
        let expressions = Interpolator.expressions(in: raw)
        if !expressions.isEmpty && expressions.allSatisfy({ $0.hasPrefix("secret.") }) {
            return try secretsOnly.interpolate(raw, at: location)
        }
        try checkSecretReferences(raw, at: location)
        return nil
    }

    func checkSecretReferences(_ raw: String, at location: SourceLocation) throws {
        let secretsOnly = Interpolator(host: InventoryHost(name: ""), secrets: secrets)
        for expression in Interpolator.expressions(in: raw) where expression.hasPrefix("secret.") {
            _ = try secretsOnly.interpolate("{{ \(expression) }}", at: location)
        }
    }

    /// `releaseSpec`, when given, is `zedSpec.on(release)` computed already.
    func resolve(_ instance: RoleInstance, spec zedSpec: RoleSpec,
                 releaseSpec: RoleSpec? = nil) throws -> ResolvedRole {
        let spec = releaseSpec ?? release.map(zedSpec.on) ?? zedSpec
        try refuseRemoved(instance, spec: spec)
        var parameters: [String: ResolvedParameter] = [:]
        for entry in instance.parameters {
            if spec.isDefine && entry.key == "id" { continue }
            guard let parameter = spec.parameter(named: entry.key) else {
                let names = spec.parameters.map(\.name) + (spec.isDefine ? ["id"] : [])
                throw UserError(NearestName.message(
                    "unknown parameter '\(entry.key)' for role '\(spec.name)'", for: entry.key, among: names),
                    at: entry.keyLocation)
            }
            if let refusal = Self.refusal(of: entry, in: spec, zed: zedSpec, release: release) { throw refusal }
            parameters[entry.key] = try resolve(entry, as: parameter)
        }
        for parameter in spec.parameters where parameter.defaultValue == .required {
            // At load time, one that a later release no longer requires waits for the host's release.
            if release == nil && parameter.releaseChanges.contains(where: { ($0.defaultValue ?? .required) != .required }) {
                continue
            }
            if parameters[parameter.name]?.value == nil && parameters[parameter.name]?.isPending != true {
                throw UserError("role '\(spec.name)' needs parameter '\(parameter.name)'", at: instance.location)
            }
        }
        // After the required check: puppet too wants those as the class's own parameters.
        for (name, override) in try overrides(instance, spec: spec, zed: zedSpec) { parameters[name] = override }
        return ResolvedRole(spec: spec, instance: instance, parameters: parameters)
    }

    /// The error for a given parameter the role (as `release` has it) refuses; "on Glance N" when
    /// only that release refuses it.
    static func refusal(of entry: YAMLEntry, in spec: RoleSpec, zed zedSpec: RoleSpec, release: TargetRelease?) -> UserError? {
        guard case .refused(let reason)? = spec.parameter(named: entry.key)?.effect else { return nil }
        let refusedLater = zedSpec.parameter(named: entry.key)?.isRefused == false
        let onRelease = refusedLater ? release.map { " on Glance \($0.glanceMajor)" } ?? "" : ""
        return UserError("parameter '\(entry.key)' of '\(spec.name)' is no longer supported\(onRelease): \(reason)",
                         at: entry.keyLocation)
    }

    /// The entries of the role's `overridesParameter` hash, each resolved as the parameter it names
    /// (type, secrecy and refusals as if given directly). Its type was checked with the others.
    private func overrides(_ instance: RoleInstance, spec: RoleSpec, zed zedSpec: RoleSpec) throws
        -> [(String, ResolvedParameter)] {
        guard let hash = spec.overridesParameter,
              let entry = instance.parameters.first(where: { $0.key == hash }),
              case .mapping(let entries) = entry.value.content else { return [] }
        let names = spec.parameters.map(\.name).filter { $0 != hash }
        return try entries.map { inner in
            guard inner.key != hash, let parameter = spec.parameter(named: inner.key) else {
                throw UserError(NearestName.message(
                    "key '\(inner.key)' of '\(hash)' is not a parameter of '\(spec.name)'; '\(hash)' may only "
                        + "override the role's own parameters", for: inner.key, among: names),
                    at: inner.keyLocation)
            }
            if let refusal = Self.refusal(of: inner, in: spec, zed: zedSpec, release: release) { throw refusal }
            return (inner.key, try resolve(inner, as: parameter))
        }
    }

    /// A class the release no longer has is refused before anything about its parameters (which
    /// would be beside the point), unless `ensure: absent` removes it.
    private func refuseRemoved(_ instance: RoleInstance, spec: RoleSpec) throws {
        guard let release, let removal = spec.removal, spec.isRemoved(in: release) else { return }
        if let entry = instance.parameters.first(where: { $0.key == "ensure" }),
           case .scalar(let raw, _) = entry.value.content {
            let ensure = try interpolator?.interpolate(raw, at: entry.value.location).text ?? raw
            if ensure == "absent" { return }
        }
        throw UserError("role '\(spec.name)' is refused: \(removal.reason); this host runs Glance \(release.glanceMajor) "
            + "(use 'ensure: absent' to remove it)", at: instance.location)
    }

    private func resolve(_ entry: YAMLEntry, as parameter: ParameterSpec) throws -> ResolvedParameter {
        var resolved = ResolvedParameter(value: nil, isPending: false, isSecret: parameter.isSecret,
                                         keyLocation: entry.keyLocation, valueLocation: entry.value.location)
        let node = entry.value
        let name = parameter.name
        func mismatch(_ got: String) -> UserError {
            UserError("'\(name)' must be \(parameter.type.expectation), got \(got)", at: node.location)
        }
        // Scalars: nil when pending. Surrounding blanks are stripped, as puppet-glance's config
        // types do, unless a secret is in the value (a secret is never altered).
        func text(_ node: YAMLNode) throws -> String? {
            guard case .scalar(let raw, _) = node.content else { throw mismatch(node.kindName) }
            let interpolated: InterpolatedString?
            if node.isSecret {
                interpolated = .vaulted(raw)
            } else {
                guard Interpolator.needsHost(raw) else { return raw.stripped }
                interpolated = try interpolator.map { try $0.interpolate(raw, at: node.location) }
                    ?? loadTimeText(raw, at: node.location)
            }
            guard var result = interpolated else { resolved.isPending = true; return nil }
            if !result.isSecret { result = InterpolatedString(text: result.text.stripped) }
            resolved.isSecret = resolved.isSecret || result.isSecret
            if result.isSecret {
                resolved.secretValues += result.secretValues
                // Two scalars of one text masked differently are both masked whole.
                let masked = resolved.maskedTexts[result.text]
                resolved.maskedTexts[result.text] = masked.map { $0 == result.masked ? $0 : "<secret>" } ?? result.masked
            }
            return result.text
        }
        if case .null = node.content { return resolved }
        switch parameter.type {
        case .raw:
            guard case .mapping = node.content else { throw mismatch(node.kindName) }
            resolved.value = .raw(node)
        case .map:
            guard case .mapping(let entries) = node.content else { throw mismatch(node.kindName) }
            var pairs: [ParameterValue.KeyValue] = []
            for entry in entries {
                guard let value = try text(entry.value) else { continue }
                pairs.append(.init(key: entry.key, value: value))
            }
            resolved.value = resolved.isPending ? nil : .map(pairs)
        case .list, .stringOrList:
            var nodes: [YAMLNode]
            switch node.content {
            case .sequence(let items): nodes = items
            case .scalar:
                guard case .stringOrList = parameter.type else { throw mismatch("a string") }
                nodes = [node]
            default: throw mismatch(node.kindName)
            }
            var items: [String] = []
            for item in nodes {
                guard case .scalar = item.content else {
                    throw UserError("items of '\(name)' must be strings, got \(item.kindName)", at: item.location)
                }
                if let value = try text(item) { items.append(value) }
            }
            resolved.value = resolved.isPending ? nil : .list(items)
        default:
            guard let raw = try text(node) else { return resolved }
            guard let value = parameter.type.scalarValue(raw) else {
                let shown = resolved.isSecret ? "<secret>" : "'\(raw)'"
                var message = "'\(name)' must be \(parameter.type.expectation), got \(shown)"
                if case .oneOf(let choices) = parameter.type, !resolved.isSecret,
                   let nearest = NearestName.suggestion(for: raw, among: choices) {
                    message += " (did you mean '\(nearest)'?)"
                }
                throw UserError(message, at: node.location)
            }
            resolved.value = value
        }
        return resolved
    }
}
