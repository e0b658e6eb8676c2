@testable import SSH
import Foundation
import LabSupport
import XCTest

/// HashKnownHosts' form, checked by OpenSSH's own ssh-keygen.
final class HashedHostNameTests: XCTestCase {
    func testAHashedNameIsOneThatSSHKeygenFinds() throws {
        let line = HashedHostName.make("[127.0.0.61]:2200") + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5K1Fb0Ebq3E8J8Lr2H6cZ5m4bSg3YkH1m6nZb0xYz9\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gp-hashed-\(UUID().uuidString)").path
        try line.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertTrue(line.hasPrefix("|1|"))
        XCTAssertFalse(line.contains("127.0.0.61"))
        let found = try Lab.shell("ssh-keygen", "-F", "[127.0.0.61]:2200", "-f", file)
        XCTAssertEqual(found.status, 0, found.output)
        XCTAssertTrue(found.output.contains("Host [127.0.0.61]:2200 found: line 1"), found.output)
        XCTAssertNotEqual(try Lab.shell("ssh-keygen", "-F", "127.0.0.61", "-f", file).status, 0)
    }

    func testTheSameSaltGivesTheSameNameAndAnotherSaltAnother() {
        let salt = [UInt8](repeating: 7, count: 20)
        XCTAssertEqual(HashedHostName.make("ctl-1", salt: salt), HashedHostName.make("ctl-1", salt: salt))
        XCTAssertNotEqual(HashedHostName.make("ctl-1"), HashedHostName.make("ctl-1"))
        XCTAssertEqual(HashedHostName.make("ctl-1", salt: salt).split(separator: "|").map { Data(base64Encoded: String($0))?.count },
                       [nil, 20, 20])
    }
}
