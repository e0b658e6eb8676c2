/// One parameter of a role: its puppet-glance name, type, default, and what it writes.
public struct ParameterSpec: Sendable {
    public enum Effect: Sendable {
        /// The value (or `.absent` when unset) goes to each target.
        case writes([SettingTarget])
        /// The role's own code uses it.
        case custom
        /// Removed upstream; accepted with a warning giving the reason, and written nowhere.
        case dropped(reason: String)
        /// Removed upstream; written to its modern key(s) with a warning, only when given.
        case translated([SettingTarget], reason: String)
        /// Removed upstream with no equivalent: using it is an error giving the reason.
        case refused(reason: String)
        /// Removed upstream; the role's own code turns it into its modern form, with a warning.
        case legacy(reason: String)
    }

    /// Where puppet-glance Zed has a removed or renamed parameter: `import` writes it there.
    public struct Successor: Sendable, Equatable {
        public var role: String
        public var parameter: String
    }

    public var name: String
    public var type: ParameterType
    public var defaultValue: DefaultValue
    /// Its value is a password, key or URL with credentials.
    public var isSecret: Bool
    public var effect: Effect
    /// nil when the parameter is where puppet-glance Zed has it.
    public var successor: Successor?
    /// What later releases change (`on(_:)` applies them for a host).
    public var releaseChanges: [ReleaseChange] = []

    public init(_ name: String, _ type: ParameterType, default defaultValue: DefaultValue = .unset,
                secret: Bool = false, _ effect: Effect) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.effect = effect
    }

    /// The default when it is a literal value; nil for unset, required and computed defaults.
    var literalDefault: ParameterValue? {
        if case .value(let value) = defaultValue { return value }
        return nil
    }

    /// A string parameter.
    public init(_ name: String, default defaultValue: DefaultValue = .unset, secret: Bool = false, _ effect: Effect) {
        self.init(name, .string, default: defaultValue, secret: secret, effect)
    }

    /// A string parameter written to `targets`.
    public static func key(_ name: String, default defaultValue: DefaultValue = .unset, secret: Bool = false,
                           _ targets: SettingTarget...) -> ParameterSpec {
        ParameterSpec(name, .string, default: defaultValue, secret: secret, .writes(targets))
    }

    /// A parameter written to `targets` under its own name unless a target names another key.
    public static func key(_ name: String, _ type: ParameterType, default defaultValue: DefaultValue = .unset,
                           secret: Bool = false, _ targets: SettingTarget...) -> ParameterSpec {
        ParameterSpec(name, type, default: defaultValue, secret: secret, .writes(targets))
    }

    public static func custom(_ name: String, _ type: ParameterType = .string,
                              default defaultValue: DefaultValue = .unset, secret: Bool = false) -> ParameterSpec {
        ParameterSpec(name, type, default: defaultValue, secret: secret, .custom)
    }

    /// This parameter, noting that puppet-glance Zed has it as `parameter` (default: the same
    /// name) of `role`.
    func moved(to role: String, _ parameter: String? = nil) -> ParameterSpec {
        var moved = self
        moved.successor = Successor(role: role, parameter: parameter ?? name)
        return moved
    }
}

/// Where a parameter is written. `section` may be `SettingTarget.storeSection`, replaced by the
/// store's section (`glance_store` or the multistore id), or `swiftReferenceSection`.
public struct SettingTarget: Sendable, Equatable {
    public var file: String
    public var section: String
    /// nil: the parameter's name.
    public var key: String?

    public init(file: String, section: String, key: String? = nil) {
        self.file = file
        self.section = section
        self.key = key
    }

    public static let storeSection = "$store"
    public static let swiftReferenceSection = "$swift_reference"

    public static func api(_ section: String, key: String? = nil) -> SettingTarget {
        SettingTarget(file: GlanceFile.api, section: section, key: key)
    }

    public static func cache(_ section: String, key: String? = nil) -> SettingTarget {
        SettingTarget(file: GlanceFile.cache, section: section, key: key)
    }
}

/// The files puppet-glance manages, all in /etc/glance.
public enum GlanceFile {
    public static let api = "/etc/glance/glance-api.conf"
    public static let cache = "/etc/glance/glance-cache.conf"
    public static let swift = "/etc/glance/glance-swift.conf"
    public static let apiPaste = "/etc/glance/glance-api-paste.ini"
    public static let imageImport = "/etc/glance/glance-image-import.conf"
    public static let uwsgi = "/etc/glance/glance-api-uwsgi.ini"
    public static let rootwrap = "/etc/glance/rootwrap.conf"
    public static let policy = "/etc/glance/policy.yaml"
    public static let registry = "/etc/glance/glance-registry.conf"
    /// Every file whose change restarts glance-api (puppet-glance's `glance::deps`).
    public static let propertyProtections = "/etc/glance/property-protections.conf"
    public static let restartingAPI = [api, cache, swift, apiPaste, imageImport, uwsgi, rootwrap, policy, propertyProtections]
    /// Root-only files holding credentials for commands the plan runs (never on a command line).
    public static let credentialsDirectory = "/var/lib/glance-push/credentials"
}
