@testable import Deploy
import Foundation
import Inventory
import LabSupport
import Playbook
import SSH
import XCTest

/// The per-host run against a fake node (no sshd): what it sends and decides. The lab tests
/// remain the proof that real nodes behave; these pin the executor's logic.
final class RunLogicTests: XCTestCase {
    private let host = InventoryHost(name: "node1", vars: ["ansible_host": "127.0.0.11"])

    private func inputs(workers: Int) throws -> [DeployInput] {
        let text = try String(contentsOfFile: LabDeploy.labPlaybook, encoding: .utf8)
            .replacingOccurrences(of: "workers: 1", with: "workers: \(workers)")
        let playbook = try Playbook.parse(text, file: "lab.yml", secrets: nil)
        return try playbook.deployInputs([PlaybookTarget(host: host, plays: playbook.plays)])
    }

    private func prepare(_ node: FakeNode, workers: Int = 1) throws -> HostRun {
        HostRun.prepare(try inputs(workers: workers)[0], options: DeployOptions(),
                        progress: DeployProgress(enabled: false) { _ in }, connector: HostConnector { _, _ in node })
    }

    private func deploy(_ node: FakeNode, workers: Int = 1) throws -> HostReport {
        let inputs = try inputs(workers: workers)
        let reports = Deployment.run(inputs, options: DeployOptions(), progress: DeployProgress(enabled: false) { _ in },
                                     connector: HostConnector { _, _ in node })
        XCTAssertEqual(reports.count, 1)
        return reports[0]
    }

    /// A fake node that a first deploy brought to lab.yml (its files as written).
    private func convergedNode(_ setup: @escaping (inout FakeNode.State) -> Void = { _ in }) throws -> FakeNode {
        let node = FakeNode()
        let first = try deploy(node)
        XCTAssertEqual(first.status, .changed, first.error ?? "")
        node.with { state in
            state.commands = []
            setup(&state)
        }
        return node
    }

    func testConvergedNodeIsOneLookWithoutTheLockAndWithoutItsFiles() throws {
        let node = try convergedNode()
        XCTAssertNotNil(node.with(\.record), "the first deploy recorded its files")
        let report = try deploy(node)
        XCTAssertEqual(report.status, .unchanged, report.error ?? "")
        XCTAssertEqual(report.convergedByRecord, true)
        let commands = node.with(\.commands)
        XCTAssertEqual(commands.count, 1, "one round trip: \(commands)")
        XCTAssertTrue(commands[0].contains("if [ -n \"$converged\" ]; then\n" + NodeLock.peekScript + "else\n"),
                      "the look only peeks at the lock when the record vouches: \(commands[0])")
    }

    func testAChangedHostIsGatheredOnceUnderTheLockTakenByTheLook() throws {
        let node = try convergedNode()
        let report = try deploy(node, workers: 2)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        let commands = node.with(\.commands)
        let looks = commands.filter { $0.contains("\necho end") }
        XCTAssertEqual(looks.count, 1, "one gather: \(commands)")
        XCTAssertEqual(commands.first, looks.first, "the first command")
        XCTAssertTrue(looks[0].contains("lock_fail()"), "it takes the lock")
        XCTAssertFalse(commands.dropFirst().contains { $0.contains("lock_fail()") }, "and nothing takes it again")
        XCTAssertTrue(commands.last?.contains("rm -f /var/lib/glance-push/lock") == true, "released last")
    }

    func testALookThatFailsAfterTakingTheLockReleasesIt() throws {
        let node = try convergedNode { $0.brokenFacts = true }
        let report = try deploy(node, workers: 2)
        XCTAssertEqual(report.status, .failed)
        XCTAssertEqual(report.error, "gather: unexpected fact line 'garbage'")
        let commands = node.with(\.commands)
        XCTAssertEqual(commands.count, 2, "\(commands)")
        XCTAssertTrue(commands[0].contains("lock_fail()"))
        XCTAssertTrue(commands[1].contains("rm -f /var/lib/glance-push/lock"), commands[1])
    }

