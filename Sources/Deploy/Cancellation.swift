import Synchronization

/// Set once by Ctrl-C: hosts start no new step, in-flight steps (a rename, a restart) finish,
/// locks are released.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() {
        flag.store(true, ordering: .sequentiallyConsistent)
    }

    public var isCancelled: Bool {
        flag.load(ordering: .sequentiallyConsistent)
    }

    /// Throws when cancelled, naming the step that will not start.
    func check(host: String, before step: String) throws {
        if isCancelled { throw HostError(host: host, phase: "interrupted", "stopped before \(step)") }
    }
}
