@testable import Deploy
import Foundation
import LabSupport
import Planner
import Playbook
import SSH
import XCTest

final class FactGathererTests: XCTestCase {
    override func setUpWithError() throws {
        try Lab.up(3)
    }

    func testGatherReadsFilesTemplatesPackagesAndServices() throws {
        let connection = try SSHConnection.connect(to: SSHTarget(
            host: Lab.address(1), identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 5))
        defer { connection.close() }
        _ = try connection.run("rm -f /etc/glance/glance-image-import.conf /etc/glance/nothing.conf")
        let request = FactGatherer.Request(
            paths: ["/etc/glance/glance-api.conf", "/etc/glance/glance-image-import.conf", "/etc/glance/nothing.conf"],
            packages: ["glance-api", "no-such-package"], services: ["glance-api"])
        let facts = try FactGatherer.gather(request, on: connection, host: "node1")
        let local = try String(contentsOfFile: "\(Lab.directory)/nodes/node1/root/etc/glance/glance-api.conf", encoding: .utf8)
        XCTAssertEqual(facts.files["/etc/glance/glance-api.conf"], FileFact(content: local, owner: "root", group: "glance", mode: 0o640))
        XCTAssertEqual(Set(facts.files.keys), ["/etc/glance/glance-api.conf"])
        let template = try String(contentsOfFile: "/usr/share/glance-common/glance-image-import.conf", encoding: .utf8)
        XCTAssertEqual(facts.templates, ["/etc/glance/glance-image-import.conf": template])
        let version = try Lab.shell("dpkg-query", "-W", "-f=${Version}", "glance-api").output
        let common = try Lab.shell("dpkg-query", "-W", "-f=${Version}", "glance-common").output
        // glance-common comes with every look: one dpkg-query reads the release and the packages.
        XCTAssertEqual(facts.packages, ["glance-api": version, "glance-common": common])
        XCTAssertEqual(facts.release.osID, "debian")
        XCTAssertEqual(facts.release.osVersionID, "12")
        XCTAssertEqual(facts.release.glanceMajor, 25)
        XCTAssertEqual(facts.services["glance-api"]?.enabled, true)
    }

    func testPathsWithShellCharactersStayInert() throws {
        let connection = try SSHConnection.connect(to: SSHTarget(
            host: Lab.address(1), identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 5))
        defer { connection.close() }
        let odd = "/var/lib/glance-push/odd name $(touch gp-pwned); x'y `touch gp-pwned`.conf"
        try connection.writeFileAtomically(odd, contents: Data("k = v\n".utf8), mode: 0o600)
        let facts = try FactGatherer.gather(FactGatherer.Request(paths: [odd], packages: [], services: []),
                                            on: connection, host: "node1")
        XCTAssertEqual(facts.files[odd]?.content, "k = v\n")
        XCTAssertEqual(try connection.run("ls /root/gp-pwned /var/lib/glance-push/gp-pwned gp-pwned 2>/dev/null | wc -l").stdoutText, "0\n")
        _ = try connection.run("rm -f \(ShellQuote.quote(odd))")
    }

    func testParseRejectsTruncatedOutput() {
        XCTAssertThrowsError(try FactGatherer.parse("os debian 12\nglance 2:25.1.0-2\n")) { error in
            XCTAssertEqual((error as? FactGatherer.FactParseError)?.message, "fact script output ended early")
        }
        XCTAssertThrowsError(try FactGatherer.parse("os debian 12\nfile L2V0Yy9h 640 root glance\nH4sIAAAA\nend\n")) { error in
            XCTAssertEqual((error as? FactGatherer.FactParseError)?.message,
                           "a file's contents: compressed data ends early (unreadable file?)")
        }
        XCTAssertEqual(FactGatherer.glanceMajor(fromDebianVersion: "2:25.1.0-2+deb12u5"), 25)
        XCTAssertEqual(FactGatherer.glanceMajor(fromDebianVersion: "24.0.0-0ubuntu1"), 24)
    }

    func testReleaseAndRecordAreReadFromTheLinesBeforeTheFiles() {
        let trixie = "lock free\nos debian 13\nglance 2:30.0.0-3\nrecord \nfile L2V0Yy9h 640 root glance\nnot read\nend\n"
        XCTAssertEqual(FactGatherer.header(in: trixie),
                       FactGatherer.Header(release: TargetRelease(osID: "debian", osVersionID: "13", glanceMajor: 30), record: ""))
        XCTAssertEqual(FactGatherer.header(in: "os debian 12\nglance 2:25.1.0-2+deb12u5\nconverged ab12\npkg glance-api ii 1\nend\n"),
                       FactGatherer.Header(release: .debian12Zed, converged: "ab12"))
        XCTAssertEqual(FactGatherer.header(in: "os debian 12\nglance 2:25.1.0-2\nrecord d1 f1\nend\n").record, "d1 f1")
        // What comes after the first file is not looked at.
        XCTAssertEqual(FactGatherer.header(in: "file L2V0Yy9h 640 root glance\nglance 2:30.0.0-3\nconverged x\nend\n"),
                       FactGatherer.Header(release: .debian12Zed))
    }

    func testAConvergedAnswerParsesWithoutFiles() throws {
        let facts = try FactGatherer.parse("os debian 12\nglance 2:25.1.0-2\nconverged ab12\npkg glance-api ii 2:25.1.0-2\nsvc glance-api 0 0\nend\n")
        XCTAssertEqual(facts.files, [:])
        XCTAssertEqual(facts.packages, ["glance-api": "2:25.1.0-2"])
        XCTAssertEqual(facts.services["glance-api"], ServiceState(running: true, enabled: true))
    }
}
