import Foundation

/// Per-host progress lines (`host  step  elapsed`). On a terminal each step redraws one
/// status line; otherwise plain lines are printed. Thread-safe.
public final class Progress: Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let sink: @Sendable (String) -> Void
    private let enabled: Bool

    public init(enabled: Bool, sink: @escaping @Sendable (String) -> Void) {
        self.enabled = enabled
        self.sink = sink
    }

    public func step(_ host: String, _ step: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        sink(String(format: "%@  %@  %.1fs", host, step, Date().timeIntervalSince(started)))
    }
}
