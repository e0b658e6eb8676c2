import Deploy
import Foundation
import LabSupport
import Playbook
import XCTest

/// Restarts in batches: files go out everywhere at once, then restarts one batch at a time,
/// each healthy before the next. Order is read from the nodes' side (`RestartOrder`).
final class SerialDeployTests: XCTestCase {
    private let nodes = [1, 2, 3]
    private var scratch: URL!
    private var hookLog: String { scratch.appendingPathComponent("hooks.log").path }

    override func setUpWithError() throws {
        try Lab.up(3)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-serial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let converged = try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: nodes)
        XCTAssertFalse(converged.contains { $0.status == .failed }, "\(converged.map { $0.error ?? "" })")
    }

    override func tearDownWithError() throws {
        _ = try? LabDeploy.deploy(try LabDeploy.restorePlaybook(), nodes: nodes)
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// lab.yml with `workers: 2`, no glance-manage one-shot, and `extra` play keys (serial, hooks) after `hosts:`.
    private func playbook(_ extra: String) throws -> String {
        let path = scratch.appendingPathComponent("serial.yml").path
        try LabDeploy.labText(workers: 2, syncDB: false)
            .replacingOccurrences(of: "- hosts: controllers\n", with: "- hosts: controllers\n" + extra)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testSerialFlagRestartsOneHostAtATime() throws {
        let sampler = AvailabilitySampler(addresses: nodes.map(Lab.address))
        sampler.start()
        let reports = try LabDeploy.deploy(try LabDeploy.playbook(workers: 2, syncDB: false), nodes: nodes,
                                           options: DeployOptions(serial: [.count(1)]))
        let samples = sampler.stop()
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.map { $0.error ?? "" })")
        XCTAssertEqual(reports.map(\.restarted), [["glance-api"], ["glance-api"], ["glance-api"]])
        AvailabilitySampler.assertOneAtATime(samples)
    }

    /// The play's own `serial: 1`, no flag: pre_restart, the new glance-api, post_restart, node
    /// after node, and never two nodes down at once.
    func testPlaySerialAndHooksGoNodeByNode() throws {
        let path = try playbook("""
              serial: 1
              pre_restart: "\(RestartOrder.hook("pre", log: hookLog))"
              post_restart: ["\(RestartOrder.hook("post", log: hookLog))"]

            """)
        let sampler = AvailabilitySampler(addresses: nodes.map(Lab.address))
        sampler.start()
        let reports = try LabDeploy.deploy(path, nodes: nodes)
        let samples = sampler.stop()
        XCTAssertEqual(reports.map(\.status), [.changed, .changed, .changed], "\(reports.map { $0.error ?? "" })")
        AvailabilitySampler.assertOneAtATime(samples)
        try RestartOrder.assertNodeByNode(log: hookLog, nodes: nodes, run: LabDeploy.run)
        // Converged: nothing restarts, so no hook runs.
        try FileManager.default.removeItem(atPath: hookLog)
        XCTAssertEqual(try LabDeploy.deploy(path, nodes: nodes).map(\.status), [.unchanged, .unchanged, .unchanged])
        XCTAssertFalse(FileManager.default.fileExists(atPath: hookLog))
    }

    /// A failing pre_restart fails its host before its restart; with --max-fail 0 the later
    /// batch is not restarted, with --max-fail 1 it is.
    func testFailingHookStopsTheRolloutUnlessMaxFailAllowsIt() throws {
        let path = try playbook("""
              serial: 1
              pre_restart: "[ {{ inventory_hostname }} != node2 ]"

            """)
        let before = try nodes.map { try LabDeploy.run($0, "cat /run/glance/glance-api.pid") }
        let reports = try LabDeploy.deploy(path, nodes: nodes)
        XCTAssertEqual(reports.map(\.status), [.changed, .failed, .failed])
        XCTAssertEqual(reports[1].error, "pre_restart: `[ node2 != node2 ]` ended with exit status 1")
        XCTAssertEqual(reports[2].error,
                       "not restarted: 1 host failed in earlier batches (--max-fail 0); files are written, run deploy again")
        let after = try nodes.map { try LabDeploy.run($0, "cat /run/glance/glance-api.pid") }
        XCTAssertNotEqual(after[0], before[0], "node1 restarted")
        XCTAssertEqual(after[1], before[1], "node2's hook failed: no restart")
        XCTAssertEqual(after[2], before[2], "node3 was in a later batch")

        let tolerant = try LabDeploy.deploy(path, nodes: nodes, options: DeployOptions(maxFail: 1))
        XCTAssertEqual(tolerant.map(\.status), [.unchanged, .failed, .changed], "\(tolerant.map { $0.error ?? "" })")
        XCTAssertNotEqual(try LabDeploy.run(3, "cat /run/glance/glance-api.pid"), after[2], "node3 restarted")
    }
}
