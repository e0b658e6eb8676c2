/// One puppet-glance class as data: its parameters, plus the code for what they cannot say
/// (packages, services, keys computed from several parameters, checks across roles).
public struct RoleSpec: Sendable {
    public var name: String
    public let parameters: [ParameterSpec]
    /// Position of each parameter in `parameters`, by name (the first one when a name repeats).
    private let positions: [String: Int]
    /// A define (multistore backends): several instances are allowed, each with an `id`
    /// (default: `defaultID`) that names its section.
    public var defaultID: String?
    /// Checks across parameters and roles; values with `{{ … }}` are still unknown when this runs
    /// at load time (`RoleRendering.isPending`).
    var check: @Sendable (RoleRendering) throws -> Void
    /// Everything beyond writing each parameter to its targets, which happens first.
    var render: @Sendable (inout RoleRendering) throws -> Void

    init(_ name: String, parameters: [ParameterSpec], defaultID: String? = nil,
         check: @escaping @Sendable (RoleRendering) throws -> Void = { _ in },
         render: @escaping @Sendable (inout RoleRendering) throws -> Void = { _ in }) {
        self.name = name
        self.parameters = parameters
        self.positions = Dictionary(parameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.defaultID = defaultID
        self.check = check
        self.render = render
    }

    public var isDefine: Bool { defaultID != nil }

    public func parameter(named name: String) -> ParameterSpec? {
        positions[name].map { parameters[$0] }
    }
}
