import Deploy
import Foundation
import XCTest

/// The per-phase breakdown of `--report` and `-v`: a step lasts until the host's next one,
/// steps of one phase add up, hosts are timed apart.
final class PhaseClockTests: XCTestCase {
    func testAStepLastsUntilTheNextAndAPhasesStepsAddUp() throws {
        let clock = PhaseClock()
        let zero = Date(timeIntervalSince1970: 1_000)
        clock.begin("node1", "connect", at: zero)
        clock.begin("node2", "connect", at: zero)
        clock.begin("node1", "health glance-api", at: zero.addingTimeInterval(0.5))
        clock.begin("node1", "pre_restart: echo hi", at: zero.addingTimeInterval(2))
        clock.begin("node1", "health glance-registry", at: zero.addingTimeInterval(2.25))
        clock.begin("node1", "finish", at: zero.addingTimeInterval(3))
        XCTAssertEqual(clock.phases(of: "node1", until: zero.addingTimeInterval(3.125)), [
            PhaseTime(phase: "connect", seconds: 0.5), PhaseTime(phase: "health", seconds: 2.25),
            PhaseTime(phase: "pre_restart", seconds: 0.25), PhaseTime(phase: "finish", seconds: 0.125),
        ])
        XCTAssertEqual(clock.phases(of: "node2", until: zero.addingTimeInterval(4)), [PhaseTime(phase: "connect", seconds: 4)])
        XCTAssertNil(clock.phases(of: "node3"))
    }
}
