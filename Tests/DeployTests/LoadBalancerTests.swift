@testable import Deploy
import Basics
import Foundation
import Inventory
import Playbook
import XCTest

/// A play's `load_balancer` becomes each host's `Balancing`, and HAProxy's `show stat` is read
/// by column name: pure, no balancer needed (ZeroDowntimeTests is the proof on HAProxy).
final class LoadBalancerTests: XCTestCase {
    private let controllers = (1...2).map { InventoryHost(name: "ctl\($0)", vars: ["ansible_host": "127.0.0.\(10 + $0)"]) }
    private let balancer = InventoryHost(name: "lb1", vars: ["ansible_host": "127.0.0.5"])

    private func inputs(_ text: String, balancers: [InventoryHost]? = nil) throws -> [DeployInput] {
        let playbook = try Playbook.parse(text, file: "lb.yml", secrets: nil)
        let targets = controllers.map { host in
            PlaybookTarget(host: host, plays: playbook.plays.filter { $0.hosts == "all" || $0.hosts == host.name })
        }
        return try playbook.deployInputs(targets) { _ in balancers ?? [self.balancer] }
    }

    private let roles = "  roles:\n    glance::api:\n      workers: 1\n"

    func testTheSettingGivesEveryHostItsServerAndTheBounds() throws {
        let inputs = try inputs("""
            - hosts: all
              load_balancer:
                hosts: loadbalancers
                backend: glance_api_back
                server: "{{ inventory_hostname }}-api"
                drain_timeout: 5
            \(roles)
            """)
        XCTAssertEqual(inputs.map(\.balancing), controllers.map { host in
            Balancing(balancers: [balancer], backend: "glance_api_back", server: "\(host.name)-api",
                      socket: "/run/haproxy/admin.sock", drainTimeout: 5, upTimeout: 60)
        })
    }

    func testMistakesAreRefusedAtTheirLine() throws {
        let cases: [(String, String)] = [
            ("  load_balancer:\n    hosts: lbs\n    backnd: glance_api\n",
             "lb.yml:4:5: unknown load_balancer key 'backnd' (did you mean 'backend'?)"),
            ("  load_balancer:\n    hosts: lbs\n", "lb.yml:3:5: load_balancer needs 'backend'"),
            ("  load_balancer:\n    hosts: lbs\n    backend: b\n    up_timeout: soon\n",
             "lb.yml:5:17: load_balancer 'up_timeout' must be a number of seconds above 0 and at most 3600"),
            ("  load_balancer:\n    hosts: lbs\n    backend: b\n    socket: admin.sock\n",
             "lb.yml:3:5: load_balancer socket must be an absolute path, got 'admin.sock'"),
            ("  load_balancer: lbs\n", "lb.yml:2:18: 'load_balancer' must be a mapping with 'hosts' and 'backend', got a string"),
        ]
        for (setting, message) in cases {
            XCTAssertThrowsError(try inputs("- hosts: all\n" + setting + roles)) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testPlaysWithDifferentSettingsForOneHostAndEmptyOrSelfBalancersAreRefused() throws {
        let twoPlays = """
            - hosts: all
              load_balancer: {hosts: lbs, backend: a}
            \(roles)- hosts: ctl2
              load_balancer: {hosts: lbs, backend: b}
              roles: {}
            """
        XCTAssertThrowsError(try inputs(twoPlays)) { error in
            XCTAssertEqual("\(error)", "lb.yml:7:18: host ctl2 is in plays with different load_balancer settings: "
                + "the play at lb.yml:1:3 and the play at lb.yml:6:3")
        }
        let play = "- hosts: all\n  load_balancer: {hosts: lbs, backend: a}\n" + roles
        XCTAssertThrowsError(try inputs(play, balancers: [])) { error in
            XCTAssertEqual("\(error)", "lb.yml:2:18: load_balancer hosts 'lbs' match no host of the inventory")
        }
        XCTAssertThrowsError(try inputs(play, balancers: [controllers[0]])) { error in
            XCTAssertEqual("\(error)", "lb.yml:2:18: host ctl1 is its own load balancer (load_balancer hosts 'lbs'): "
                + "it cannot be drained from itself")
        }
    }

    /// Columns as HAProxy 2.6 prints them (header cut after `status`'s neighbours).
    func testShowStatIsReadByColumnName() {
        let csv = """
            # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,check_status
            glance_api,FRONTEND,,,0,5,9981,473,28143,528748,0,0,0,,,,,OPEN,,
            glance_api,node1,0,0,3,1,,2,118,3800,,0,,0,0,0,0,DRAIN,1,L7OK
            glance_api,node2,0,0,0,1,,2,118,3800,,0,,0,0,0,0,DOWN 1/2,1,L4CON

            """
        XCTAssertEqual(HAProxyRuntime.parse(csv, backend: "glance_api", server: "node1"),
                       HAProxyRuntime.ServerStat(sessions: 3, status: "DRAIN"))
        XCTAssertEqual(HAProxyRuntime.parse(csv, backend: "glance_api", server: "node2"),
                       HAProxyRuntime.ServerStat(sessions: 0, status: "DOWN 1/2"))
        XCTAssertNil(HAProxyRuntime.parse(csv, backend: "glance_api", server: "node3"))
        XCTAssertNil(HAProxyRuntime.parse(csv, backend: "other", server: "node1"))
        XCTAssertNil(HAProxyRuntime.parse("Unknown command.\n", backend: "glance_api", server: "node1"))
    }
}
