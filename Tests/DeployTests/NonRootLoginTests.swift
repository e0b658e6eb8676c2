import Deploy
import Foundation
import LabSupport
import XCTest

/// A login user without root rights (`deploy`, which scripts/lab creates) is told, at each step,
/// what the node said: the user, the path and the node's own message, never "BUSY".
final class NonRootLoginTests: XCTestCase {
    private let node = 5
    private var modes = ""

    override func setUpWithError() throws {
        try Lab.up(10)
        modes = try LabDeploy.run(node, "stat -c '%a %n' /etc/glance /etc/glance/*")
    }

    override func tearDownWithError() throws {
        let restore = modes.split(separator: "\n").map { "chmod \($0)" }.joined(separator: "\n")
        _ = try LabDeploy.run(node, restore + "\nchown -R root:root /var/lib/glance-push")
    }

    private func deployAsDeployUser() throws -> HostReport {
        var host = try XCTUnwrap(try LabDeploy.hosts([node]).first)
        host.vars["ansible_user"] = "deploy"
        let reports = Deployment.run(try LabDeploy.inputs(try LabDeploy.playbook(workers: 3), hosts: [host]),
                                     options: DeployOptions(), progress: DeployProgress(enabled: false) { _ in })
        XCTAssertEqual(reports.count, 1)
        return reports[0]
    }

    func testEachStepSaysWhatTheNodeRefused() throws {
        let before = try LabDeploy.sha(node)
        let releases = try LabDeploy.run(node, "ls /var/lib/glance-push/releases 2>/dev/null | wc -l")
        // A host with work takes the lock first, then reads its files under it.
        var report = try deployAsDeployUser()
        XCTAssertEqual(report.status, .failed)
        XCTAssertEqual(report.error, """
            lock: cannot take /var/lib/glance-push/lock: cannot create /var/lib/glance-push/.lock-guard: \
            Permission denied (as user deploy)
            """)

        try LabDeploy.run(node, "touch /var/lib/glance-push/.lock-guard && chown -R deploy /var/lib/glance-push")
        report = try deployAsDeployUser()
        XCTAssertEqual(report.error, """
            gather: cannot read /etc/glance/glance-api.conf as user deploy: permission denied (glance-push reads every \
            file it manages before changing it)
            """)
        XCTAssertEqual(try LabDeploy.run(node, "[ -e /var/lib/glance-push/lock ] && echo held || echo free")
            .trimmingCharacters(in: .whitespacesAndNewlines), "free", "the lock the failed look took is released")

        try LabDeploy.run(node, "chmod o+rx /etc/glance && chmod o+r /etc/glance/*.conf")
        report = try deployAsDeployUser()
        let error = try XCTUnwrap(report.error)
        XCTAssertTrue(error.hasPrefix("files: cannot write as user deploy: opening /etc/glance/.glance-api.conf.glance-push-tmp-"),
                      error)
        XCTAssertTrue(error.hasSuffix(" failed: permission denied"), error)
        XCTAssertNil(report.release, "a release that was never applied is removed")
        XCTAssertEqual(try LabDeploy.run(node, "ls /var/lib/glance-push/releases 2>/dev/null | wc -l"), releases)
        XCTAssertEqual(try LabDeploy.sha(node), before, "nothing written")
    }
}
