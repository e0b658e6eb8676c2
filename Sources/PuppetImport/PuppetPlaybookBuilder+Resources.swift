import Basics
import Playbook

extension PuppetPlaybookBuilder {
    /// Parameters every Puppet resource takes; they order or tag, and mean nothing to a playbook.
    static let metaparameters: Set<String> = [
        "require", "before", "notify", "subscribe", "tag", "stage", "alias", "audit", "loglevel", "noop", "schedule",
    ]

    mutating func apply(_ resource: PuppetResource, at location: SourceLocation, to play: inout PuppetPlay, scope: PuppetScope) throws {
        let type = resource.type.lowercased()
        if resource.isVirtual {
            warn("virtual or exported resource '@\(type)' is not imported; skipped", at: location)
            return
        }
        if type == "class" {
            for body in resource.bodies {
                let name = try className(body.title, scope: scope)
                guard PuppetClassCatalog.isGlance(name) else {
                    warn("class '\(name)' is not managed by glance-push; skipped", at: body.title.location)
                    continue
                }
                if let note = PuppetClassCatalog.defineNote(for: name) { warn(note, at: body.title.location) }
                try declare(key: name, role: name, body: body, to: &play, scope: scope)
            }
        } else if let parameter = PuppetClassCatalog.configTypes[type] {
            for body in resource.bodies { try configEntries(type: type, parameter: parameter, body: body, to: &play, scope: scope) }
        } else if PuppetClassCatalog.isGlance(type) {
            for body in resource.bodies {
                if PuppetClassCatalog.role(named: type) != nil, !PuppetClassCatalog.isDefine(type) {
                    warn("'\(type)' is a class: declare it as class { '\(type)': … }; imported as one", at: location)
                    try declare(key: type, role: type, body: body, to: &play, scope: scope)
                    continue
                }
                for title in try titles(body.title, scope: scope) {
                    try declare(key: "\(type)[\(title)]", role: type, body: body, to: &play, scope: scope)
                }
            }
        } else {
            let titles = resource.bodies.map { Self.titleText($0.title) }.joined(separator: ", ")
            warn("resource '\(type)' (\(titles)) is not managed by glance-push; skipped", at: location)
        }
    }

    /// A class or define instance: each parameter kept, moved where puppet-glance Zed has it, or
    /// left out with the reason (PuppetParameterPlan). A class glance-push does not import is left
    /// out whole, and its values are not read (so none of them becomes a secret to fill in).
    private mutating func declare(key: String, role: String, body: PuppetResourceBody, to play: inout PuppetPlay, scope: PuppetScope) throws {
        guard let spec = PuppetClassCatalog.role(named: role) else {
            warn(PuppetClassCatalog.leftOut(role), at: body.title.location)
            return
        }
        if let note = PuppetClassCatalog.note(for: role) { warn(note, at: body.title.location) }
        let short = PuppetSecretRegistry.keyPart(key.hasPrefix("glance::") ? String(key.dropFirst(8)) : key)
        var parameters: [PuppetYAMLEntry] = []
        for given in translated(attributes(of: body, scope: scope), of: spec) {
            let site = PuppetSecretRegistry.Site(role: role, parameter: given.name, location: given.location,
                                                 keyBase: short + "_" + PuppetSecretRegistry.keyPart(given.name), qualifier: play.secretQualifier)
            let isSecret = PuppetSecretRegistry.isSecretName(given.name)
            switch PuppetParameterPlan.plan(given.name, of: spec, value: given.value) {
            case .leaveOut(let reason):
                warn(reason, at: given.location)
            case .keep(let note):
                if let note { warn(note, at: given.location) }
                parameters.append(PuppetYAMLEntry(given.name, secrets.protect(given.value, isSecret: isSecret, at: site)))
            case .move(let successor, let note):
                warn(note, at: given.location)
                let value = secrets.protect(given.value, isSecret: isSecret, at: site)
                play.moves.append(PuppetPlay.Move(from: key, parameter: given.name, to: successor, value: value,
                                                  location: given.location))
            }
        }
        try play.add(PuppetPlay.Role(key: key, name: role, parameters: parameters, location: body.title.location, isDeclared: true),
                     warnings: &warnings)
    }

    /// One attribute of a declaration, its value evaluated.
    struct GivenParameter {
        var name: String
        var value: PuppetYAMLValue
        var location: SourceLocation
    }

