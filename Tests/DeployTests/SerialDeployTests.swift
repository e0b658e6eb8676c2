import Deploy
import Foundation
import LabSupport
import XCTest

/// `deploy --serial 1`: files go out everywhere at once, restarts one host at a time, each
/// waiting for the previous one to be healthy; at every moment 2 of 3 nodes answer.
final class SerialDeployTests: XCTestCase {
    private let nodes = [1, 2, 3]

    override func setUpWithError() throws {
        try Lab.up(3)
        let converged = try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: nodes)
        XCTAssertFalse(converged.contains { $0.status == .failed }, "\(converged.map { $0.error ?? "" })")
    }

    override func tearDownWithError() throws {
        _ = try? LabDeploy.deploy(LabDeploy.labPlaybook, nodes: nodes)
    }

    func testSerialOneRestartsOneHostAtATime() throws {
        let sampler = AvailabilitySampler(addresses: nodes.map(Lab.address))
        sampler.start()
        let reports = try LabDeploy.deploy(try LabDeploy.playbook(workers: 2), nodes: nodes,
                                           options: DeployOptions(serial: ["1"]))
        let samples = sampler.stop()
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.map { $0.error ?? "" })")
        XCTAssertEqual(reports.map(\.restarted), [["glance-api"], ["glance-api"], ["glance-api"]])
        AvailabilitySampler.assertOneAtATime(samples)
    }
}
