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