    func testConvergedNodeWithoutARecordIsReadWholeOnceThenRecorded() throws {
        let node = try convergedNode { $0.record = nil }
        let first = try deploy(node)
        XCTAssertEqual(first.status, .unchanged, first.error ?? "")
        XCTAssertNil(first.convergedByRecord, "its files were read")
        let commands = node.with(\.commands)
        XCTAssertEqual(commands.count, 2, "the look (under the lock), then the record and the release: \(commands)")
        XCTAssertTrue(commands[0].contains("lock_fail()"), commands[0])
        XCTAssertTrue(commands[1].hasPrefix("(\n" + ConvergenceRecord.writeScript + ")\nrecorded=$?\n"), commands[1])
        XCTAssertTrue(commands[1].hasSuffix("rm -f /var/lib/glance-push/lock; fi\nexit $recorded\n"), commands[1])
        let record = try XCTUnwrap(node.with(\.record))
        XCTAssertEqual(record.count, 64 + 1 + 64, record)

        node.with { $0.commands = [] }
        XCTAssertEqual(try deploy(node).convergedByRecord, true)
        XCTAssertEqual(node.with(\.commands).count, 1)
        XCTAssertEqual(node.with(\.record), record, "a record that stands is not written again")
    }

    func testARecordThatCannotBeWrittenWarnsAndTheLockIsStillReleasedWithIt() throws {
        let failure = "mv: cannot move '/var/lib/glance-push/converged.new': Read-only file system"
        let node = try convergedNode { state in
            state.record = nil
            state.recordFailure = failure
        }
        let report = try deploy(node)
        XCTAssertEqual(report.status, .unchanged, report.error ?? "")
        XCTAssertEqual(report.warnings, ["cannot record that the files are as planned in /var/lib/glance-push/converged "
            + "(the next run reads them again): " + failure])
        let commands = node.with(\.commands)
        XCTAssertEqual(commands.count, 2, "\(commands)")
        XCTAssertTrue(commands[1].contains("rm -f /var/lib/glance-push/lock"), "the same command releases the lock")
        XCTAssertNil(node.with(\.record))
    }

    func testAFileChangedBehindTheRecordIsReadAndRestored() throws {
        let node = try convergedNode()
        let planned = try XCTUnwrap(node.with { $0.files["/etc/glance/glance-api.conf"] })
        XCTAssertTrue(planned.contains("\nworkers = 1\n"))
        node.with { $0.files["/etc/glance/glance-api.conf"] = planned.replacingOccurrences(of: "\nworkers = 1\n", with: "\nworkers = 7\n") }
        let report = try deploy(node)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertNil(report.convergedByRecord)
        XCTAssertEqual(report.changedFiles, ["/etc/glance/glance-api.conf"])
        XCTAssertEqual(node.with { $0.files["/etc/glance/glance-api.conf"] }, planned)
    }

    func testALineTheRolesDoNotManageIsKeptAndTheRecordFollowsIt() throws {
        let node = try convergedNode()
        let before = try XCTUnwrap(node.with(\.record))
        let edited = try XCTUnwrap(node.with { $0.files["/etc/glance/glance-api.conf"] }) + "# edited by hand\n"
        node.with { $0.files["/etc/glance/glance-api.conf"] = edited }
        let report = try deploy(node)
        XCTAssertEqual(report.status, .unchanged, report.error ?? "")
        XCTAssertNil(report.convergedByRecord, "the file was read: it is not the one recorded")
        XCTAssertEqual(node.with { $0.files["/etc/glance/glance-api.conf"] }, edited)
        let after = try XCTUnwrap(node.with(\.record))
        XCTAssertEqual(after.prefix(64), before.prefix(64), "same inputs")
        XCTAssertNotEqual(after, before, "other bytes")
        XCTAssertEqual(try deploy(node).convergedByRecord, true)
    }

    func testAnotherRenderingIsNotVouchedForByTheRecord() throws {
        let node = try convergedNode()
        let report = try deploy(node, workers: 2)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertNil(report.convergedByRecord)
        XCTAssertEqual(report.changedFiles, ["/etc/glance/glance-api.conf"])
        XCTAssertTrue(node.with { $0.files["/etc/glance/glance-api.conf"] }?.contains("\nworkers = 2\n") == true)
        XCTAssertEqual(try deploy(node, workers: 2).convergedByRecord, true, "recorded again after the change")
    }

    func testStaleLockOfADeadRunIsTakenOverAndReported() throws {
        let node = try convergedNode { state in
            state.lockAnswer = ["STALE", "run=dead", "holder=ops@ws pid 7", "since=2026-11-30T10:00:00Z", "session=1 2"]
        }
        let report = try deploy(node)
        XCTAssertEqual(report.status, .unchanged, report.error ?? "")
        XCTAssertEqual(report.recoveredLock, "ops@ws pid 7 since 2026-11-30T10:00:00Z")
        let commands = node.with(\.commands)
        XCTAssertEqual(commands.count, 3, "peek, take the lock and gather again, release: \(commands)")
        XCTAssertTrue(commands[1].contains("lock_fail()") && commands[1].contains("\necho end"), "gathered under the lock")
        XCTAssertTrue(commands[2].contains("rm -f /var/lib/glance-push/lock"), commands[2])
    }

