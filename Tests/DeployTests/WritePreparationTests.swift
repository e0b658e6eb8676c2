@testable import Deploy
import XCTest

/// The parent directories a write creates: 0750, or 0755 where a file others may read goes.
final class WritePreparationTests: XCTestCase {
    func testANewParentIsAsOpenAsTheFilesItHolds() throws {
        let preparation = try NodeCommands.WritePreparation(
            paths: ["/etc/glance/glance-api.conf", "/usr/lib/cgi-bin/glance/glance-api", "/etc/glance/policy.yaml"],
            modes: [0o640, 0o644, 0o640], owners: ["root:glance", "glance:glance", "root:glance"], host: "node1")
        let creations = preparation.script.split(separator: "\n").filter { $0.contains("install -d") }
        XCTAssertEqual(creations, ["[ -d /etc/glance ] || install -d -m 0750 /etc/glance",
                                   "[ -d /usr/lib/cgi-bin/glance ] || install -d -m 0755 /usr/lib/cgi-bin/glance"])
        let unknown = try NodeCommands.WritePreparation(paths: ["/etc/x/y"], modes: [nil], owners: ["root:root"], host: "node1")
        XCTAssertTrue(unknown.script.contains("install -d -m 0750 /etc/x\n"), unknown.script)
    }
}
