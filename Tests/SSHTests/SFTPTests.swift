import Foundation
import SSH
import LabSupport
import XCTest

final class SFTPTests: XCTestCase {
    private var connection: SSHConnection!
    private let directory = "/var/lib/glance-push/sftp-test"

    override func setUpWithError() throws {
        try Lab.up(10)
        connection = try SSHConnection.connect(to: SSHTarget(
            host: Lab.address(2), identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 5))
        _ = try connection.run("rm -rf \(directory) && mkdir -p \(directory)")
    }

    override func tearDownWithError() throws {
        _ = try connection.run("rm -rf \(directory)")
        connection.close()
    }

    private func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    func testBinaryRoundTripKeepsBytesAndMode() throws {
        let path = directory + "/blob.bin"
        let bytes = randomBytes(1_500_000) + Data([0, 10, 13, 0, 255])
        try connection.writeFileAtomically(path, contents: bytes, mode: 0o640, owner: FileOwnership(uid: 0, gid: 0))
        XCTAssertEqual(try connection.readFile(path), bytes)
        let stat = try XCTUnwrap(try connection.stat(path))
        XCTAssertEqual(stat.mode, 0o640)
        XCTAssertEqual(stat.size, UInt64(bytes.count))
        XCTAssertEqual(stat.uid, 0)
        XCTAssertTrue(stat.isRegularFile)
        let remote = try connection.run("stat -c '%a %s' \(path); sha256sum < \(path)").stdoutText
        let localHash = try Lab.shell("sha256sum", input: bytes).output.prefix(64)
        XCTAssertEqual(remote, "640 \(bytes.count)\n\(localHash)  -\n")
    }

    func testOwnerIsSetOnTheNewFile() throws {
        let path = directory + "/owned.conf"
        let glance = try connection.run("id -u glance; id -g glance").stdoutText.split(separator: "\n").compactMap { UInt32($0) }
        XCTAssertEqual(glance.count, 2)
        try connection.writeFileAtomically(path, contents: Data("a = 1\n".utf8), mode: 0o600,
                                           owner: FileOwnership(uid: 0, gid: glance[1]))
        XCTAssertEqual(try connection.run("stat -c '%U:%G %a' \(path)").stdoutText, "root:glance 600\n")
    }

    func testReplaceIsAtomicAndLeavesNoTemporaryFile() throws {
        let path = directory + "/glance-api.conf"
        try connection.writeFileAtomically(path, contents: Data("old\n".utf8), mode: 0o644)
        let inodeBefore = try connection.run("stat -c %i \(path)").stdoutText
        // A reader holding the old file keeps seeing the old bytes: the new file is a new inode.
        try connection.writeFileAtomically(path, contents: Data("new\n".utf8), mode: 0o640)
        XCTAssertEqual(try connection.readFile(path), Data("new\n".utf8))
        XCTAssertNotEqual(try connection.run("stat -c %i \(path)").stdoutText, inodeBefore)
        XCTAssertEqual(try connection.run("ls -A \(directory)").stdoutText, "glance-api.conf\n")
        XCTAssertEqual(try connection.stat(path)?.mode, 0o640)
    }

    func testFailedWriteLeavesOldFileAndNoTemporary() throws {
        let path = directory + "/keep.conf"
        try connection.writeFileAtomically(path, contents: Data("precious\n".utf8), mode: 0o644)
        // A file where the target's directory should be: the rename cannot succeed.
        XCTAssertThrowsError(try connection.writeFileAtomically(path + "/child", contents: Data("x".utf8), mode: 0o644)) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .sftp)
        }
        // An uid that cannot be set by a non-root user is not testable as root; a directory as
        // target makes `mv -T` fail after the temporary file was fully written.
        _ = try connection.run("mkdir \(directory)/adir && touch \(directory)/adir/inside")
        XCTAssertThrowsError(try connection.writeFileAtomically(directory + "/adir", contents: Data("x".utf8), mode: 0o644)) { error in
            XCTAssertEqual("\(error)", "127.0.0.12: renaming the new file into place failed: mv: cannot overwrite directory '\(self.directory)/adir' with non-directory")
        }
        XCTAssertEqual(try connection.readFile(path), Data("precious\n".utf8))
        XCTAssertEqual(try connection.run("ls -A \(directory)").stdoutText, "adir\nkeep.conf\n")
    }

    func testSeveralFilesAreWrittenBeforeAnyIsRenamed() throws {
        let first = directory + "/one.conf"
        let second = directory + "/two.conf"
        try connection.writeFilesAtomically([
            FileWrite(path: first, contents: Data("1 old\n".utf8), mode: 0o644),
            FileWrite(path: second, contents: Data("2 old\n".utf8), mode: 0o644),
        ])
        // The second target's directory does not exist: its temporary file cannot be created,
        // so the first file must not have been replaced either.
        XCTAssertThrowsError(try connection.writeFilesAtomically([
            FileWrite(path: first, contents: Data("1 new\n".utf8), mode: 0o644),
            FileWrite(path: directory + "/missing/three.conf", contents: Data("3\n".utf8), mode: 0o644),
        ]))
        XCTAssertEqual(try connection.readFile(first), Data("1 old\n".utf8))
        XCTAssertEqual(try connection.run("ls -A \(directory)").stdoutText, "one.conf\ntwo.conf\n")
        try connection.writeFilesAtomically([
            FileWrite(path: first, contents: Data("1 new\n".utf8), mode: 0o600),
            FileWrite(path: second, contents: Data("2 new\n".utf8), mode: 0o640),
        ])
        XCTAssertEqual(try connection.run("cat \(first) \(second); stat -c %a \(first) \(second)").stdoutText,
                       "1 new\n2 new\n600\n640\n")
    }

    func testStatOfMissingFileIsNil() throws {
        XCTAssertNil(try connection.stat(directory + "/missing"))
        XCTAssertThrowsError(try connection.readFile(directory + "/missing")) { error in
            XCTAssertEqual("\(error)", "127.0.0.12: opening \(self.directory)/missing failed: no such file or directory")
        }
    }

    func testEmptyFile() throws {
        let path = directory + "/empty"
        try connection.writeFileAtomically(path, contents: Data(), mode: 0o600)
        XCTAssertEqual(try connection.readFile(path), Data())
        XCTAssertEqual(try connection.stat(path)?.size, 0)
    }
}
