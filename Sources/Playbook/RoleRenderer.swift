import Inventory

/// Renders resolved role instances: each parameter to its targets, then the role's own code.
struct RoleRenderer {
    var play: [ResolvedRole]
    var host: InventoryHost?
    var release: TargetRelease
    var secrets: Secrets?

    func check(_ role: ResolvedRole) throws {
        try role.spec.check(RoleRendering(role: role, play: play, host: host, release: release, secrets: secrets))
    }

    func render(_ role: ResolvedRole) throws -> RoleOutput {
        var rendering = RoleRendering(role: role, play: play, host: host, release: release, secrets: secrets)
        let namesAreUnique = role.spec.hasUniqueParameterNames
        for parameter in role.spec.parameters {
            // With a name given twice, writing it uses the first parameter of that name.
            let known = namesAreUnique ? parameter : nil
            switch parameter.effect {
            case .writes(let targets):
                for target in targets { try rendering.write(parameter.name, to: target, known: known) }
            case .translated(let targets, let reason) where role.parameters[parameter.name]?.value != nil:
                for target in targets { try rendering.write(parameter.name, to: target, known: known) }
                let keys = targets.map { "[\($0.section)] \($0.key ?? parameter.name)" }
                    .joined(separator: " and ")
                rendering.warn("'\(parameter.name)' \(reason); written as \(keys)", at: parameter.name)
            case .dropped(let reason) where role.parameters[parameter.name] != nil:
                rendering.warn("'\(parameter.name)' is ignored: \(reason)", at: parameter.name)
            default:
                break
            }
        }
        try role.spec.render(&rendering)
        return rendering.output
    }
}
