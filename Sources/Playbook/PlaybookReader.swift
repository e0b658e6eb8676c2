import Basics

/// Turns a playbook's YAML into plays, checking the shape (not yet the roles' parameters).
struct PlaybookReader {
    static let playKeys = ["name", "hosts", "roles", "serial", "pre_restart", "post_restart", "load_balancer"]

    static func plays(from root: YAMLNode) throws -> [Play] {
        switch root.content {
        case .null: return []
        case .sequence(let items): return try items.map(play)
        default: throw UserError("a playbook must be a list of plays, got \(root.kindName)", at: root.location)
        }
    }

    private static func play(_ node: YAMLNode) throws -> Play {
        guard case .mapping(let entries) = node.content else {
            throw UserError("a play must be a mapping with 'hosts' and 'roles', got \(node.kindName)",
                            at: node.location)
        }
        var play = Play(hosts: "", roles: [], location: node.location)
        var sawHosts = false, sawRoles = false
        for entry in entries {
            if entry.key != "roles" { try refuseVaulted(entry.value, of: "'\(entry.key)'") }
            switch entry.key {
            case "name":
                play.name = try scalar(entry)
            case "hosts":
                play.hosts = try scalar(entry)
                sawHosts = true
            case "roles":
                play.roles = try roles(entry.value)
                sawRoles = true
            case "serial":
                play.serial = try serial(entry.value)
            case "pre_restart":
                play.preRestart = try commands(entry)
            case "post_restart":
                play.postRestart = try commands(entry)
            case "load_balancer":
                play.loadBalancer = try LoadBalancerSetting.read(entry.value)
            default:
                throw UserError(NearestName.message("unknown play key '\(entry.key)'", for: entry.key,
                                                    among: playKeys), at: entry.keyLocation)
            }
        }
        guard sawHosts else { throw UserError("play has no 'hosts'", at: node.location) }
        guard sawRoles else { throw UserError("play has no 'roles'", at: node.location) }
        return play
    }

    /// Only role parameters may be vault-encrypted: a play's name, hosts, serial and commands
    /// are printed and logged, and an instance id is an INI section name.
    private static func refuseVaulted(_ node: YAMLNode, of subject: String) throws {
        let vaulted: YAMLNode? = switch node.content {
        case .scalar: node.isSecret ? node : nil
        case .sequence(let items): items.first { $0.isSecret }
        case .mapping(let entries): entries.first { $0.value.isSecret }?.value
        case .null: nil
        }
        if let vaulted {
            throw UserError("\(subject) cannot be encrypted with Ansible Vault: glance-push prints and logs it "
                + "(only role parameters can be secret)", at: vaulted.location)
        }
    }

    private static func scalar(_ entry: YAMLEntry) throws -> String {
        guard case .scalar(let text, _) = entry.value.content else {
            throw UserError("'\(entry.key)' must be a string, got \(entry.value.kindName)", at: entry.value.location)
        }
        return text
    }

    private static func commands(_ entry: YAMLEntry) throws -> [String] {
        switch entry.value.content {
        case .scalar(let text, _): return [text]
        case .null: return []
        case .sequence(let items):
            return try items.map { item in
                guard case .scalar(let text, _) = item.content else {
                    throw UserError("'\(entry.key)' commands must be strings, got \(item.kindName)",
                                    at: item.location)
                }
                return text
            }
        case .mapping:
            throw UserError("'\(entry.key)' must be a command or a list of commands, got a mapping",
                            at: entry.value.location)
        }
    }

    private static func serial(_ node: YAMLNode) throws -> [SerialStep] {
        func step(_ node: YAMLNode) throws -> SerialStep {
            guard case .scalar(let text, _) = node.content else {
                throw UserError("'serial' must be a number, a percentage or a list of them, got \(node.kindName)",
                                at: node.location)
            }
            if text.hasSuffix("%"), let percent = Int(text.dropLast()), (1...100).contains(percent) {
                return .percent(percent)
            }
            if let count = Int(text), count >= 1 { return .count(count) }
            throw UserError("'serial' must be a number of hosts (1 or more) or a percentage like '25%', "
                + "got '\(text)'", at: node.location)
        }
        if case .sequence(let items) = node.content { return try items.map(step) }
        return [try step(node)]
    }

