import Inventory
import Playbook
import XCTest

final class InterpolationTests: XCTestCase {
    private func bindHost(_ value: String, host: InventoryHost = Sample.host) throws -> ConfigSetting.Value? {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: "\(value)"
            """, host: host)
        return outputs.flatMap(\.settings).first { $0.key == "bind_host" }?.value
    }

    func testHostVariablesAndBuiltins() throws {
        XCTAssertEqual(try bindHost("{{ ansible_host }}"), .set("10.0.0.11"))
        XCTAssertEqual(try bindHost("{{inventory_hostname}}.example.net"), .set("ctl01.example.net"))
        XCTAssertEqual(try bindHost("{{ ansible_host }}", host: InventoryHost(name: "ctl09")), .set("ctl09"))
        XCTAssertEqual(try bindHost("{{ keystone_host }}-{{ ansible_host }}"), .set("keystone.example.net-10.0.0.11"))
    }

    func testUnknownVariableAtRenderSuggestsNearest() {
        XCTAssertEqual(Sample.error { try self.bindHost("{{ ansible_hots }}") as Any },
                       "site.yml:4:18: unknown variable 'ansible_hots' for host 'ctl01' (did you mean 'ansible_host'?)")
    }

    func testHostVariablesWaitForRender() throws {
        XCTAssertNoThrow(try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::api: { bind_host: "{{ not_defined_yet }}" }
            """))
    }

    func testUnsupportedExpression() {
        XCTAssertEqual(Sample.error { try self.bindHost("{{ ansible_host | default('0.0.0.0') }}") as Any },
                       "site.yml:4:18: unsupported expression '{{ ansible_host | default('0.0.0.0') }}': only "
                        + "'{{ variable }}' and '{{ secret.name }}' are allowed")
    }

    func testUnclosedBraces() {
        XCTAssertEqual(Sample.error { try self.bindHost("{{ ansible_host") as Any },
                       "site.yml:4:18: unclosed '{{' (expected '{{ variable }}')")
    }

    func testInterpolatedValueIsTypeCheckedPerHost() {
        let host = InventoryHost(name: "ctl02", vars: ["api_port": "ninety"])
        XCTAssertEqual(Sample.error { try Sample.render("""
            - hosts: controllers
              roles:
                glance::api: { bind_port: "{{ api_port }}" }
            """, host: host) }, "site.yml:3:31: 'bind_port' must be a port number from 1 to 65535, got 'ninety'")
    }

    func testWorkersFromProcessorCount() throws {
        func workers(_ cpus: String?) throws -> ConfigSetting.Value? {
            let host = InventoryHost(name: "h", vars: cpus.map { ["ansible_processor_vcpus": $0] } ?? [:])
            let outputs = try Sample.render("- hosts: all\n  roles:\n    glance::api:\n", host: host)
            return outputs.flatMap(\.settings).first { $0.key == "workers" }?.value
        }
        XCTAssertEqual(try workers(nil), .set("2"))
        XCTAssertEqual(try workers("2"), .set("2"))
        XCTAssertEqual(try workers("10"), .set("5"))
        XCTAssertEqual(try workers("64"), .set("12"))
    }

    func testPlayShapeAndRestartCommands() throws {
        let playbook = try Sample.playbook("""
            - name: api
              hosts: controllers
              serial: [1, "50%"]
              pre_restart: "haproxy-ctl disable glance/{{ inventory_hostname }}"
              post_restart:
                - "haproxy-ctl enable glance/{{ inventory_hostname }}"
              roles:
                glance::backend::multistore::rbd:
                  - { id: a }
                  - { id: b }
            """)
        let play = try XCTUnwrap(playbook.plays.first)
        XCTAssertEqual(play.name, "api")
        XCTAssertEqual(play.hosts, "controllers")
        XCTAssertEqual(play.serial, [.count(1), .percent(50)])
        XCTAssertEqual(play.roles.map(\.displayName),
                       ["glance::backend::multistore::rbd[a]", "glance::backend::multistore::rbd[b]"])
        let commands = try playbook.restartCommands(play: play, host: Sample.host)
        XCTAssertEqual(commands.pre, ["haproxy-ctl disable glance/ctl01"])
        XCTAssertEqual(commands.post, ["haproxy-ctl enable glance/ctl01"])
    }

    func testRenderOnlyIncludedPlays() throws {
        let playbook = try Sample.playbook("""
            - hosts: controllers
              roles:
                glance::cache::cleaner:
            - hosts: databases
              roles:
                glance::db::mysql: { password: x }
            """)
        let outputs = try playbook.render(host: Sample.host, release: .debian12Zed) { $0.hosts == "controllers" }
        XCTAssertEqual(outputs.map(\.role), ["glance::cache::cleaner"])
    }
}
