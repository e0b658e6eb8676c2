@testable import Deploy
import Foundation
import LabSupport
import SSH
import XCTest

/// File writes under sudo (`SudoFileWrite`, one command fed on stdin), run for real through this
/// machine's sudo as the lab's users, without sshd: exact bytes, owner, mode, nothing partial.
final class SudoFileWriteTests: XCTestCase {
    private var scratch = ""

    override func setUpWithError() throws {
        try BecomeLab.up()
        scratch = "/tmp/gp-sudo-write-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
    }

    override func tearDownWithError() throws {
        _ = try? Lab.shell("umount", scratch + "/small", timeout: 30)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func asRoot() throws -> SudoHost {
        try SudoHost.open(over: LocalLogin(user: "deploy"), settings: BecomeSettings(), host: "ctl01")
    }

    private func status(_ path: String) throws -> stat {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw Lab.LabError(message: "\(path): \(String(cString: strerror(errno)))") }
        return info
    }

    private func leftovers(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(SSHConnection.temporaryMarker) }
    }

    private func assertFailure(_ body: () throws -> Void, prefix: String, suffix: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let failure = error as? HostError
            XCTAssertEqual(failure?.phase, "files", file: file, line: line)
            let message = failure?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix(prefix), message, file: file, line: line)
            XCTAssertTrue(message.hasSuffix(suffix), message, file: file, line: line)
        }
    }

    func testSeveralFilesInOneCommandEachExactWithOwnerAndMode() throws {
        let deploy = try BecomeLab.uid("deploy"), group = try BecomeLab.gid("deploy-pw")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: scratch + "/a.conf"))
        let oldInode = try status(scratch + "/a.conf").st_ino
        // Sizes around dd's 64 KiB blocks, bytes that look like framing (newlines, NULs).
        let big = Data((0..<65537).map { UInt8(truncatingIfNeeded: $0 * 7) }), block = Data(repeating: 10, count: 65536)
        let files = [
            FileWrite(path: scratch + "/a.conf", contents: Data("[DEFAULT]\nnew = 1\n".utf8), mode: 0o640,
                      owner: FileOwnership(uid: 0, gid: group)),
            FileWrite(path: scratch + "/empty", contents: Data(), mode: 0o600, owner: FileOwnership(uid: deploy, gid: group)),
            FileWrite(path: scratch + "/big", contents: big, mode: 0o755),
            FileWrite(path: scratch + "/block", contents: block, mode: 0o4750, owner: FileOwnership(uid: deploy, gid: 0)),
        ]
        let login = LocalLogin(user: "deploy")
        let host = try SudoHost.open(over: login, settings: BecomeSettings(), host: "ctl01")
        try host.writeFilesAtomically(files)
        XCTAssertEqual(login.sent.count, 2, "the check at connect, then one command for every file")
        for file in files {
            XCTAssertEqual(FileManager.default.contents(atPath: file.path), file.contents, file.path)
            let info = try status(file.path)
            XCTAssertEqual(info.st_mode & 0o7777, file.mode, file.path)
            XCTAssertEqual(info.st_uid, file.owner?.uid ?? 0, file.path)
            XCTAssertEqual(info.st_gid, file.owner?.gid ?? 0, file.path)
        }
        XCTAssertNotEqual(try status(scratch + "/a.conf").st_ino, oldInode, "renamed over, not written in place")
        XCTAssertEqual(try leftovers(scratch), [])
    }

    func testAFailureBeforeTheRenamesLeavesEveryTargetAsItWas() throws {
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: scratch + "/a.conf"))
        let before = try status(scratch + "/a.conf")
        let files = [FileWrite(path: scratch + "/a.conf", contents: Data("new\n".utf8), mode: 0o644),
                     FileWrite(path: scratch + "/missing/b.conf", contents: Data("b\n".utf8), mode: 0o644)]
        assertFailure({ try self.asRoot().writeFilesAtomically(files) },
                      prefix: "opening \(scratch)/missing/.b.conf\(SSHConnection.temporaryMarker)",
                      suffix: " failed: no such file or directory")
        let after = try status(scratch + "/a.conf")
        XCTAssertEqual(FileManager.default.contents(atPath: scratch + "/a.conf"), Data("old\n".utf8))
        XCTAssertEqual([after.st_ino, UInt(after.st_mtim.tv_sec), UInt(after.st_mtim.tv_nsec)],
                       [before.st_ino, UInt(before.st_mtim.tv_sec), UInt(before.st_mtim.tv_nsec)])
        XCTAssertEqual(try leftovers(scratch), [], "the first file's temporary file is removed")
    }

    func testABecomeUserWithoutTheRightsIsNamedWithWhatTheNodeSaid() throws {
        let asDeployPW = try SudoHost.open(over: LocalLogin(user: "deploy"), settings: BecomeSettings(user: "deploy-pw"),
                                           host: "ctl01")
        assertFailure({ try asDeployPW.writeFilesAtomically([FileWrite(path: self.scratch + "/a.conf", contents: Data("x".utf8),
                                                                       mode: 0o644)]) },
                      prefix: "cannot write as user deploy-pw: opening \(scratch)/.a.conf\(SSHConnection.temporaryMarker)",
                      suffix: " failed: permission denied")
        let own = scratch + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: false)
        XCTAssertEqual(chown(own, try BecomeLab.uid("deploy-pw"), 0), 0)
        assertFailure({ try asDeployPW.writeFilesAtomically([FileWrite(path: own + "/a.conf", contents: Data("x".utf8), mode: 0o644,
                                                                       owner: FileOwnership(uid: 0, gid: 0))]) },
                      prefix: "cannot write as user deploy-pw: setting owner and mode of \(own)/.a.conf\(SSHConnection.temporaryMarker)",
                      suffix: " failed: operation not permitted")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: own), [], "the temporary file is removed")
    }

    /// What arrives is checked before the rename: stdin cut short (or bytes shifted) never
    /// becomes a file.
    func testBytesThatDidNotArriveAsSentAreNeverRenamedIntoPlace() throws {
        let write = SudoFileWrite([FileWrite(path: scratch + "/a.conf", contents: Data("0123456789".utf8), mode: 0o644)],
                                  temporaries: [scratch + "/.a.conf.tmp"])
        let short = try LocalLogin(user: "root").exec(write.script, stdin: Data("0123456".utf8), timeout: 30)
        XCTAssertThrowsError(try write.check(short, host: "ctl01", user: "root")) {
            XCTAssertEqual($0 as? HostError, HostError(host: "ctl01", phase: "files",
                                                       "writing \(scratch)/.a.conf.tmp failed: 10 bytes sent, 7 arrived"))
        }
        let shifted = try LocalLogin(user: "root").exec(write.script, stdin: Data("x0123456789".utf8), timeout: 30)
        XCTAssertThrowsError(try write.check(shifted, host: "ctl01", user: "root")) {
            XCTAssertEqual(($0 as? HostError)?.message, "writing \(scratch)/.a.conf.tmp failed: 10 bytes sent, 10 arrived")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [])
    }

    func testNoSpaceLeftIsSaidAndTheOldFileStays() throws {
        let small = scratch + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: false)
        XCTAssertEqual(try Lab.shell("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small, timeout: 30).status, 0)
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: small + "/a.conf"))
        assertFailure({ try self.asRoot().writeFilesAtomically([FileWrite(path: small + "/a.conf",
                                                                          contents: Data(repeating: 65, count: 200_000), mode: 0o644)]) },
                      prefix: "writing \(small)/.a.conf\(SSHConnection.temporaryMarker)", suffix: " failed: no space left on device")
        XCTAssertEqual(FileManager.default.contents(atPath: small + "/a.conf"), Data("old\n".utf8))
        XCTAssertEqual(try leftovers(small), [])
    }

    func testAFailedRenameSaysWhatMvSaid() throws {
        try FileManager.default.createDirectory(atPath: scratch + "/a.conf/inside", withIntermediateDirectories: true)
        let write = SudoFileWrite([FileWrite(path: scratch + "/a.conf", contents: Data("x".utf8), mode: 0o644)],
                                  temporaries: [scratch + "/.a.conf.tmp"])
        let result = try LocalLogin(user: "root").exec(write.script, stdin: write.input, timeout: 30)
        XCTAssertThrowsError(try write.check(result, host: "ctl01", user: "root")) {
            XCTAssertEqual(($0 as? HostError)?.message, """
                renaming the new file into place failed: mv: cannot overwrite directory '\(scratch)/a.conf' with non-directory
                """)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), ["a.conf"])
    }
}
