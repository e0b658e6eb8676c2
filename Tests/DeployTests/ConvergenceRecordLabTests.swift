@testable import Deploy
import Foundation
import LabSupport
import Planner
import Playbook
import XCTest

/// The convergence record on a real node (lab node 8, real glance-api): a converged node answers
/// a noop without sending a file; any change behind the record, by hand or in the playbook,
/// sends the files again and is repaired.
final class ConvergenceRecordLabTests: XCTestCase {
    private let node = 8
    private let config = "/etc/glance/glance-api.conf"

    override func setUpWithError() throws {
        try Lab.up(10)
    }

    private func deploy(_ playbook: String = LabDeploy.labPlaybook, options: DeployOptions = DeployOptions()) throws -> HostReport {
        let reports = try LabDeploy.deploy(playbook, nodes: [node], options: options)
        XCTAssertEqual(reports.count, 1)
        return reports[0]
    }

    private func pid() throws -> String { try LabDeploy.run(node, "cat /run/glance/glance-api.pid") }

    /// What the node answers to the fact script, with the digests a deploy would send.
    private func factOutput() throws -> String {
        let input = try LabDeploy.inputs(LabDeploy.labPlaybook, hosts: try LabDeploy.hosts([node]))[0]
        let outputs = try input.render(.debian12Zed)
        let digests = ConvergenceRecord.Digests(host: input.host.name, render: input.render, rendered: [.debian12Zed: outputs])
        let connection = try LabDeploy.connect(node)
        defer { connection.close() }
        return try FactGatherer.fetch(FactGatherer.Request(outputs: outputs), digests: digests, on: connection,
                                      host: input.host.name, lock: .none) { _ in }
    }

    func testAConvergedNodeAnswersWithoutItsFilesAndEveryChangeBehindTheRecordIsRepaired() throws {
        try LabDeploy.run(node, "rm -f \(ConvergenceRecord.path)")
        let first = try deploy()
        XCTAssertNotEqual(first.status, .failed, first.error ?? "")
        XCTAssertNil(first.convergedByRecord)
        let record = try LabDeploy.run(node, "stat -c '%a %U' \(ConvergenceRecord.path); cat \(ConvergenceRecord.path)")
        XCTAssertTrue(record.hasPrefix("600 root\n"), record)
        XCTAssertNotNil(record.wholeMatch(of: /600 root\n[0-9a-f]{64} [0-9a-f]{64}\n/), record)

        let answer = try factOutput()
        XCTAssertTrue(answer.contains("\nconverged "), answer)
        XCTAssertFalse(answer.contains("\nfile "), "no file is sent")
        XCTAssertLessThan(answer.utf8.count, 1000, answer)

        let planned = try LabDeploy.run(node, "cat \(config)")
        let running = try pid()
        let noop = try deploy()
        XCTAssertEqual(noop.status, .unchanged, noop.error ?? "")
        XCTAssertEqual(noop.convergedByRecord, true)
        XCTAssertEqual(try pid(), running)

        // A managed value edited by hand: read, restored byte for byte, glance-api restarted.
        try LabDeploy.run(node, "sed -i 's/^workers = 1$/workers = 9/' \(config)")
        XCTAssertTrue(try factOutput().contains("\nfile "), "the fingerprint no longer matches: the files are sent")
        let repaired = try deploy()
        XCTAssertEqual(repaired.status, .changed, repaired.error ?? "")
        XCTAssertNil(repaired.convergedByRecord)
        XCTAssertEqual(repaired.changedFiles, [config])
        XCTAssertEqual(repaired.restarted, ["glance-api"])
        XCTAssertEqual(try LabDeploy.run(node, "cat \(config)"), planned)
        XCTAssertEqual(try deploy().convergedByRecord, true, "recorded again")

        // Only the mode changed.
        try LabDeploy.run(node, "chmod 0644 \(config)")
        let mode = try deploy()
        XCTAssertEqual(mode.status, .changed, mode.error ?? "")
        XCTAssertEqual(mode.changedFiles, [config])
        XCTAssertEqual(try LabDeploy.run(node, "stat -c '%a %U:%G' \(config)"), "640 root:glance\n")

        // Another playbook: its digest differs, the files are read and changed.
        let workers = try LabDeploy.playbook(workers: 3)
        let changed = try deploy(workers)
        XCTAssertEqual(changed.status, .changed, changed.error ?? "")
        XCTAssertNil(changed.convergedByRecord)
        XCTAssertTrue(try LabDeploy.run(node, "cat \(config)").contains("\nworkers = 3\n"))
        XCTAssertEqual(try deploy(workers).convergedByRecord, true)
        XCTAssertEqual(try deploy().status, .changed, "back to lab.yml")
    }

    func testDiffReadsTheFilesAndCheckWritesNoRecord() throws {
        XCTAssertNotEqual(try deploy().status, .failed)
        let diff = try deploy(options: DeployOptions(diff: true))
        XCTAssertEqual(diff.status, .unchanged, diff.error ?? "")
        XCTAssertNil(diff.convergedByRecord, "--diff reads the files")

        try LabDeploy.run(node, "rm -f \(ConvergenceRecord.path)")
        let check = try deploy(options: DeployOptions(check: true))
        XCTAssertEqual(check.status, .unchanged, check.error ?? "")
        XCTAssertEqual(try LabDeploy.run(node, "ls \(ConvergenceRecord.path) 2>&1 >/dev/null | wc -l"), "1\n",
                       "--check changes nothing on the node, not even the record")
        XCTAssertNil(try deploy().convergedByRecord)
        XCTAssertEqual(try deploy(options: DeployOptions(check: true)).convergedByRecord, true, "--check may use a record")
    }
}
