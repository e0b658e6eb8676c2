import Deploy
import Foundation
import LabSupport
import XCTest

/// The http store (glance::backend::multistore::http) reading an image from a local HTTP server
/// on a real glance-api (lab node 7); glance::import_filtering_opts lets the location's host and
/// port through Glance's SSRF filter. Each test gives the node its glance-api.conf back.
/// (glance-direct import needs an owner, so Keystone: `FullControllerTests.testF`.)
final class StoreImportLabTests: XCTestCase {
    private let node = 7
    private var api: String { "http://\(Lab.address(node)):9292" }

    override func setUpWithError() throws {
        try Lab.up(10)
        XCTAssertNotEqual(try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: [node]).first?.status, .failed)
        try LabDeploy.run(node, "cp -p /etc/glance/glance-api.conf /etc/glance/glance-api.conf.before-store-test")
    }

    override func tearDownWithError() throws {
        try LabDeploy.run(node, "mv -f /etc/glance/glance-api.conf.before-store-test /etc/glance/glance-api.conf "
            + "&& service glance-api restart >/dev/null 2>&1")
    }

    /// lab.yml with `apiKeys` added to glance::api and `roles` before its file store.
    private func playbook(_ name: String, apiKeys: String, roles: String, backends: String = #"["fs:file"]"#) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(name).yml").path
        let text = try LabDeploy.labText(workers: 1, syncDB: false)
            .replacingOccurrences(of: "      auth_strategy: noauth\n", with: "      auth_strategy: noauth\n" + apiKeys)
            .replacingOccurrences(of: #"      enabled_backends: ["fs:file"]"#, with: "      enabled_backends: \(backends)")
            .replacingOccurrences(of: "    glance::backend::multistore::file:\n", with: roles + "    glance::backend::multistore::file:\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    private func createImage(_ name: String) throws -> String {
        let created = try Lab.shell("curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d",
                                    #"{"name": "\#(name)", "disk_format": "raw", "container_format": "bare"}"#,
                                    api + "/v2/images").output
        return try XCTUnwrap(try json(created)["id"] as? String, created)
    }

    private func status(of id: String) throws -> String {
        try json(try Lab.shell("curl", "-s", api + "/v2/images/\(id)").output)["status"] as? String ?? "?"
    }

    private func waitForStatus(_ wanted: String, of id: String, seconds: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var current = try status(of: id)
        while current != wanted && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            current = try status(of: id)
        }
        return current
    }

    func testTheHTTPStoreReadsAnImageFromAnHTTPServer() throws {
        let server = try LocalHTTPServer(address: "127.0.0.9", port: 8099)
        defer { server.stop() }
        let bytes = String(repeating: "http store bytes ", count: 300) + "\n"
        try bytes.write(toFile: server.root + "/image.raw", atomically: true, encoding: .utf8)
        let book = try playbook("http-store", apiKeys: "      show_multiple_locations: true\n", roles: """
                glance::backend::multistore::http:
                  id: web
                  https_insecure: false
                glance::import_filtering_opts:
                  allowed_hosts: [127.0.0.9]
                  allowed_ports: [8099]

            """, backends: #"["fs:file", "web:http"]"#)
        let report = try XCTUnwrap(try LabDeploy.deploy(book, nodes: [node]).first)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.detail.health, "ok")
        let config = try LabDeploy.run(node, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\nenabled_backends = fs:file,web:http\n"), config)
        XCTAssertTrue(config.contains("\n[web]\nhttps_insecure = False\n"), config)
        XCTAssertTrue(config.contains("\n[import_filtering_opts]\nallowed_hosts = [127.0.0.9]\nallowed_ports = [8099]\n"), config)

        let id = try createImage("by-url")
        let url = "http://127.0.0.9:8099/image.raw"
        let patch = try Lab.shell("curl", "-s", "-w", "\n%{http_code}", "-X", "PATCH", "-H",
                                  "Content-Type: application/openstack-images-v2.1-json-patch", "-d",
                                  #"[{"op": "add", "path": "/locations/-", "value": {"url": "\#(url)", "metadata": {}}}]"#,
                                  api + "/v2/images/\(id)").output
        XCTAssertTrue(patch.hasSuffix("\n200"), patch)
        XCTAssertEqual(try waitForStatus("active", of: id), "active")
        let image = try json(try Lab.shell("curl", "-s", api + "/v2/images/\(id)").output)
        XCTAssertEqual(image["size"] as? Int, bytes.utf8.count, "glance asked the server for the size")
        let requestsBefore = try server.requests()
        XCTAssertEqual(try Lab.shell("curl", "-s", api + "/v2/images/\(id)/file").output, bytes)
        XCTAssertGreaterThan(try server.requests(), requestsBefore, "the download came from the HTTP server")
        XCTAssertEqual(try LabDeploy.run(node, "test -e /var/lib/glance/images/\(id); echo $?"), "1\n",
                       "nothing was copied into the fs store")
    }
}

/// `python3 -m http.server` on a loopback address, serving a temporary directory; stopped by pid.
final class LocalHTTPServer {
    let root: String
    private let process = Process()
    private let log: String

    init(address: String, port: Int) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("http-\(UUID().uuidString)").path
        log = root + ".log"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-m", "http.server", "--bind", address, "--directory", root, String(port)]
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if (try? Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://\(address):\(port)/").output) == "200" { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw Lab.LabError(message: "the HTTP server on \(address):\(port) did not answer")
    }

    /// Requests logged so far (one line each on stderr).
    func requests() throws -> Int {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("\"GET ") || $0.contains("\"HEAD ") }.count
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.removeItem(atPath: log)
    }
}
