@testable import Deploy
import Inventory
import Playbook
import XCTest

/// How restarts are batched across plays (pure: no host is contacted).
final class RolloutTests: XCTestCase {
    private struct Host { var name: String; var group: RolloutGroup }

    private func names(_ hosts: [Host], serial: [SerialStep]? = nil) -> [[String]] {
        Rollout.batches(hosts, group: \.group, serial: serial).map { $0.map(\.name) }
    }

    func testPlaysGoInOrderAndNeighboursWithoutSerialRestartTogether() {
        let serialOne = RolloutGroup(order: 1, serial: [.count(1)], size: 2)
        let hosts = [Host(name: "db1", group: RolloutGroup(order: 0)), Host(name: "ctl1", group: serialOne),
                     Host(name: "ctl2", group: serialOne), Host(name: "mon1", group: RolloutGroup(order: 2)),
                     Host(name: "mon2", group: RolloutGroup(order: 3))]
        XCTAssertEqual(names(hosts), [["db1"], ["ctl1"], ["ctl2"], ["mon1", "mon2"]])
        XCTAssertEqual(names(hosts, serial: [.count(2)]), [["db1"], ["ctl1", "ctl2"], ["mon1"], ["mon2"]],
                       "--serial replaces every play's serial; each play is still batched on its own")
    }

    func testPercentagesCountThePlaysHostsNotOnlyThoseThatRestart() {
        let group = RolloutGroup(order: 0, serial: [.percent(30)], size: 10)
        let hosts = (1...4).map { Host(name: "ctl\($0)", group: group) }
        XCTAssertEqual(names(hosts), [["ctl1", "ctl2", "ctl3"], ["ctl4"]])
        let steps = RolloutGroup(order: 0, serial: [.count(1), .percent(50)], size: 4)
        XCTAssertEqual(names((1...4).map { Host(name: "h\($0)", group: steps) }), [["h1"], ["h2", "h3"], ["h4"]])
    }

    func testFailureLimits() throws {
        XCTAssertEqual(try FailureLimit.parse("2").allowed(of: 10), 2)
        XCTAssertEqual(try FailureLimit.parse("25%").allowed(of: 10), 2)
        XCTAssertEqual(try FailureLimit.parse("0%").allowed(of: 10), 0)
        for bad in ["-1", "x", "101%", "1.5"] {
            XCTAssertThrowsError(try FailureLimit.parse(bad)) {
                XCTAssertEqual("\($0)", "invalid --max-fail '\(bad)': expected a number of hosts (0 or more) or a percentage like '10%'")
            }
        }
    }

    private func inputs(_ yaml: String, serialOverridden: Bool = false) throws -> [DeployInput] {
        let inventory = try Inventory.parse("[controllers]\nctl1\nctl2\n[databases]\nctl1\n", file: "hosts.ini")
        let playbook = try Playbook.parse(yaml, file: "site.yml", secrets: nil)
        return try playbook.deployInputs(try playbook.targets(in: inventory, selected: inventory.hosts),
                                         serialOverridden: serialOverridden)
    }

    private let twoPlays = """
        - name: db
          hosts: databases
          pre_restart: "echo db {{ inventory_hostname }}"
          roles: { glance::api: { workers: 1 } }
        - name: api
          hosts: controllers
          serial: 1
          pre_restart: "echo api {{ inventory_hostname }}"
          post_restart: ["echo done"]
          roles: { glance::api: { workers: 1 } }

        """

    func testAPlayWithSerialBatchesTheHostsItSharesWithPlaysWithout() throws {
        let shared = try inputs(twoPlays)
        XCTAssertEqual(shared.map(\.host.name), ["ctl1", "ctl2"])
        XCTAssertEqual(shared.map(\.rollout), [RolloutGroup(order: 1, serial: [.count(1)], size: 2),
                                              RolloutGroup(order: 1, serial: [.count(1)], size: 2)],
                       "ctl1 is in the db play too, which sets no serial: the api play's serial 1 batches it")
        XCTAssertEqual(shared[0].hooks, RestartHooks(pre: ["echo db ctl1", "echo api ctl1"], post: ["echo done"]),
                       "every play's hooks, in playbook order")
        XCTAssertEqual(shared[1].hooks, RestartHooks(pre: ["echo api ctl2"], post: ["echo done"]))
    }

    func testHostsInPlaysWithDifferentSerialAreRefusedUnlessOverridden() throws {
        let conflicting = twoPlays.replacingOccurrences(of: "  hosts: databases\n", with: "  hosts: databases\n  serial: 2\n")
        XCTAssertThrowsError(try inputs(conflicting)) {
            XCTAssertEqual("\($0)", """
                site.yml:6:3: host ctl1 is in plays with different serial: 'db' at site.yml:1:3 (serial 2) and \
                'api' at site.yml:6:3 (serial 1); give them the same serial, or override both with --serial
                """)
        }
        let overridden = try inputs(conflicting, serialOverridden: true)
        XCTAssertEqual(overridden.map(\.rollout.order), [0, 1], "the first play with a serial batches the host")
    }
}
