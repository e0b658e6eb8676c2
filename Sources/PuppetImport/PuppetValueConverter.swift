import Basics
import Playbook

/// Evaluates manifest values into playbook values: variables resolved, facts mapped, the rest
/// kept as text with a warning.
struct PuppetValueConverter {
    var scope: PuppetScope
    var warnings: [PuppetDiagnostic] = []

    init(scope: PuppetScope) {
        self.scope = scope
    }

    mutating func warn(_ message: String, at location: SourceLocation) {
        warnings.append(PuppetDiagnostic(message, at: location))
    }

    mutating func convert(_ expression: PuppetExpression) -> PuppetYAMLValue {
        let at = expression.location
        switch expression.value {
        case .string(let string):
            return .string(text(of: string))
        case .number(let text):
            return number(text, at: at)
        case .boolean(let flag):
            return .boolean(flag)
        case .undef:
            return .null
        case .bareword(let word):
            return .string(word)
        case .variable(let variable):
            switch scope.resolve(variable) {
            case .value(let value):
                return value
            case .template(let template):
                noteFact(variable.spelling, template, at: at)
                return .string(template)
            case .unresolved(let reason):
                warn("\(reason); kept as the text '\(variable.spelling)'", at: at)
                return .string(variable.spelling)
            }
        case .array(let items):
            return .sequence(items.map { convert($0) })
        case .hash(let entries):
            return .mapping(entries.map { PuppetYAMLEntry(key: key(of: $0.key), value: convert($0.value)) })
        case .reference(let type, let titles):
            let text = Self.spelling(type: type, titles: titles)
            warn("resource reference '\(text)' has no playbook meaning; kept as text", at: at)
            return .string(text)
        case .call(let name, let arguments, let source):
            return call(name, arguments, source: source, at: at)
        case .regex(let pattern):
            warn("regular expression '/\(pattern)/' kept as the text '\(pattern)'", at: at)
            return .string(pattern)
        }
    }

    private mutating func key(of expression: PuppetExpression) -> PuppetYAMLValue {
        let value = convert(expression)
        switch value {
        case .string, .number, .boolean: return value
        default:
            warn("a hash key must be a string, a number or a boolean", at: expression.location)
            return .string(PuppetYAMLWriter.inline(value))
        }
    }

    /// A double-quoted string with its interpolations replaced where they can be.
    private mutating func text(of string: PuppetString) -> String {
        var result = ""
        for part in string.parts {
            switch part {
            case .text(let text):
                result += text
            case .interpolation(let interpolation):
                result += interpolated(interpolation)
            }
        }
        return result
    }

    private mutating func interpolated(_ interpolation: PuppetInterpolation) -> String {
        let at = interpolation.location
        guard let variable = interpolation.variable else {
            warn("expression '\(interpolation.source)' is not evaluated; kept as text", at: at)
            return interpolation.source
        }
        switch scope.resolve(variable) {
        case .template(let template):
            noteFact(variable.spelling, template, at: at)
            return template
        case .value(.string(let text)), .value(.number(let text)):
            return text
        case .value(.boolean(let flag)):
            return flag ? "true" : "false"
        case .value(.null):
            warn("'\(variable.spelling)' is undef; interpolated as an empty string", at: at)
            return ""
        case .value:
            warn("'\(variable.spelling)' holds an array or a hash; '\(interpolation.source)' kept as text", at: at)
            return interpolation.source
        case .unresolved(let reason):
            warn("\(reason); '\(interpolation.source)' kept as text", at: at)
            return interpolation.source
        }
    }

    private mutating func noteFact(_ spelling: String, _ template: String, at location: SourceLocation) {
        if template == "{{ ansible_host }}" {
            warn("'\(spelling)' written as '\(template)', the address glance-push connects to", at: location)
        }
    }

    /// Octal and hexadecimal become decimal (YAML 1.1 and 1.2 read `0750` differently).
    private mutating func number(_ text: String, at location: SourceLocation) -> PuppetYAMLValue {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let sign = negative ? "-" : ""
        if digits.lowercased().hasPrefix("0x") {
            guard let value = Int(digits.dropFirst(2), radix: 16) else { return outOfRange(text, at: location) }
            return .number(sign + String(value))
        }
        if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy(\.isNumber) {
            guard let value = Int(digits, radix: 8) else { return outOfRange(text, at: location) }
            warn("octal number '\(text)' written as \(sign)\(value); quote it in the manifest if a string was meant", at: location)
            return .number(sign + String(value))
        }
        if digits.allSatisfy(\.isNumber) {
            return Int(digits) == nil ? outOfRange(text, at: location) : .number(text)
        }
        guard let value = Double(text), value.isFinite else { return outOfRange(text, at: location) }
        return .number(digits.contains(".") && !digits.lowercased().contains("e") ? text : String(value))
    }

    private mutating func outOfRange(_ text: String, at location: SourceLocation) -> PuppetYAMLValue {
        warn("number '\(text)' is out of range; kept as a string", at: location)
        return .string(text)
    }

    static func spelling(type: String, titles: [PuppetExpression]) -> String {
        let inner = titles.map { title -> String in
            switch title.value {
            case .string(let string): return "'" + (string.literal ?? "…") + "'"
            case .bareword(let word), .number(let word): return word
            default: return "…"
            }
        }
        return titles.isEmpty ? type : "\(type)[\(inner.joined(separator: ", "))]"
    }
}
