@testable import Deploy
import Foundation
import Inventory
import SSH
import Synchronization
import XCTest

/// `BecomeCheck` with a fake connector (no sshd): refused become passwords stop the command
/// before any host is used; otherwise each host gets the connection (or error) met here once.
final class BecomeCheckTests: XCTestCase {
    private final class Node: RemoteHost {
        let user = "root", address: String
        let closed = Mutex(false)
        init(_ address: String) { self.address = address }
        func exec(_ command: String, stdin: Data, timeout: Double?) throws -> CommandResult {
            CommandResult(stdout: Data(), stderr: Data(), exitStatus: 0)
        }
        func writeFilesAtomically(_ files: [FileWrite], timeout: Double?) throws {}
        func close() { closed.withLock { $0 = true } }
    }

    private final class Record: Sendable {
        let opens = Mutex<[String]>([])
        let nodes = Mutex<[String: Node]>([:])
    }

    private let become = ["ansible_become": "true"]
    private let record = Record()

    /// h-wrong: sudo refuses the password; h-down: unreachable; any other: a node.
    private var connector: HostConnector {
        let record = record
        return HostConnector { host, _ in
            record.opens.withLock { $0.append(host.name) }
            switch host.name {
            case "h-wrong": throw HostError.becomeCredentials(host: host.name, "sudo: wrong password for deploy on h-wrong (x)")
            case "h-down": throw SSHError(.connectTimeout, host: host.name, "connecting timed out")
            default:
                let node = Node(host.name)
                record.nodes.withLock { $0[host.name] = node }
                return node
            }
        }
    }

    func testARefusedPasswordStopsEverythingAndClosesWhatWasOpened() {
        let hosts = [InventoryHost(name: "h-ok", vars: become), InventoryHost(name: "h-wrong", vars: become),
                     InventoryHost(name: "h-plain"), InventoryHost(name: "h-down", vars: become)]
        XCTAssertThrowsError(try BecomeCheck.run(hosts, options: ConnectionOptions(), forks: 4, connector: connector)) {
            XCTAssertEqual($0 as? BecomeRefused, BecomeRefused(failures: [
                HostError.becomeCredentials(host: "h-wrong", "sudo: wrong password for deploy on h-wrong (x)")]))
        }
        XCTAssertEqual(record.opens.withLock { $0 }.sorted(), ["h-down", "h-ok", "h-wrong"], "hosts without become wait")
        XCTAssertEqual(record.nodes.withLock { $0["h-ok"]?.closed.withLock { $0 } }, true)
    }

    func testEachHostGetsWhatItsCheckMetOnce() throws {
        let hosts = [InventoryHost(name: "h-ok", vars: become), InventoryHost(name: "h-plain"), InventoryHost(name: "h-down", vars: become)]
        let checked = try BecomeCheck.run(hosts, options: ConnectionOptions(), forks: 4, connector: connector)
        XCTAssertEqual(record.opens.withLock { $0 }.sorted(), ["h-down", "h-ok"])
        let first = try checked.connector.open(hosts[0], ConnectionOptions())
        XCTAssertTrue(first === record.nodes.withLock { $0["h-ok"] })
        XCTAssertThrowsError(try checked.connector.open(hosts[2], ConnectionOptions())) {
            XCTAssertEqual(($0 as? SSHError)?.kind, .connectTimeout)
        }
        XCTAssertEqual(record.opens.withLock { $0 }.count, 2, "the unreachable host is not tried a second time")
        _ = try checked.connector.open(hosts[1], ConnectionOptions())
        _ = try checked.connector.open(hosts[0], ConnectionOptions())
        XCTAssertEqual(record.opens.withLock { $0 }.suffix(2), ["h-plain", "h-ok"], "later opens go to the connector")
    }

    func testUnusedConnectionsAreClosed() throws {
        let checked = try BecomeCheck.run([InventoryHost(name: "h-ok", vars: become)], options: ConnectionOptions(), forks: 1,
                                          connector: connector)
        checked.closeUnused()
        XCTAssertEqual(record.nodes.withLock { $0["h-ok"]?.closed.withLock { $0 } }, true)
    }
}
