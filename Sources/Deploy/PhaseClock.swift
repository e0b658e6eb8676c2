import Foundation
import Synchronization

/// Time one phase of a host's run took: the steps announced under that phase's name (the
/// step's first word: `health glance-api` is `health`), summed.
public struct PhaseTime: Sendable, Equatable, Codable {
    public var phase: String
    public var seconds: Double

    public init(phase: String, seconds: Double) {
        self.phase = phase
        self.seconds = seconds
    }
}

/// When each host's steps began, for the per-phase breakdown of `--report` and `-v`: a step
/// lasts until the host's next step (or `phases(of:)`'s end).
public final class PhaseClock: Sendable {
    private let starts = Mutex<[String: [(phase: String, at: Date)]]>([:])

    public init() {}

    public func begin(_ host: String, _ step: String, at time: Date = Date()) {
        let phase = String(step.prefix { $0 != " " && $0 != ":" })
        starts.withLock { $0[host, default: []].append((phase, time)) }
    }

    /// The step the host began last: where it is now (or was when it stopped).
    public func currentStep(of host: String) -> String? {
        starts.withLock { $0[host]?.last?.phase }
    }

    /// The host's phases in the order they first began, each with its total seconds until
    /// `end`; nil when no step of the host was seen.
    public func phases(of host: String, until end: Date = Date()) -> [PhaseTime]? {
        let steps = starts.withLock { $0[host] ?? [] }
        guard !steps.isEmpty else { return nil }
        var order: [String] = []
        var totals: [String: Double] = [:]
        for (index, step) in steps.enumerated() {
            let stepEnd = index + 1 < steps.count ? steps[index + 1].at : max(end, step.at)
            if totals[step.phase] == nil { order.append(step.phase) }
            totals[step.phase, default: 0] += stepEnd.timeIntervalSince(step.at)
        }
        return order.map { PhaseTime(phase: $0, seconds: totals[$0] ?? 0) }
    }
}
