import Basics

extension Playbook {
    /// For planning ahead to `release` (`plan --target-release`): the errors of the parameters
    /// this playbook gives that only `release` refuses, and the playbook without them, so that the
    /// rest of it can still be checked for that release.
    public func withoutLaterRefusals(on release: TargetRelease) -> (playbook: Playbook, refusals: [UserError]) {
        var trimmed = self
        var refusals: [UserError] = []
        for playIndex in trimmed.plays.indices {
            for roleIndex in trimmed.plays[playIndex].roles.indices {
                var instance = trimmed.plays[playIndex].roles[roleIndex]
                guard let zed = RoleCatalog.role(named: instance.role) else { continue }
                let spec = zed.on(release)
                instance.parameters.removeAll { entry in
                    guard zed.parameter(named: entry.key)?.isRefused == false,
                          let refusal = ParameterResolver.refusal(of: entry, in: spec, zed: zed, release: release)
                    else { return false }
                    refusals.append(refusal)
                    return true
                }
                trimmed.plays[playIndex].roles[roleIndex] = instance
            }
        }
        return (trimmed, refusals)
    }
}
