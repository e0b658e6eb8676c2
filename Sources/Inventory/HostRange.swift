import Foundation

/// The first token of a host line, as Ansible reads it: an optional `:port`, then host ranges
/// such as `ctl[01:03]`, `db[a:c]`, `node[1:10:2]` (nested left to right).
enum HostRange {
    struct Expansion: Equatable {
        var names: [String]
        var port: Int?
        var hasRange: Bool
    }

    static func expand(_ token: String) throws(UserError) -> Expansion {
        let (pattern, port) = splitPort(token)
        if token.hasSuffix(":") && port == nil {
            throw UserError("invalid host pattern '\(token)': ending in ':' is not allowed, this character is reserved to provide a port")
        }
        if pattern == "---" {
            throw UserError("invalid host pattern '---': '---' is normally a sign this is a YAML file (glance-push reads INI inventories)")
        }
        guard pattern.contains("[") else { return Expansion(names: [pattern], port: port, hasRange: false) }
        return Expansion(names: try expandRanges(pattern), port: port, hasRange: true)
    }

    /// Ansible's `parse_address(allow_ranges=True)`: `host:22` or `[v6 or host]:22`; a token
    /// that is no valid address after the port is split off stays whole, without a port.
    static func splitPort(_ token: String) -> (String, Int?) {
        var address = token
        var port: Int?
        if let match = address.wholeMatch(of: /\[(.+)\]:([0-9]+)/) {
            address = String(match.1)
            port = Int(match.2)
        }
        if let match = address.wholeMatch(of: /((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)/) {
            address = String(match.1)
            port = Int(match.2)
        }
        guard port != nil else { return (token, nil) }
        return isAddress(address) ? (address, port) : (token, nil)
    }

    private static func isAddress(_ address: String) -> Bool {
        let range = #"\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]"#
        let label = #"(?:[\w]|\#(range))(?:[\w_-]|\#(range))*(?<![_-])"#
        let hostname = "^\(label)(?:\\.\(label))*$"
        if address.range(of: hostname, options: [.regularExpression, .caseInsensitive]) != nil { return true }
        return address.contains(":") && address.range(of: #"^[0-9a-fA-F:.\[\]]+$"#, options: .regularExpression) != nil
    }

    private static func expandRanges(_ line: String) throws(UserError) -> [String] {
        guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), open < close else {
            throw UserError("host range in '\(line)' must be written [begin:end] or [begin:end:step]")
        }
        let head = line[..<open]
        let body = line[line.index(after: open)..<close]
        let tail = line[line.index(after: close)...]
        let bounds = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 || bounds.count == 3 else {
            throw UserError("host range '[\(body)]' must be begin:end or begin:end:step")
        }
        let begin = bounds[0].isEmpty ? "0" : bounds[0]
        let end = bounds[1]
        guard !end.isEmpty else { throw UserError("host range '[\(body)]' must specify an end value") }
        var step = 1
        if bounds.count == 3 {
            guard let value = Int(bounds[2]), value > 0 else {
                throw UserError("host range '[\(body)]' has step '\(bounds[2])'; the step must be a positive integer")
            }
            step = value
        }
        let width = begin.hasPrefix("0") && begin.count > 1 ? begin.count : 0
        if width > 0 && width != end.count {
            throw UserError("host range '[\(body)]' must specify equal-length begin and end formats")
        }
        let items: [String]
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if begin.count == 1, end.count == 1, let first = letters.firstIndex(of: Character(begin)),
           let last = letters.firstIndex(of: Character(end)) {
            guard first <= last else { throw UserError("host range '[\(body)]' must have begin <= end") }
            items = stride(from: first, through: last, by: step).map { String(letters[$0]) }
        } else {
            guard let low = Int(begin), let high = Int(end), low >= 0, high >= 0 else {
                throw UserError("host range '[\(body)]' must use numbers or single letters")
            }
            guard low <= high else { throw UserError("host range '[\(body)]' must have begin <= end") }
            items = stride(from: low, through: high, by: step).map { number in
                let digits = String(number)
                return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
            }
        }
        var names: [String] = []
        for item in items {
            let name = String(head) + item + String(tail)
            if name.contains("[") { names += try expandRanges(name) } else { names.append(name) }
        }
        return names
    }
}
