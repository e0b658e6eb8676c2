import Deploy
import Foundation
import XCTest

/// The one per-host outcome type: a detail's fields read as the outcome's own, and the
/// `--report` JSON keeps them beside host, status, error and seconds in one object.
final class HostOutcomeTests: XCTestCase {
    func testDeployReportEncodesFlatAndDecodesBack() throws {
        var report = HostReport(host: "node1", status: .changed)
        report.changedFiles = ["/etc/glance/glance-api.conf"]
        report.restarted = ["glance-api"]
        report.health = "ok"
        report.seconds = 1.5
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        XCTAssertEqual(json, #"{"changedFiles":["\/etc\/glance\/glance-api.conf"],"health":"ok","host":"node1","#
            + #""oneShots":[],"packagesInstalled":[],"restarted":["glance-api"],"seconds":1.5,"started":[],"#
            + #""status":"changed","warnings":[]}"#)
        XCTAssertEqual(try JSONDecoder().decode(HostReport.self, from: Data(json.utf8)), report)
    }

    func testAFailureIsNamedErrorWhateverTheCommand() throws {
        var failed = HostReport(host: "node2", status: .interrupted)
        failed.error = "interrupted: stopped by SIGINT"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(failed), as: UTF8.self)
        XCTAssertTrue(json.contains(#""error":"interrupted: stopped by SIGINT""#), json)
        XCTAssertTrue(failed.failed)
        XCTAssertFalse(HostReport(host: "node3", status: .wouldChange).failed)
        XCTAssertEqual(HostStatus.untouched.rawValue, "not touched")
    }
}
