import Deploy
import Foundation
import LabSupport
import XCTest

/// glance::healthcheck and glance::cors on a real glance-api (lab node 9): the packaged paste
/// pipeline's oslo.middleware filters read the options glance-push writes.
final class MiddlewareLabTests: XCTestCase {
    private let node = 9
    private let origin = "https://dashboard.example.net"

    override func setUpWithError() throws {
        try Lab.up(10)
    }

    private func playbook() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-middleware-\(UUID().uuidString).yml").path
        let roles = """
                glance::healthcheck:
                  detailed: false
                glance::cors:
                  allowed_origin: "\(origin)"
                  max_age: 600
                  allow_methods: [GET, OPTIONS]

            """
        let text = try String(contentsOfFile: LabDeploy.labPlaybook, encoding: .utf8)
            .replacingOccurrences(of: "    glance::backend::multistore::file:\n", with: roles + "    glance::backend::multistore::file:\n")
        XCTAssertTrue(text.contains("glance::cors:"), "the roles went into the play")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `curl -i` of `path` on the node's API with `headers`: status line, headers and body.
    private func request(_ method: String, _ path: String, _ headers: [String] = []) throws -> String {
        try Lab.shell(arguments: ["curl", "-s", "-i", "-X", method] + headers.flatMap { ["-H", $0] }
            + ["http://\(Lab.address(node)):9292\(path)"]).output
    }

    func testHealthcheckAnswersAndACORSPreflightGetsTheConfiguredOrigin() throws {
        let book = try playbook()
        XCTAssertNotEqual(try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: [node]).first?.status, .failed)
        try LabDeploy.run(node, "cp -p /etc/glance/glance-api.conf /etc/glance/glance-api.conf.before-middleware")
        defer {
            try? FileManager.default.removeItem(atPath: book)
            // No role manages [cors] and [healthcheck] once they leave the playbook: the node gets its file back.
            _ = try? LabDeploy.run(node, "mv -f /etc/glance/glance-api.conf.before-middleware /etc/glance/glance-api.conf "
                + "&& service glance-api restart >/dev/null 2>&1")
        }
        let report = try XCTUnwrap(try LabDeploy.deploy(book, nodes: [node]).first)
        XCTAssertNotEqual(report.status, .failed, report.error ?? "")
        XCTAssertEqual(report.health, "ok")
        let config = try LabDeploy.run(node, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\n[cors]\n") && config.contains("\nallowed_origin = \(origin)\n"), config)
        XCTAssertTrue(config.contains("\nallow_methods = GET,OPTIONS\n"))

        let health = try request("GET", "/healthcheck")
        XCTAssertTrue(health.hasPrefix("HTTP/1.1 200"), health)
        XCTAssertTrue(health.hasSuffix("\r\n\r\nOK"), health)

        let preflight = try request("OPTIONS", "/v2/images", ["Origin: \(origin)", "Access-Control-Request-Method: GET"]).lowercased()
        XCTAssertTrue(preflight.contains("\r\naccess-control-allow-origin: \(origin)\r\n"), preflight)
        XCTAssertTrue(preflight.contains("\r\naccess-control-max-age: 600\r\n"), preflight)
        let stranger = try request("OPTIONS", "/v2/images", ["Origin: https://elsewhere.example", "Access-Control-Request-Method: GET"])
        XCTAssertFalse(stranger.lowercased().contains("access-control-allow-origin"), "another origin is not allowed: \(stranger)")
        let methodRefused = try request("OPTIONS", "/v2/images", ["Origin: \(origin)", "Access-Control-Request-Method: DELETE"])
        XCTAssertFalse(methodRefused.lowercased().contains("access-control-allow-origin"), "DELETE is not allowed: \(methodRefused)")
    }
}
