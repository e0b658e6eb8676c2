import Basics
import Foundation

/// The first token of a host line, as Ansible reads it: an optional `:port`, then host ranges
/// such as `ctl[01:03]`, `db[a:c]`, `node[1:10:2]` (nested left to right).
enum HostRange {
    /// The most hosts one host line may name (nested ranges multiply). A line that would name
    /// more is refused before anything is expanded: `h[1:99999999]` is a typo, not a fleet.
    static let maximumHosts = 100_000

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
        let (ranges, suffix) = try parseRanges(pattern)
        let count = hostCount(ranges)
        guard let count, count <= maximumHosts else {
            let written = count.map(String.init) ?? "more than \(Int.max)"
            throw UserError("host range '\(token)' would make \(written) hosts; a host line may make at most \(maximumHosts)")
        }
        return Expansion(names: names(ranges, suffix: suffix), port: port, hasRange: true)
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

    /// A range and the literal text before it.
    private typealias RangePart = (prefix: Substring, range: Bounds)

    /// The literal text before each range, and the range; then the text after the last one.
    private static func parseRanges(_ pattern: String) throws(UserError) -> ([RangePart], Substring) {
        var ranges: [RangePart] = []
        var rest = Substring(pattern)
        while rest.contains("[") {
            guard let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]"), open < close else {
                throw UserError("host range in '\(pattern)' must be written [begin:end] or [begin:end:step]")
            }
            ranges.append((rest[..<open], try Bounds(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        return (ranges, rest)
    }

    /// The product of the ranges' sizes; nil when it does not fit an `Int`.
    private static func hostCount(_ ranges: [RangePart]) -> Int? {
        var product = 1
        for (_, range) in ranges {
            guard let count = range.count else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: count)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Every combination, the first range varying slowest, as Ansible expands them.
    private static func names(_ ranges: [RangePart], suffix: Substring) -> [String] {
        var names = [""]
        for (prefix, range) in ranges {
            let items = range.items
            var longer: [String] = []
            longer.reserveCapacity(names.count * items.count)
            for name in names {
                for item in items { longer.append(name + prefix + item) }
            }
            names = longer
        }
        return suffix.isEmpty ? names : names.map { $0 + suffix }
    }

    /// One `[begin:end]` or `[begin:end:step]`: single letters, or numbers whose leading zeros
    /// set the width of every item.
    private enum Bounds {
        case letters(first: Int, last: Int, step: Int)
        case numbers(low: Int, high: Int, step: Int, width: Int)

        static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

        init(_ body: Substring) throws(UserError) {
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
            if begin.count == 1, end.count == 1, let first = Self.alphabet.firstIndex(of: Character(begin)),
               let last = Self.alphabet.firstIndex(of: Character(end)) {
                guard first <= last else { throw UserError("host range '[\(body)]' must have begin <= end") }
                self = .letters(first: first, last: last, step: step)
                return
            }
            guard let low = Int(begin), let high = Int(end), low >= 0, high >= 0 else {
                throw UserError("host range '[\(body)]' must use numbers or single letters")
            }
            guard low <= high else { throw UserError("host range '[\(body)]' must have begin <= end") }
            self = .numbers(low: low, high: high, step: step, width: width)
        }

        /// How many items; nil when that does not fit an `Int` (`[0:9223372036854775807]`).
        var count: Int? {
            let steps: Int
            switch self {
            case .letters(let first, let last, let step): steps = (last - first) / step
            case .numbers(let low, let high, let step, _): steps = (high - low) / step
            }
            let (count, overflow) = steps.addingReportingOverflow(1)
            return overflow ? nil : count
        }

        var items: [String] {
            switch self {
            case .letters(let first, let last, let step):
                return stride(from: first, through: last, by: step).map { String(Self.alphabet[$0]) }
            case .numbers(let low, let high, let step, let width):
                return stride(from: low, through: high, by: step).map { number in
                    let digits = String(number)
                    return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
                }
            }
        }
    }
}
