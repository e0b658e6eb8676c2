import Foundation
import Logging

/// Per-host progress lines (`host  step  elapsed`). On a terminal each step redraws one
/// status line; otherwise plain lines are printed. Thread-safe.
public final class DeployProgress: Sendable {
    public let cancellation: Cancellation
    /// When each host's steps began (`--report`'s and `-v`'s per-phase times).
    public let clock = PhaseClock()
    private let lock = NSLock()
    private let started = Date()
    private let sink: @Sendable (String) -> Void
    private let enabled: Bool

    public init(enabled: Bool, cancellation: Cancellation = Cancellation(), sink: @escaping @Sendable (String) -> Void) {
        self.enabled = enabled
        self.cancellation = cancellation
        self.sink = sink
    }

    /// Announces the next step of `host`; throws instead when the run was interrupted.
    public func step(_ host: String, _ step: String) throws {
        try cancellation.check(host: host, before: step)
        announce(host, step)
    }

    public func announce(_ host: String, _ step: String) {
        clock.begin(host, step)
        Logger(label: "glance-push.deploy").debug("\(step)", metadata: ["host": "\(host)"])
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        sink(String(format: "%@  %@  %.1fs", host, step, Date().timeIntervalSince(started)))
    }

    /// A phase that is not a step of its own (waiting for the host's batch, finishing): timed,
    /// not announced.
    public func mark(_ host: String, _ phase: String) {
        clock.begin(host, phase)
    }
}
