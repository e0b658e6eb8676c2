/// One puppet-glance class as data: its parameters, plus the code for what they cannot say
/// (packages, services, keys computed from several parameters, checks across roles).
public struct RoleSpec: Sendable {
    public var name: String
    /// Positions never change (`on(_:)` replaces parameters one for one).
    public internal(set) var parameters: [ParameterSpec]
    /// Position of each parameter in `parameters`, by name (the first one when a name repeats).
    private let positions: [String: Int]
    /// A define (multistore backends): several instances are allowed, each with an `id`
    /// (default: `defaultID`) that names its section.
    public var defaultID: String?
    /// The class is gone from Glance releases from this one on; the role has an `ensure`
    /// parameter, and only `ensure: absent` (removing it from a host) is accepted there.
    public var removal: Removal?
    /// A hash parameter whose keys are other parameters of the role, each value replacing that
    /// parameter's (puppet's `* => $params` in glance::api::authtoken).
    public var overridesParameter: String?
    /// Checks across parameters and roles; values with `{{ … }}` are still unknown when this runs
    /// at load time (`RoleRendering.isPending`).
    var check: @Sendable (RoleRendering) throws -> Void
    /// Everything beyond writing each parameter to its targets, which happens first.
    var render: @Sendable (inout RoleRendering) throws -> Void

    public struct Removal: Sendable, Equatable {
        /// The first Glance major version without it (21 is Victoria).
        public var glanceMajor: Int
        /// e.g. "glance-registry was removed in Victoria (Glance 21)".
        public var reason: String
    }

    init(_ name: String, parameters: [ParameterSpec], defaultID: String? = nil, removal: Removal? = nil,
         overridesParameter: String? = nil,
         check: @escaping @Sendable (RoleRendering) throws -> Void = { _ in },
         render: @escaping @Sendable (inout RoleRendering) throws -> Void = { _ in }) {
        self.name = name
        self.parameters = parameters
        self.positions = Dictionary(parameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.defaultID = defaultID
        self.removal = removal
        self.overridesParameter = overridesParameter
        self.check = check
        self.render = render
    }

    public var isDefine: Bool { defaultID != nil }

    /// No two parameters share a name: `parameter(named:)` of each one's name is that one.
    var hasUniqueParameterNames: Bool { positions.count == parameters.count }

    public func parameter(named name: String) -> ParameterSpec? {
        positions[name].map { parameters[$0] }
    }

    /// Whether `release` still has this class.
    public func isRemoved(in release: TargetRelease) -> Bool {
        removal.map { release.glanceMajor >= $0.glanceMajor } ?? false
    }
}
