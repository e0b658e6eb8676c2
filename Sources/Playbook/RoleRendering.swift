import Basics
import Inventory

/// The state of one role instance while it renders (or, at load time, while it is checked):
/// its parameters, the other roles of its play, the host and release, and the output so far.
public struct RoleRendering: Sendable {
    let role: ResolvedRole
    /// Every role instance of the play, this one included, in playbook order.
    let play: [ResolvedRole]
    /// nil at load time, when no host is known yet.
    public let host: InventoryHost?
    public let release: TargetRelease
    let secrets: Secrets?
    public internal(set) var output: RoleOutput
    /// Who set each key, how firmly (explicit values beat defaults, defaults beat removals), and
    /// where the setting is in `output.settings`.
    private var origins: [SettingKey: (parameter: String, rank: Int, index: Int)] = [:]

    struct SettingKey: Hashable {
        var file: String
        var section: String
        var key: String

        /// Section and key tell settings apart nearly always; the (long) file path is left out of
        /// the hash, not out of `==`.
        func hash(into hasher: inout Hasher) {
            hasher.combine(section)
            hasher.combine(key)
        }
    }

    init(role: ResolvedRole, play: [ResolvedRole], host: InventoryHost?, release: TargetRelease, secrets: Secrets?) {
        self.role = role
        self.secrets = secrets
        self.play = play
        self.host = host
        self.release = release
        self.output = RoleOutput(role: role.spec.name)
    }

    // MARK: Reading parameters

    public var location: SourceLocation { role.instance.location }
    public var storeSection: String { role.storeSection }
    public func isGiven(_ name: String) -> Bool { role.isGiven(name) }
    public func isPending(_ name: String) -> Bool { role.isPending(name) }
    public func value(_ name: String) -> ParameterValue? { role.value(name) }
    public func string(_ name: String) -> String? { value(name)?.text }
    public func bool(_ name: String) -> Bool { value(name) == .bool(true) }
    public func list(_ name: String) -> [String]? { value(name)?.items }
    public func isSecret(_ name: String) -> Bool {
        role.parameters[name]?.isSecret ?? role.spec.parameter(named: name)?.isSecret ?? false
    }

    /// The values of the secrets interpolated into the parameter (see `ConfigSetting.secretValues`).
    public func secretValues(_ name: String) -> [String] { role.parameters[name]?.secretValues ?? [] }

    /// `text`, the parameter's value or one of its items, as output shows it: each secret
    /// interpolated into it as `<secret>`; nil when it is secret as a whole. A text of a secret
    /// parameter that no secret went into is secret as a whole, unless it is an item of a list
    /// of an ordinary parameter (items stay as written; a typed scalar may not, `" 80"` → `80`).
    public func maskedText(_ text: String, of name: String) -> String? {
        guard isSecret(name) else { return text }
        let given = role.parameters[name]
        if let masked = given?.maskedTexts[text] { return masked }
        guard role.spec.parameter(named: name)?.isSecret == false else { return nil }
        guard case .list(let items)? = given?.value, items.contains(text) else { return nil }
        return text
    }

    /// `text`, a value read from the parameter, as a message may quote it: `<secret>` when the
    /// parameter is secret.
    public func shown(_ text: String, of name: String) -> String { isSecret(name) ? "<secret>" : text }

    /// Where the parameter's value (or, when not given, the role) was written.
    public func location(of name: String) -> SourceLocation {
        role.parameters[name]?.valueLocation ?? role.instance.location
    }

    public func keyLocation(of name: String) -> SourceLocation {
        role.parameters[name]?.keyLocation ?? role.instance.location
    }

    /// puppet's `$::os_workers`: CPUs ÷ 2 clamped to 2…12; CPUs from `ansible_processor_vcpus`, else 2.
    /// A vaulted CPU count no password decrypts is its error, not 2.
    public func osWorkers() throws -> Int {
        if let sealed = host?.sealed["ansible_processor_vcpus"] {
            throw UserError("variable 'ansible_processor_vcpus' (\(sealed.location.map { "\($0)" } ?? "inventory")) "
                + "cannot be used for the default workers: " + sealed.message, at: role.instance.location)
        }
        let cpus = host?.vars["ansible_processor_vcpus"].flatMap { Int($0) } ?? 2
        return min(12, max(2, cpus / 2))
    }

    /// Other instances of `roleName` in the same play.
    func others(_ roleName: String) -> [ResolvedRole] { play.filter { $0.spec.name == roleName } }

    func hasRole(_ roleName: String) -> Bool { play.contains { $0.spec.name == roleName } }

