import Basics
import Inventory

/// A string after `{{ … }}` substitution; `isSecret` when any part came from a secret.
public struct InterpolatedString: Sendable, Equatable {
    public var text: String
    public var isSecret: Bool
    /// The values of the secrets substituted into `text`, in order.
    public var secretValues: [String]
    /// `text` with each secret substituted into it as `<secret>`: how output shows it.
    public var masked: String

    public init(text: String, isSecret: Bool = false, secretValues: [String] = [], masked: String? = nil) {
        self.text = text
        self.isSecret = isSecret
        self.secretValues = secretValues
        self.masked = masked ?? text
    }
}

extension InterpolatedString {
    /// A value decrypted from Ansible Vault in the playbook: used as written, shown as `<secret>`.
    static func vaulted(_ text: String) -> InterpolatedString {
        InterpolatedString(text: text, isSecret: true, secretValues: text.isEmpty ? [] : [text], masked: "<secret>")
    }
}

/// Replaces `{{ var }}` with a host variable and `{{ secret.name }}` with a secret (so are a
/// vaulted variable and a password variable of the inventory, `SecretVariables`).
/// `inventory_hostname` is the host's name; `ansible_host` falls back to it, as Ansible connects.
/// A variable decrypted from Ansible Vault is a secret as `secret.name` is; one still sealed
/// (no password decrypts it) is its error, as in Ansible when a vaulted variable is used.
struct Interpolator: Sendable {
    var host: InventoryHost
    var secrets: Secrets?

    var variables: [String: String] {
        var variables = host.vars
        variables["inventory_hostname"] = host.name
        if variables["ansible_host"] == nil { variables["ansible_host"] = host.name }
        return variables
    }

    /// `variables[name]`, without copying the host's variables.
    func variable(_ name: String) -> String? {
        if name == "inventory_hostname" { return host.name }
        return host.vars[name] ?? (name == "ansible_host" ? host.name : nil)
    }

    func interpolate(_ text: String, at location: SourceLocation) throws -> InterpolatedString {
        var result = ""
        var masked = ""
        var isSecret = false
        var secretValues: [String] = []
        var rest = Substring(text)
        while let open = Self.range(of: "{{", in: rest) {
            result += rest[..<open.lowerBound]
            masked += rest[..<open.lowerBound]
            guard let close = Self.range(of: "}}", in: rest[open.upperBound...]) else {
                throw UserError("unclosed '{{' (expected '{{ variable }}')", at: location)
            }
            let expression = Self.trimmedBlanks(rest[open.upperBound..<close.lowerBound])
            let value = try resolve(expression, at: location)
            result += value.text
            masked += value.masked
            isSecret = isSecret || value.isSecret
            secretValues += value.secretValues
            rest = rest[close.upperBound...]
        }
        result += rest
        masked += rest
        return InterpolatedString(text: result, isSecret: isSecret, secretValues: secretValues, masked: masked)
    }

    private func resolve(_ expression: String, at location: SourceLocation) throws -> InterpolatedString {
        if expression.hasPrefix("secret.") {
            let name = String(expression.dropFirst("secret.".count))
            guard let secrets else {
                throw UserError("'{{ secret.\(name) }}' needs a secrets file (--secrets)", at: location)
            }
            guard let value = secrets.value(named: name) else {
                throw UserError(NearestName.message("unknown secret '\(name)'", for: name, among: secrets.names),
                                at: location)
            }
            return InterpolatedString(text: value, isSecret: true, secretValues: [value], masked: "<secret>")
        }
        guard Interpolator.isVariableName(expression) else {
            throw UserError("unsupported expression '{{ \(expression) }}': only '{{ variable }}' "
                + "and '{{ secret.name }}' are allowed", at: location)
        }
        if let sealed = host.sealed[expression] {
            throw UserError("variable '\(expression)' (\(sealed.location.map { "\($0)" } ?? "inventory")) cannot be used: "
                + sealed.message, at: location)
        }
        guard let value = variable(expression) else {
            throw UserError(NearestName.message("unknown variable '\(expression)' for host '\(host.name)'",
                                                for: expression, among: variables.keys.sorted()),
                            at: location)
        }
        if let secretValues = host.secrets[expression] {
            return InterpolatedString(text: value, isSecret: true, secretValues: secretValues.filter { !$0.isEmpty },
                                      masked: "<secret>")
        }
        // A password variable of the inventory (ansible_become_password…) is as secret as secrets.yml.
        if SecretVariables.contains(expression) {
            return InterpolatedString(text: value, isSecret: true, secretValues: [value], masked: SecretVariables.masked)
        }
        return InterpolatedString(text: value)
    }

    /// The expressions between `{{` and `}}`, trimmed (an unclosed `{{` ends the list).
    static func expressions(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = range(of: "{{", in: rest), let close = range(of: "}}", in: rest[open.upperBound...]) {
            found.append(trimmedBlanks(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// Foundation's `text.range(of: marker)` for an ASCII `marker`; in ASCII text, where it
    /// matches bytes, found by a byte scan (Foundation's search bridges through NSString).
    static func range(of marker: String, in text: Substring) -> Range<Substring.Index>? {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.range(of: marker) }
        let pattern = Array(marker.utf8)
        var start = bytes.startIndex
        while start != bytes.endIndex {
            var end = start
            var matched = 0
            while matched < pattern.count, end != bytes.endIndex, bytes[end] == pattern[matched] {
                matched += 1
                end = bytes.index(after: end)
            }
            if matched == pattern.count { return start..<end }
            start = bytes.index(after: start)
        }
        return nil
    }

    /// `text.trimmingCharacters(in: .whitespaces)`: in ASCII text, spaces and tabs.
    static func trimmedBlanks(_ text: Substring) -> String {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
              let last = bytes.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[first...last])
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// True when the text contains `{{`, i.e. its final value is known only per host.
    static func needsHost(_ text: String) -> Bool {
        // Foundation's `contains` (which `interpolate` agrees with) only after a byte scan:
        // most values have no braces at all.
        text.includes("{{") && text.contains("{{")
    }
}
