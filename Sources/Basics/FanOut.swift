import Foundation

/// Runs blocking per-host work in parallel on at most `forks` threads, and returns the results
/// in input order. Dedicated threads rather than Dispatch's global pool: every job blocks on
/// the network, and the pool would otherwise cap real parallelism near the core count.
public enum FanOut {
    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], forks: Int, _ body: @escaping @Sendable (Item) -> Result
    ) -> [Result] {
        guard !items.isEmpty else { return [] }
        let state = FanOutState<Result>(count: items.count)
        let workers = max(1, min(forks, items.count))
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                while let index = state.nextIndex() {
                    state.store(body(items[index]), at: index)
                }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        return state.results()
    }
}

private final class FanOutState<Result: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        defer { next += 1 }
        return next
    }

    func store(_ result: Result, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func results() -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
