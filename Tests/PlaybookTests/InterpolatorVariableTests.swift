import Basics
import Inventory
@testable import Playbook
import XCTest

final class InterpolatorVariableTests: XCTestCase {
    /// `variable(_:)` reads what `variables` holds, without building the dictionary.
    func testVariableAgreesWithTheVariablesTable() {
        let hosts = [
            InventoryHost(name: "ctl01"),
            InventoryHost(name: "ctl02", vars: ["ansible_host": "10.0.0.2", "region": "r1"]),
            InventoryHost(name: "ctl03", vars: ["inventory_hostname": "other", "ansible_host": ""]),
        ]
        for host in hosts {
            let interpolator = Interpolator(host: host, secrets: nil)
            for name in ["ansible_host", "inventory_hostname", "region", "missing", ""] {
                XCTAssertEqual(interpolator.variable(name), interpolator.variables[name], "\(host.name) \(name)")
            }
        }
    }
}

final class InterpolatorSecretVariableTests: XCTestCase {
    /// An inventory password variable is a secret in a playbook value, like `{{ secret.name }}`.
    func testPasswordVariablesAreSecret() throws {
        let host = InventoryHost(name: "ctl01", vars: ["ansible_become_password": "pw", "region": "r1"])
        let location = SourceLocation(file: "site.yml", line: 3, column: 5)
        let value = try Interpolator(host: host, secrets: nil).interpolate("x-{{ ansible_become_password }}-{{ region }}",
                                                                         at: location)
        XCTAssertEqual(value, InterpolatedString(text: "x-pw-r1", isSecret: true, secretValues: ["pw"], masked: "x-<secret>-r1"))
        XCTAssertEqual(try Interpolator(host: host, secrets: nil).interpolate("{{ region }}", at: location),
                       InterpolatedString(text: "r1"))
    }
}
