import Basics
import Playbook

/// A value in a manifest, as written (variables are resolved later, by the importer).
public struct PuppetExpression: Sendable, Equatable {
    public indirect enum Value: Sendable, Equatable {
        case string(PuppetString)
        /// As written: `9292`, `-1`, `0750`, `1.5`.
        case number(String)
        case boolean(Bool)
        case undef
        /// An unquoted word used as a string: `present`, `running`, `default`.
        case bareword(String)
        case variable(PuppetVariable)
        case array([PuppetExpression])
        case hash([PuppetHashEntry])
        /// `Class['::rabbitmq']`, `Service['glance-api']`; a bare type name has no titles.
        case reference(type: String, titles: [PuppetExpression])
        /// A function call, e.g. `os_transport_url({…})` or `lookup('glance::password')`; `source`
        /// is the call as written.
        case call(name: String, arguments: [PuppetExpression], source: String)
        case regex(String)
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

public struct PuppetHashEntry: Sendable, Equatable {
    public var key: PuppetExpression
    public var value: PuppetExpression

    public init(key: PuppetExpression, value: PuppetExpression) {
        self.key = key
        self.value = value
    }
}