    /// The attributes that are parameters with a value: metaparameters, splats and undef are
    /// left out with a warning.
    private mutating func attributes(of body: PuppetResourceBody, scope: PuppetScope) -> [GivenParameter] {
        var given: [GivenParameter] = []
        for attribute in body.attributes {
            let name = attribute.name
            if Self.metaparameters.contains(name) {
                warn("metaparameter '\(name)' ignored: glance-push orders and tags steps itself", at: attribute.location)
                continue
            }
            if name == "*" {
                warn("attribute splat '* =>' is not imported; list the parameters one by one", at: attribute.location)
                continue
            }
            let value = convert(attribute.value, scope: scope)
            if value == .null {
                warn("'\(name)' is undef: left out, so the role's default applies", at: attribute.location)
                continue
            }
            given.append(GivenParameter(name: name, value: value, location: attribute.location))
        }
        return given
    }

    /// `glance_api_config { 'DEFAULT/x': value => y }` → `glance::config` `api_config: {DEFAULT/x: {value: y}}`.
    private mutating func configEntries(type: String, parameter: String, body: PuppetResourceBody, to play: inout PuppetPlay, scope: PuppetScope) throws {
        let secretFlag = body.attributes.contains { $0.name == "secret" && $0.value.value == .boolean(true) }
        for title in try titles(body.title, scope: scope) {
            var fields: [PuppetYAMLEntry] = []
            for attribute in body.attributes {
                if Self.metaparameters.contains(attribute.name) {
                    warn("metaparameter '\(attribute.name)' ignored: glance-push orders and tags steps itself", at: attribute.location)
                    continue
                }
                guard ["value", "ensure", "secret"].contains(attribute.name) else {
                    warn("'\(attribute.name)' of \(type) is not imported; skipped", at: attribute.location)
                    continue
                }
                let value = convert(attribute.value, scope: scope)
                let site = PuppetSecretRegistry.Site(role: "glance::config", parameter: "\(parameter).\(title)", location: attribute.location,
                                                     keyBase: "config_" + PuppetSecretRegistry.keyPart(title), qualifier: play.secretQualifier)
                let isSecret = attribute.name == "value" && (secretFlag || PuppetSecretRegistry.isSecretName(title))
                fields.append(PuppetYAMLEntry(attribute.name, secrets.protect(value, isSecret: isSecret, at: site)))
            }
            let index = play.roles.firstIndex { $0.key == "glance::config" } ?? {
                play.roles.append(PuppetPlay.Role(key: "glance::config", name: "glance::config", parameters: [],
                                                  location: body.title.location, isDeclared: false))
                return play.roles.count - 1
            }()
            var parameters = play.roles[index].parameters
            let position = parameters.firstIndex { $0.key == .string(parameter) } ?? {
                parameters.append(PuppetYAMLEntry(parameter, .mapping([])))
                return parameters.count - 1
            }()
            guard case .mapping(var entries) = parameters[position].value else {
                throw UserError("glance::config '\(parameter)' is not a hash; cannot add \(type) '\(title)'", at: body.title.location)
            }
            if entries.contains(where: { $0.key == .string(title) }) {
                throw UserError("duplicate declaration: \(type) '\(title)' is already set", at: body.title.location)
            }
            entries.append(PuppetYAMLEntry(title, .mapping(fields)))
            parameters[position].value = .mapping(entries)
            play.roles[index].parameters = parameters
        }
    }

    /// A title or an array of titles, each a string.
    private mutating func titles(_ expression: PuppetExpression, scope: PuppetScope) throws -> [String] {
        let value = convert(expression, scope: scope)
        let items: [PuppetYAMLValue]
        if case .sequence(let list) = value { items = list } else { items = [value] }
        return try items.map { item in
            guard case .string(let text) = item, !text.isEmpty else {
                throw UserError("a resource title must be a non-empty string or an array of them", at: expression.location)
            }
            return text
        }
    }

    static func titleText(_ expression: PuppetExpression) -> String {
        switch expression.value {
        case .string(let string): return "'" + (string.literal ?? "…") + "'"
        case .bareword(let word): return "'\(word)'"
        case .array(let items): return items.map(titleText).joined(separator: ", ")
        default: return "…"
        }
    }
}
