import Basics
import Deploy
import Foundation
import SSH
import LabSupport
import XCTest

final class NodeLockTests: XCTestCase {
    private func connect(_ node: Int) throws -> SSHConnection {
        try SSHConnection.connect(to: SSHTarget(host: Lab.address(node), identityFile: Lab.clientKey,
                                                knownHostsFile: Lab.knownHosts, connectTimeout: 5))
    }

    override func setUpWithError() throws {
        try Lab.up(3)
        let connection = try connect(3)
        _ = try connection.run("rm -f \(NodeLock.path)")
        connection.close()
    }

    func testSecondRunIsRefusedWithHolderAndTime() throws {
        let first = try connect(3)
        let second = try connect(3)
        defer { first.close(); second.close() }
        let mine = NodeLock(run: "run-one")
        XCTAssertNil(try mine.acquire(on: first, host: "node3"))
        XCTAssertThrowsError(try NodeLock(run: "run-two").acquire(on: second, host: "node3")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("node3: lock: /var/lib/glance-push/lock is held by \(NodeLock.holderDescription()) since "), text)
            XCTAssertTrue(text.hasSuffix("(run run-one); another deploy is working on this node"), text)
        }
        // The refused run must not have removed or changed the holder's lock.
        XCTAssertTrue(try first.run("cat \(NodeLock.path)").stdoutText.hasPrefix("run=run-one\n"))
        try NodeLock(run: "run-two").release(on: second)
        XCTAssertTrue(try first.run("cat \(NodeLock.path)").stdoutText.hasPrefix("run=run-one\n"))
        try mine.release(on: first)
        XCTAssertEqual(try first.run("test -e \(NodeLock.path); echo $?").stdoutText, "1\n")
    }

    func testLockOfADeadConnectionIsTakenOver() throws {
        let dying = try connect(3)
        try NodeLock(run: "dead-run").acquire(on: dying, host: "node3")
        dying.close()
        // The holder's sshd session process exits with its connection.
        Thread.sleep(forTimeInterval: 0.3)
        let next = try connect(3)
        defer { next.close() }
        let recovered = try NodeLock(run: "live-run").acquire(on: next, host: "node3")
        XCTAssertEqual(recovered?.hasPrefix(NodeLock.holderDescription() + " since "), true, recovered ?? "nil")
        XCTAssertTrue(try next.run("cat \(NodeLock.path)").stdoutText.hasPrefix("run=live-run\n"))
        try NodeLock(run: "live-run").release(on: next)
    }

    func testConcurrentAcquirersOnlyOneWins() throws {
        let connections = try (0..<6).map { _ in try connect(3) }
        defer { connections.forEach { $0.close() } }
        let outcomes = FanOut.map(Array(connections.enumerated()), forks: 6) { pair -> Bool in
            do {
                try NodeLock(run: "race-\(pair.offset)").acquire(on: pair.element, host: "node3")
                return true
            } catch {
                return false
            }
        }
        XCTAssertEqual(outcomes.filter { $0 }.count, 1)
    }
}
