import Playbook

/// A value of the generated playbook. Strings stay strings: the writer quotes any that YAML
/// would read as something else.
public indirect enum PuppetYAMLValue: Sendable, Equatable {
    case string(String)
    /// A YAML number, written as is (`9292`, `-1`, `1.5`).
    case number(String)
    case boolean(Bool)
    case null
    case sequence([PuppetYAMLValue])
    case mapping([PuppetYAMLEntry])
}

public struct PuppetYAMLEntry: Sendable, Equatable {
    public var key: PuppetYAMLValue
    public var value: PuppetYAMLValue

    public init(key: PuppetYAMLValue, value: PuppetYAMLValue) {
        self.key = key
        self.value = value
    }

    public init(_ key: String, _ value: PuppetYAMLValue) {
        self.init(key: .string(key), value: value)
    }
}
