@testable import Deploy
import Foundation
import Inventory
import SSH
import XCTest

/// restart, ping and releases open hosts through the same `HostConnector` as deploy and give
/// the same `HostOutcome`: pinned here on fake nodes (the lab tests prove them on sshd).
final class CommandOutcomeTests: XCTestCase {
    private let hosts = (1...3).map { InventoryHost(name: "node\($0)", vars: ["ansible_host": "127.0.0.\(10 + $0)"]) }

    /// node2 cannot be reached: `open` fails for it the way SSH does.
    private let connector = HostConnector { host, _ in
        guard host.name != "node2" else { throw SSHError(.connect, host: "127.0.0.12", "cannot connect to 127.0.0.12 port 22: Connection refused") }
        return FakeNode()
    }

    func testRollingRestartStopsAfterTheFailedBatchAndLeavesTheRestUntouched() throws {
        let targets = hosts.map { RollingRestart.Target(host: $0, healthURL: "http://\($0.vars["ansible_host"]!):9292/versions") }
        let outcome = try RollingRestart.run(targets, options: RollingRestart.Options(batch: ["1"], forks: 3),
                                             progress: DeployProgress(enabled: false) { _ in }, connector: connector)
        XCTAssertEqual(outcome.hosts.map(\.status), [.restarted, .failed, .untouched])
        XCTAssertEqual(outcome.hosts.map(\.batch), [1, 2, nil])
        XCTAssertEqual(outcome.hosts[1].error, "ssh: cannot connect to 127.0.0.12 port 22: Connection refused")
        XCTAssertEqual(outcome.stoppedAfterBatch, 2)
    }

    func testPingAndReleasesNameTheFailureTheSameWay() {
        let pings = Ping.run(hosts: hosts, options: ConnectionOptions(), forks: 3, connector: connector)
        XCTAssertEqual(pings.map(\.status), [.ok, .failed, .ok])
        XCTAssertEqual(pings.map(\.address), ["127.0.0.250", "127.0.0.12", "127.0.0.250"], "the address connected to")
        XCTAssertEqual(pings[1].error, "cannot connect to 127.0.0.12 port 22: Connection refused")
        let listings = ReleaseListing.run(hosts: hosts, options: ConnectionOptions(), forks: 3, connector: connector)
        XCTAssertEqual(listings.map(\.failed), [false, true, false])
        XCTAssertEqual(listings.map(\.releases), [[], [], []])
        XCTAssertEqual(listings[1].error, "ssh: cannot connect to 127.0.0.12 port 22: Connection refused")
    }
}
