import Basics
import Playbook

/// What `import` does with one parameter of a class, read from the role catalog: every parameter
/// it writes is one `plan` accepts, where puppet-glance Zed has it.
enum PuppetParameterPlan: Equatable {
    /// Written as given; `note` for a legacy parameter the role's own code translates.
    case keep(note: String?)
    /// Written to the role and parameter that hold it in puppet-glance Zed.
    case move(to: ParameterSpec.Successor, note: String)
    /// Not written; the warning says why.
    case leaveOut(String)

    static func plan(_ name: String, of spec: RoleSpec, value: PuppetYAMLValue) -> PuppetParameterPlan {
        guard let parameter = spec.parameter(named: name) else {
            let names = spec.parameters.map(\.name)
            return .leaveOut(NearestName.message("unknown parameter '\(name)' for role '\(spec.name)'", for: name,
                                                 among: names) + "; left out")
        }
        switch parameter.effect {
        case .dropped(let reason), .refused(let reason):
            return .leaveOut("'\(name)' left out: \(reason)")
        default:
            break
        }
        if let successor = parameter.successor,
           let modern = RoleCatalog.role(named: successor.role)?.parameter(named: successor.parameter) {
            if let problem = PuppetValueCheck.problem(value, for: modern) { return .leaveOut("'\(name)' left out: \(problem)") }
            let place = successor.role == spec.name ? "'\(successor.parameter)'" : "\(successor.role) '\(successor.parameter)'"
            return .move(to: successor, note: "'\(name)' is \(place) in puppet-glance Zed; imported there")
        }
        if let problem = PuppetValueCheck.problem(value, for: parameter) { return .leaveOut("'\(name)' left out: \(problem)") }
        if case .legacy(let reason) = parameter.effect { return .keep(note: "'\(name)' was \(reason)") }
        return .keep(note: nil)
    }
}

/// The type check `plan` makes of a literal value (ParameterResolver), made at import so that a
/// value plan would refuse is left out with the reason. Values with `{{ … }}` wait for plan.
enum PuppetValueCheck {
    static func problem(_ value: PuppetYAMLValue, for parameter: ParameterSpec) -> String? {
        let type = parameter.type
        switch value {
        case .string(let text), .number(let text):
            return scalarProblem(text, for: parameter)
        case .boolean(let flag):
            return scalarProblem(flag ? "true" : "false", for: parameter)
        case .null:
            return nil
        case .sequence(let items):
            switch type {
            case .list, .stringOrList:
                return items.allSatisfy(isScalar) ? nil : "items of '\(parameter.name)' must be strings"
            default:
                return "it must be \(type.expectation), got a list"
            }
        case .mapping(let entries):
            switch type {
            case .raw: return nil
            case .map: return entries.allSatisfy { isScalar($0.value) } ? nil : "the values of '\(parameter.name)' must be strings"
            default: return "it must be \(type.expectation), got a mapping"
            }
        }
    }

    private static func isScalar(_ value: PuppetYAMLValue) -> Bool {
        switch value {
        case .string, .number, .boolean: return true
        case .null, .sequence, .mapping: return false
        }
    }

    private static func scalarProblem(_ text: String, for parameter: ParameterSpec) -> String? {
        let type = parameter.type
        switch type {
        case .stringOrList, .string: return nil
        case .list, .map, .raw: return "it must be \(type.expectation), got a string"
        default: break
        }
        guard !text.contains("{{"), type.scalarValue(text) == nil else { return nil }
        let shown = parameter.isSecret || PuppetSecretRegistry.isSecretName(parameter.name) ? "<secret>" : "'\(text)'"
        return "it must be \(type.expectation), got \(shown)"
    }
}