    func testUnfinishedRestartOfAnEarlierRunIsFinished() throws {
        let node = try convergedNode { $0.pending = ["restart glance-api"] }
        let report = try deploy(node)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.changedFiles, [], "the files were already written")
        XCTAssertEqual(report.restarted, ["glance-api"])
        XCTAssertEqual(report.health, "ok")
        let commands = node.with(\.commands)
        XCTAssertTrue(commands.contains("service glance-api restart"), "\(commands)")
        XCTAssertTrue(commands.last?.hasPrefix(UnfinishedWork.clearScript) == true, "the marker goes once done: \(commands.last ?? "")")
        XCTAssertFalse(commands.contains { $0.contains("/var/lib/glance-push/releases/") && $0.contains("mkdir -p") },
                       "no release for a change with no file")
    }

    /// A command past its timeout says nothing of what it was doing: the host's step does.
    func testATimeoutNamesTheStepItCutShort() throws {
        let node = try convergedNode { state in
            state.writeFailure = SSHError(.timeout, host: "127.0.0.250", "timed out waiting for a command to finish")
        }
        let report = try deploy(node, workers: 2)
        XCTAssertEqual(report.status, .failed)
        XCTAssertEqual(report.error, "files: ssh: timed out waiting for a command to finish")
    }

    func testFailedWriteRemovesItsReleaseReleasesTheLockAndRestartsNothing() throws {
        let node = try convergedNode { state in
            state.writeFailure = SSHError(.sftp, host: "127.0.0.250", "writing /etc/glance/glance-api.conf failed: no space left on device")
        }
        let before = node.with(\.files)
        let report = try deploy(node, workers: 2)
        XCTAssertEqual(report.status, .failed)
        XCTAssertEqual(report.error, "ssh: writing /etc/glance/glance-api.conf failed: no space left on device")
        XCTAssertNil(report.release)
        XCTAssertEqual(node.with(\.files), before)
        let commands = node.with(\.commands)
        let staged = try XCTUnwrap(commands.first { $0.contains("mkdir -p /var/lib/glance-push/releases/") }, "\(commands)")
        let id = try XCTUnwrap(staged.firstMatch(of: /releases\/([0-9]{8}T[0-9]{6}Z-[0-9a-f]+)/)?.1)
        XCTAssertTrue(commands.contains("rm -rf -- /var/lib/glance-push/releases/\(id)"), "\(commands)")
        XCTAssertTrue(commands.last?.contains("rm -f /var/lib/glance-push/lock") == true, "lock released last")
        XCTAssertFalse(commands.contains { $0.hasPrefix("service ") }, "nothing restarted")
    }

    /// `--report`'s breakdown names each phase the run went through, in order, and its
    /// seconds add up to the host's.
    func testTheReportTimesEachPhaseInOrder() throws {
        let node = try convergedNode()
        let converged = try deploy(node)
        XCTAssertEqual(converged.phases?.map(\.phase), ["connect", "gather", "finish"])
        let changed = try deploy(node, workers: 2)
        XCTAssertEqual(changed.phases?.map(\.phase),
                       ["connect", "gather", "release", "files", "waiting", "one-shot", "services", "health", "finish"])
        let total = try XCTUnwrap(changed.phases).map(\.seconds).reduce(0, +)
        XCTAssertEqual(total, changed.seconds, accuracy: 0.05)
        XCTAssertFalse(try XCTUnwrap(changed.phases).contains { $0.seconds < 0 })
    }

    func testEachPhaseIsOneStateOfTheRun() throws {
        let node = try convergedNode()
        XCTAssertEqual(try prepare(node).trail, ["connected", "locked", "finished"], "converged: one look, no lock")
        var changed = try prepare(node, workers: 3)
        XCTAssertEqual(changed.trail, ["connected", "locked", "planned", "staged", "written"])
        XCTAssertNotNil(changed.written, "waits for its batch")
        changed.activate(hooks: RestartHooks())
        XCTAssertEqual(changed.trail.suffix(2), ["activated", "finished"])
        XCTAssertEqual(changed.report.status, .changed, changed.report.error ?? "")
        XCTAssertNil(changed.written)
        node.with { $0.writeFailure = SSHError(.sftp, host: "127.0.0.250", "no space left on device") }
        let failed = try prepare(node, workers: 4)
        XCTAssertEqual(failed.trail, ["connected", "locked", "planned", "staged", "finished"], "the write fails in staged")
        XCTAssertEqual(failed.report.status, .failed)
    }
}
