/// How a parameter differs on later Glance releases: puppet-glance's branch for that release
/// removed, deprecated or re-defaulted it. A host gets the parameter as its release has it.
public struct ReleaseChange: Sendable {
    /// The first Glance major version the change applies to (30 is 2025.1).
    public var glanceMajor: Int
    public var effect: ParameterSpec.Effect?
    public var defaultValue: DefaultValue?
}

extension ParameterSpec {
    /// From Glance `major` on, `effect` and/or `defaultValue` replace this parameter's.
    func from(glance major: Int, _ effect: Effect? = nil, default defaultValue: DefaultValue? = nil) -> ParameterSpec {
        var changed = self
        changed.releaseChanges.append(ReleaseChange(glanceMajor: major, effect: effect, defaultValue: defaultValue))
        return changed
    }

    var isRefused: Bool {
        if case .refused = effect { return true }
        return false
    }

    /// This parameter as a host running `release` has it.
    public func on(_ release: TargetRelease) -> ParameterSpec {
        var result = self
        for change in releaseChanges.sorted(by: { $0.glanceMajor < $1.glanceMajor })
        where release.glanceMajor >= change.glanceMajor {
            if let effect = change.effect { result.effect = effect }
            if let defaultValue = change.defaultValue { result.defaultValue = defaultValue }
        }
        result.releaseChanges = []
        return result
    }
}

extension RoleSpec {
    /// This role as a host running `release` has it (its parameters' release changes applied).
    public func on(_ release: TargetRelease) -> RoleSpec {
        guard parameters.contains(where: { !$0.releaseChanges.isEmpty }) else { return self }
        var result = self
        result.parameters = parameters.map { $0.on(release) }
        return result
    }
}