    /// Fills `{{ … }}` in a value the role reads itself (raw hashes); nil at load time when the
    /// value needs a host.
    /// A scalar of a raw parameter (glance::config) as `interpolate(_:at:)` gives it; a value
    /// decrypted from Ansible Vault is used as written.
    func interpolate(_ node: YAMLNode) throws -> InterpolatedString? {
        guard case .scalar(let raw, _) = node.content else { return nil }
        return node.isSecret ? .vaulted(raw) : try interpolate(raw, at: node.location)
    }

    func interpolate(_ raw: String, at location: SourceLocation) throws -> InterpolatedString? {
        guard Interpolator.needsHost(raw) else { return InterpolatedString(text: raw) }
        if let host { return try Interpolator(host: host, secrets: secrets).interpolate(raw, at: location) }
        return try ParameterResolver(interpolator: nil, secrets: secrets).loadTimeText(raw, at: location)
    }

    public func error(_ message: String, at parameter: String? = nil) -> UserError {
        UserError(message, at: parameter.map { location(of: $0) } ?? location)
    }

    // MARK: Writing output

    /// Sets a key; a removal never overrides a value, and two explicit values must agree. A value
    /// `from` a secret parameter is secret (masked whole unless `masked` says how).
    mutating func set(_ target: SettingTarget, key: String, _ value: ConfigSetting.Value, secret: Bool = false,
                      masked: Masking = .whole, from parameter: String = "", rank: Int = 2) throws {
        try store(target, key: key, value, secret: secret || (!parameter.isEmpty && isSecret(parameter)),
                  masked: masked, from: parameter, rank: rank)
    }

    /// `set` with `secret` already including the secrecy of `parameter`.
    private mutating func store(_ target: SettingTarget, key: String, _ value: ConfigSetting.Value, secret: Bool,
                                masked: Masking, from parameter: String, rank: Int) throws {
        var section = target.section
        // Placeholders are whole sections or rare: check before paying for Foundation's replace.
        if section == SettingTarget.storeSection {
            section = storeSection
        } else if section.includes(SettingTarget.storeSection) {
            section = section.replacingOccurrences(of: SettingTarget.storeSection, with: storeSection)
        }
        if section.includes(SettingTarget.swiftReferenceSection) {
            section = section.replacingOccurrences(of: SettingTarget.swiftReferenceSection,
                                                   with: string("default_swift_reference") ?? "ref1")
        }
        let settingKey = SettingKey(file: target.file, section: section, key: target.key ?? key)
        let setting = ConfigSetting(file: target.file, section: section, key: target.key ?? key, value: value,
                                    isSecret: secret, secretValues: secret ? masked.secretValues : [],
                                    maskedValue: secret ? masked.value : nil)
        // About one key per parameter: grow the table once (not when only checking, which sets none).
        if origins.isEmpty { origins.reserveCapacity(role.spec.parameters.count) }
        // A new key (the usual case) costs one hash: recorded as appended, then appended.
        let appended = (parameter: parameter, rank: rank, index: output.settings.count)
        guard let existing = origins.updateValue(appended, forKey: settingKey) else {
            output.settings.append(setting)
            return
        }
        guard let index = position(of: settingKey, near: existing.index) else {
            output.settings.append(setting)
            return
        }
        if rank < existing.rank {
            origins[settingKey] = existing
            return
        }
        if rank == existing.rank && rank == 2 && output.settings[index].value != value {
            origins[settingKey] = existing
            throw error("'\(parameter)' and '\(existing.parameter)' both set [\(section)] \(settingKey.key) "
                + "in \(target.file)", at: parameter.isEmpty ? nil : parameter)
        }
        output.settings[index] = setting
        origins[settingKey] = (parameter, rank, index)
    }

    /// Where `key` is in `output.settings`: at `hint` (where it was put), unless a role's own code
    /// has rearranged the settings since.
    private func position(of key: SettingKey, near hint: Int) -> Int? {
        func isKey(_ setting: ConfigSetting) -> Bool {
            setting.file == key.file && setting.section == key.section && setting.key == key.key
        }
        if output.settings.indices.contains(hint) && isKey(output.settings[hint]) { return hint }
        return output.settings.firstIndex(where: isKey)
    }

    /// A secret `text` is masked whole.
    mutating func set(_ target: SettingTarget, _ text: String, secret: Bool = false) throws {
        guard let key = target.key else { preconditionFailure("set(_:_:) needs a target with a key") }
        try set(target, key: key, .set(text), secret: secret)
    }

