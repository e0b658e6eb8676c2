import Basics

/// `--max-fail K|P%`: how many hosts may fail before no further batch starts.
public enum FailureLimit: Sendable, Equatable, ExpressibleByIntegerLiteral {
    case count(Int)
    /// Percent of the hosts the rollout covers, rounded down.
    case percent(Int)

    public init(integerLiteral value: Int) {
        self = .count(value)
    }

    public static func parse(_ text: String) throws -> FailureLimit {
        if text.hasSuffix("%"), let percent = Int(text.dropLast()), (0...100).contains(percent) { return .percent(percent) }
        if let count = Int(text), count >= 0 { return .count(count) }
        throw UserError("invalid --max-fail '\(text)': expected a number of hosts (0 or more) or a percentage like '10%'")
    }

    /// Failed hosts tolerated among `hosts`; one more stops the rollout.
    public func allowed(of hosts: Int) -> Int {
        switch self {
        case .count(let count): return count
        case .percent(let percent): return percent * hosts / 100
        }
    }

    public var description: String {
        switch self {
        case .count(let count): return "\(count)"
        case .percent(let percent): return "\(percent)%"
        }
    }
}