    private static func roles(_ node: YAMLNode) throws -> [RoleInstance] {
        guard case .mapping(let entries) = node.content else {
            throw UserError("'roles' must be a mapping of role names to parameters, got \(node.kindName)",
                            at: node.location)
        }
        var roles: [RoleInstance] = []
        for entry in entries {
            // `glance::backend::multistore::rbd[ceph1]` is Puppet's define title (what `import` writes).
            let (name, title) = splitTitle(entry.key)
            if let reason = RoleCatalog.unsupported[name] {
                throw UserError("role '\(name)' is not supported: \(reason)", at: entry.keyLocation)
            }
            guard let spec = RoleCatalog.role(named: name) else {
                throw UserError(NearestName.message("unknown role '\(name)'", for: name,
                                                    among: RoleCatalog.names), at: entry.keyLocation)
            }
            if title != nil, !spec.isDefine {
                throw UserError("role '\(spec.name)' takes no [title] (only multistore backends do)", at: entry.keyLocation)
            }
            switch entry.value.content {
            case .null:
                roles.append(try instance(spec, [], title: title, at: entry.keyLocation))
            case .mapping(let parameters):
                roles.append(try instance(spec, parameters, title: title, at: entry.keyLocation))
            case .sequence(let items) where spec.isDefine:
                for item in items {
                    guard case .mapping(let parameters) = item.content else {
                        throw UserError("each instance of '\(spec.name)' must be a mapping, got \(item.kindName)",
                                        at: item.location)
                    }
                    roles.append(try instance(spec, parameters, at: item.location))
                }
            case .sequence:
                throw UserError("role '\(spec.name)' takes a mapping of parameters, got a list "
                    + "(only multistore backends take a list of instances)", at: entry.value.location)
            case .scalar:
                throw UserError("role '\(spec.name)' takes a mapping of parameters, got a string",
                                at: entry.value.location)
            }
        }
        var seen: [String: SourceLocation] = [:]
        for role in roles where role.id != nil {
            let key = "\(role.role)[\(role.id ?? "")]"
            if let first = seen[key] {
                throw UserError("duplicate instance id '\(role.id ?? "")' of '\(role.role)' "
                    + "(first at line \(first.line))", at: role.location)
            }
            seen[key] = role.location
        }
        return roles
    }

    private static func splitTitle(_ key: String) -> (String, String?) {
        guard key.hasSuffix("]"), let open = key.firstIndex(of: "["), open > key.startIndex else { return (key, nil) }
        let title = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        return title.isEmpty ? (key, nil) : (String(key[..<open]), title)
    }

    private static func instance(_ spec: RoleSpec, _ parameters: [YAMLEntry], title: String? = nil,
                                 at location: SourceLocation) throws -> RoleInstance {
        guard let defaultID = spec.defaultID else {
            return RoleInstance(role: spec.name, parameters: parameters, location: location)
        }
        var id = title ?? defaultID
        if let entry = parameters.first(where: { $0.key == "id" }) {
            try refuseVaulted(entry.value, of: "'id' of '\(spec.name)'")
            if let title, case .scalar(let text, _) = entry.value.content, text != title {
                throw UserError("'id' \(text) contradicts the title [\(title)] of '\(spec.name)'", at: entry.value.location)
            }
            guard case .scalar(let text, _) = entry.value.content, !text.isEmpty, !text.contains("{{"),
                  !text.contains("]"), !text.contains("[") else {
                throw UserError("'id' of '\(spec.name)' must be a plain name (it is the INI section)",
                                at: entry.value.location)
            }
            id = text
        }
        return RoleInstance(role: spec.name, id: id, parameters: parameters, location: location)
    }
}
