import Basics
import Playbook

/// One top-level or node-level statement of a manifest.
public struct PuppetStatement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `$pw = 'x'`
        case assignment(name: String, value: PuppetExpression)
        /// `include glance`, `require ::glance::api`, `contain 'glance::api'`.
        case include(keyword: String, classes: [PuppetExpression])
        /// `class { 'glance::api': … }` (type `class`) or `glance::backend::multistore::rbd { 'ceph1': … }`.
        case resource(PuppetResource)
        case node(PuppetNode)
        /// An ordering arrow between two operands: `->`, `~>`, `<-`, `<~`.
        case orderingArrow(String)
        /// `Class['x']` standing alone as an operand of an arrow.
        case reference(type: String)
        /// Something parsed and deliberately not imported; `what` names it for the warning,
        /// e.g. `'if' statement`, `resource defaults 'Package'`, `function call 'notice'`.
        case unsupported(what: String)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// `type { title: attrs; title2: attrs }`. For a class declaration the type is `class` and the
/// title is the class name.
public struct PuppetResource: Sendable, Equatable {
    /// As written, without a leading `::`: `class`, `rabbitmq_user`, `glance::backend::multistore::rbd`.
    public var type: String
    public var bodies: [PuppetResourceBody]
    /// `@type { }` (virtual) or `@@type { }` (exported).
    public var isVirtual: Bool

    public init(type: String, bodies: [PuppetResourceBody], isVirtual: Bool = false) {
        self.type = type
        self.bodies = bodies
        self.isVirtual = isVirtual
    }
}

public struct PuppetResourceBody: Sendable, Equatable {
    public var title: PuppetExpression
    public var attributes: [PuppetAttribute]

    public init(title: PuppetExpression, attributes: [PuppetAttribute]) {
        self.title = title
        self.attributes = attributes
    }
}

public struct PuppetAttribute: Sendable, Equatable {
    public var name: String
    /// Where the parameter name is.
    public var location: SourceLocation
    public var value: PuppetExpression

    public init(name: String, at location: SourceLocation, value: PuppetExpression) {
        self.name = name
        self.location = location
        self.value = value
    }
}

/// `node 'ctl01', 'ctl02' { … }`, `node /^ctl\d+$/ { … }`, `node default { … }`.
public struct PuppetNode: Sendable, Equatable {
    public enum Name: Sendable, Equatable {
        case name(String)
        case regex(String)
        case `default`
    }

    public var names: [Name]
    public var body: [PuppetStatement]

    public init(names: [Name], body: [PuppetStatement]) {
        self.names = names
        self.body = body
    }
}
