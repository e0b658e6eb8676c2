import Basics
@testable import Deploy
import Foundation
import LabSupport
import Planner
import Playbook
import XCTest

/// The convergence record's pure parts; `ConvergenceRecordLabTests` proves it on real nodes.
final class ConvergenceRecordTests: XCTestCase {
    /// The fingerprint this side computes is what the node's command prints for the same files.
    func testFingerprintIsWhatTheNodeCommandPrints() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let user = try Lab.shell("id", "-un").output.trimmingCharacters(in: .whitespacesAndNewlines)
        let group = try Lab.shell("id", "-gn").output.trimmingCharacters(in: .whitespacesAndNewlines)
        let files = [
            PlannedFile(path: directory + "/b.conf", content: "[DEFAULT]\nworkers = 2\n", owner: user, group: group, mode: 0o640),
            PlannedFile(path: directory + "/a file.conf", content: "ünïcode\n", owner: user, group: group, mode: 0o600),
            PlannedFile(path: directory + "/empty", content: "", owner: user, group: group, mode: 0o4755),
        ]
        for file in files {
            try Data(file.content.utf8).write(to: URL(fileURLWithPath: file.path))
            XCTAssertEqual(chmod(file.path, mode_t(file.mode)), 0)
        }
        let paths = files.map(\.path).sorted()
        let printed = try Lab.shell("/bin/sh", "-c", ConvergenceRecord.fingerprintCommand(paths: paths)).output
        let expected = try XCTUnwrap(ConvergenceRecord.fingerprint(files))
        XCTAssertEqual(printed, expected + "  -\n")

        XCTAssertEqual(chmod(files[0].path, 0o644), 0)
        let changedMode = try Lab.shell("/bin/sh", "-c", ConvergenceRecord.fingerprintCommand(paths: paths)).output
        XCTAssertNotEqual(changedMode, printed, "a mode is part of it")
        XCTAssertNil(ConvergenceRecord.fingerprint([PlannedFile(path: "/etc/a\\b", content: "", owner: "root", group: "root", mode: 0o600)]),
                     "sha256sum escapes a backslash: no record")
    }

    func testDigestNamesHostReleaseAndEveryOutput() throws {
        let outputs = [RoleOutput(role: "glance::api", settings: [
            ConfigSetting(file: "/etc/glance/glance-api.conf", section: "DEFAULT", key: "workers", value: .set("2")),
        ])]
        let digest = try ConvergenceRecord.digest(host: "node1", release: .debian12Zed, outputs: outputs)
        XCTAssertEqual(digest.count, 64)
        XCTAssertEqual(try ConvergenceRecord.digest(host: "node1", release: .debian12Zed, outputs: outputs), digest)
        XCTAssertNotEqual(try ConvergenceRecord.digest(host: "node2", release: .debian12Zed, outputs: outputs), digest)
        XCTAssertNotEqual(try ConvergenceRecord.digest(host: "node1", release: .debian13Epoxy, outputs: outputs), digest)
        var other = outputs
        other[0].settings[0].value = .set("3")
        XCTAssertNotEqual(try ConvergenceRecord.digest(host: "node1", release: .debian12Zed, outputs: other), digest)
    }

    /// A secret only the current file holds (a key no role manages) would go unmasked in a plan
    /// made without the file: such a host is not recorded, and is read whole each time.
    func testNoRecordWhenTheFileHoldsASecretTheRolesDoNotKnow() throws {
        let outputs = [RoleOutput(role: "glance::api", settings: [
            ConfigSetting(file: "/etc/glance/glance-api.conf", section: "DEFAULT", key: "workers", value: .set("2")),
        ])]
        let plain = HostFacts(files: ["/etc/glance/glance-api.conf": FileFact(content: "[DEFAULT]\nworkers = 2\n")])
        let withPassword = HostFacts(files: ["/etc/glance/glance-api.conf": FileFact(
            content: "[DEFAULT]\nworkers = 2\n[database]\nconnection = mysql+pymysql://glance:hunter2@db/glance\n")])
        let digest = try ConvergenceRecord.digest(host: "node1", release: .debian12Zed, outputs: outputs)
        let paths = ["/etc/glance/glance-api.conf"]
        let plainPlan = try Planner.plan(host: "node1", outputs: outputs, facts: plain)
        XCTAssertNotNil(ConvergenceRecord.line(for: plainPlan, outputs: outputs, release: .debian12Zed, paths: paths, digest: digest))
        let secretPlan = try Planner.plan(host: "node1", outputs: outputs, facts: withPassword)
        XCTAssertFalse(secretPlan.files[0].secrets.isEmpty)
        XCTAssertNil(ConvergenceRecord.line(for: secretPlan, outputs: outputs, release: .debian12Zed, paths: paths, digest: digest))
        XCTAssertNil(ConvergenceRecord.line(for: plainPlan, outputs: outputs, release: .debian12Zed, paths: paths + ["/etc/other"],
                                            digest: digest), "the node would fingerprint other files")
    }

    func testDigestsTravelOneLinePerSupportedRelease() {
        let digests = ConvergenceRecord.Digests(host: "node1", render: { release in
            if release == .debian13Epoxy { throw UserError("refused for Glance 30") }
            return [RoleOutput(role: "glance::api")]
        }, rendered: [:])
        let lines = String(decoding: digests.stdin, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, TargetRelease.supported.count + 1)
        XCTAssertEqual(lines[0].count, 64)
        XCTAssertEqual(lines[1], "", "a release that does not render has no digest")
    }
}
