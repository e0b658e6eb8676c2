import Foundation

/// Parsing a host's facts and planning it hold several copies of its files (hundreds of KB).
/// With `--forks 100` a hundred hosts would do that at once on a few cores: no faster, and
/// a hundred times the memory. The gate lets as many in as there are cores; the network waits
/// stay outside it.
enum PlanningGate {
    private static let slots = DispatchSemaphore(value: max(2, ProcessInfo.processInfo.activeProcessorCount))

    static func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        slots.wait()
        defer { slots.signal() }
        return try body()
    }
}
