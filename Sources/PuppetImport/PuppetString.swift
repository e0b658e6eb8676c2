import Basics
import Playbook

/// A quoted string of a manifest. Single-quoted strings are one `.text`; double-quoted ones
/// alternate text and `$var` / `${…}` interpolations.
public struct PuppetString: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case interpolation(PuppetInterpolation)
    }

    public var parts: [Part]
    public var isDoubleQuoted: Bool

    public init(parts: [Part], isDoubleQuoted: Bool) {
        self.parts = parts
        self.isDoubleQuoted = isDoubleQuoted
    }

    /// The text when nothing is interpolated.
    public var literal: String? {
        var text = ""
        for part in parts {
            guard case .text(let piece) = part else { return nil }
            text += piece
        }
        return text
    }
}

/// `$name`, `${::fqdn}` or `${facts['fqdn']}` inside a double-quoted string.
public struct PuppetInterpolation: Sendable, Equatable {
    /// nil when the braces hold an expression the importer does not evaluate.
    public var variable: PuppetVariable?
    /// As written, `${...}` or `$name`, so it can be kept as text.
    public var source: String
    public var location: SourceLocation

    public init(variable: PuppetVariable?, source: String, location: SourceLocation) {
        self.variable = variable
        self.source = source
        self.location = location
    }
}

/// A variable reference: `$pw`, `$::fqdn`, `$glance::params::x`, `$facts['networking']['ip']`.
public struct PuppetVariable: Sendable, Equatable {
    /// Without `$` and without a leading `::`.
    public var name: String
    /// Written with a leading `::` (top scope, or a fact).
    public var isTopScope: Bool
    /// `['networking']['ip']` → `["networking", "ip"]`.
    public var keys: [String]

    public init(name: String, isTopScope: Bool = false, keys: [String] = []) {
        self.name = name
        self.isTopScope = isTopScope
        self.keys = keys
    }

    /// Reads `::fqdn`, `pw`, `facts['networking']['fqdn']` (the text after `$`, or inside `${}`).
    init?(reference text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        let isTopScope = rest.hasPrefix("::")
        if isTopScope { rest = rest.dropFirst(2) }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard let first = name.first, first.isLowercase || first == "_", !name.hasSuffix(":") else { return nil }
        rest = rest.dropFirst(name.count)
        var keys: [String] = []
        while !rest.isEmpty {
            guard rest.hasPrefix("['") || rest.hasPrefix("[\""), let quote = rest.dropFirst().first else { return nil }
            let body = rest.dropFirst(2)
            guard let close = body.firstIndex(of: quote), body[body.index(after: close)...].hasPrefix("]") else {
                return nil
            }
            keys.append(String(body[..<close]))
            rest = body[body.index(close, offsetBy: 2)...]
        }
        self.init(name: String(name), isTopScope: isTopScope, keys: keys)
    }

    /// How the manifest spells it, e.g. `$::fqdn` or `$facts['fqdn']`.
    public var spelling: String {
        "$" + (isTopScope ? "::" : "") + name + keys.map { "['\($0)']" }.joined()
    }
}