    /// Sets `text`, read from parameter `name`: secret when that parameter is, masked as it is
    /// when `text` is its value or an item of it, else whole.
    mutating func set(_ target: SettingTarget, _ text: String, from name: String) throws {
        guard let key = target.key else { preconditionFailure("set(_:_:from:) needs a target with a key") }
        let masked = Masking(value: maskedText(text, of: name).map { .set($0) }, secretValues: secretValues(name))
        try set(target, key: key, .set(text), masked: masked, from: name)
    }

    mutating func remove(_ target: SettingTarget) throws {
        guard let key = target.key else { preconditionFailure("remove(_:) needs a target with a key") }
        try set(target, key: key, .absent, rank: 0)
    }

    /// Writes a parameter's current value (given, else default, else removal) to `target`.
    /// `known` is `role.spec.parameter(named: name)` when the caller has it.
    mutating func write(_ name: String, to target: SettingTarget, style: ParameterType.ListStyle? = nil,
                        known: ParameterSpec? = nil) throws {
        guard let spec = known ?? role.spec.parameter(named: name) else { preconditionFailure("no parameter \(name)") }
        // value(name) and isSecret(name), with the parameter looked up once.
        let given = role.parameters[name]
        let rank = given?.value != nil ? 2 : 1
        var current = given.map(\.value) ?? spec.literalDefault
        // Workers counted from a vaulted CPU count would tell it: they are secret too.
        var fromVault = false
        if current == nil, spec.defaultValue == .osWorkers {
            current = .integer(try osWorkers())
            fromVault = host?.secrets["ansible_processor_vcpus"] != nil
        }
        guard let current else {
            try store(target, key: name, .absent, secret: given?.isSecret ?? spec.isSecret, masked: .whole, from: name,
                      rank: 0)
            return
        }
        let listStyle: ParameterType.ListStyle?
        switch spec.type {
        case .list(let style), .stringOrList(let style): listStyle = style
        default: listStyle = nil
        }
        let style = style ?? listStyle
        let rendered = Self.rendered(current, style: style, text: current.text, items: current.items)
        let secret = given?.isSecret ?? (spec.isSecret || fromVault)
        let masked = secret ? Masking(value: maskedValue(of: name, current, style: style),
                                      secretValues: given?.secretValues ?? []) : .whole
        // `secret` covers isSecret(name): given, the parameter's own secrecy; else the spec's (or more).
        try store(target, key: name, rendered, secret: secret, masked: masked, from: name, rank: rank)
    }

    /// How `value` is written in `style`, from its `text` (a scalar) or its `items` (a list).
    private static func rendered(_ value: ParameterValue, style: ParameterType.ListStyle?, text: String,
                                 items: [String]) -> ConfigSetting.Value {
        switch style {
        case .bracketed?: return .set("[" + items.joined(separator: ",") + "]")
        case .multiLine?: return .multi(items)
        default:
            guard case .list = value else { return .set(text) }
            return .set(items.joined(separator: ","))
        }
    }

    /// The parameter's `value` written in `style`, as output shows it (see `maskedText`).
    private func maskedValue(of name: String, _ value: ParameterValue,
                             style: ParameterType.ListStyle?) -> ConfigSetting.Value? {
        // A scalar written as it is is looked up whole; a list, or a scalar written as one, by item.
        var isList = false
        if case .list = value { isList = true }
        if style == nil && !isList { return maskedText(value.text, of: name).map { .set($0) } }
        let items = value.items.compactMap { maskedText($0, of: name) }
        guard items.count == value.items.count else { return nil }
        return Self.rendered(value, style: style, text: "", items: items)
    }

    /// How output masks a secret setting: `ConfigSetting.maskedValue` and `secretValues`.
    struct Masking {
        var value: ConfigSetting.Value?
        var secretValues: [String]

        static let whole = Masking(value: nil, secretValues: [])
    }

    public mutating func warn(_ message: String, at parameter: String? = nil) {
        let place = parameter.map { keyLocation(of: $0) } ?? location
        output.warnings.append("\(place): \(role.spec.name): \(message)")
    }

    mutating func addPackage(_ name: String, ensure: PackageRequirement.Ensure = .present, restarts: [String] = []) {
        let package = PackageRequirement(name: name, ensure: ensure, restarts: restarts)
        if !output.packages.contains(package) { output.packages.append(package) }
    }

    /// `present`/`latest`/`absent` or a version, as a package requirement.
    static func ensure(_ text: String?) -> PackageRequirement.Ensure {
        switch text {
        case nil, "present"?, "installed"?: return .present
        case "latest"?: return .latest
        case "absent"?, "purged"?: return .absent
        case let version?: return .version(version)
        }
    }
}
