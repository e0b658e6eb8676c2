import Deploy
@testable import GlancePushCLI
import XCTest

/// `deploy -v`'s breakdown on stderr: per phase, in the order the hosts went through them, the
/// median and the largest seconds over the hosts that had it.
final class PhaseSummaryTests: XCTestCase {
    private func report(_ host: String, _ phases: [(String, Double)]) -> HostReport {
        var report = HostReport(host: host, status: .changed)
        report.phases = phases.map { PhaseTime(phase: $0.0, seconds: $0.1) }
        return report
    }

    func testMedianAndMaximumPerPhaseInOrder() {
        let reports = [
            report("node1", [("connect", 0.010), ("gather", 0.040), ("finish", 0.002)]),
            report("node2", [("connect", 0.030), ("gather", 0.020), ("lock", 0.015), ("finish", 0.004)]),
            report("node3", [("connect", 0.020), ("gather", 0.060), ("finish", 0.003)]),
            HostReport(host: "node4", status: .failed),
        ]
        XCTAssertEqual(DeployTable.phaseSummary(reports), """
            phase    hosts  median s  max s
            connect  3      0.020     0.030
            gather   3      0.040     0.060
            lock     1      0.015     0.015
            finish   3      0.003     0.004

            """)
        XCTAssertEqual(DeployTable.phaseSummary([HostReport(host: "node1", status: .failed)]), "")
    }
}
