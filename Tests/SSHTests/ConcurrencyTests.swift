import Basics
import Deploy
import Foundation
import Inventory
import SSH
import LabSupport
import XCTest

final class ConcurrencyTests: XCTestCase {
    override func setUpWithError() throws {
        try Lab.up(10)
    }

    private func labHosts(_ count: Int) throws -> [InventoryHost] {
        let inventory = try Inventory.load(path: Lab.inventory)
        return Array(inventory.hosts.prefix(count))
    }

    func testPingTenHostsAtOnce() throws {
        let outcomes = Ping.run(hosts: try labHosts(10), options: ConnectionOptions(), forks: 10)
        XCTAssertEqual(outcomes.map(\.host), (1...10).map { "node\($0)" })
        XCTAssertEqual(outcomes.map(\.hostname), (1...10).map { "node\($0)" })
        XCTAssertEqual(outcomes.compactMap(\.error), [])
        XCTAssertEqual(outcomes.map(\.address), (1...10).map { Lab.address($0) })
    }

    /// Ten sessions, each in its own thread, each running a 1 s command: parallel means ~1 s.
    func testSessionsRunInParallelFromDifferentThreads() throws {
        let targets = (1...10).map {
            SSHTarget(host: Lab.address($0), identityFile: Lab.clientKey, knownHostsFile: Lab.knownHosts, connectTimeout: 5)
        }
        let connections = FanOut.map(targets, forks: 10) { try? SSHConnection.connect(to: $0) }
        let open = connections.compactMap { $0 }
        XCTAssertEqual(open.count, 10)
        let started = Date()
        let names = FanOut.map(open, forks: 10) { connection in
            (try? connection.run("sleep 1; hostname").stdoutText) ?? "failed"
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(names, (1...10).map { "node\($0)\n" })
        XCTAssertLessThan(elapsed, 3, "10 × 1 s commands took \(elapsed) s: not parallel")
        open.forEach { $0.close() }
    }

    func testForksLimitsConcurrency() throws {
        let started = Date()
        let results = FanOut.map(Array(0..<6), forks: 2) { index -> Int in
            Thread.sleep(forTimeInterval: 0.3)
            return index * 2
        }
        XCTAssertEqual(results, [0, 2, 4, 6, 8, 10])
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.85)
    }

    func testOneFailingHostDoesNotHarmTheOthers() throws {
        var hosts = try labHosts(3)
        hosts.insert(InventoryHost(name: "ghost", vars: ["ansible_host": "127.0.0.253"]), at: 1)
        let outcomes = Ping.run(hosts: hosts, options: ConnectionOptions(knownHostsFile: Lab.knownHosts), forks: 4)
        XCTAssertEqual(outcomes.map(\.hostname), ["node1", nil, "node2", "node3"])
        XCTAssertEqual(outcomes[1].error, "cannot connect to 127.0.0.253 port 22: Connection refused (3 attempts)")
    }
}
