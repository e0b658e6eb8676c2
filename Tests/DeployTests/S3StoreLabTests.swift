import Deploy
import Foundation
import Inventory
import LabSupport
import Playbook
import XCTest

/// glance::backend::multistore::s3 against a real S3 endpoint: the lab Ceph's radosgw
/// (`scripts/lab ceph rgw`), on lab node 6. An image uploaded into the s3 store is an object
/// named by its id in the bucket, comes back byte for byte, and deleting it deletes the object;
/// the keys, given as secrets, appear in no report.
final class S3StoreLabTests: XCTestCase {
    private let node = 6
    private var cephDirectory: String { Lab.directory + "/ceph" }

    override func setUpWithError() throws {
        try Lab.up(10)
        for command in ["up", "rgw"] {
            let result = try Lab.shell(arguments: [Lab.repository.path + "/scripts/lab", "ceph", command, "--dir", Lab.directory])
            XCTAssertEqual(result.status, 0, result.output)
        }
        XCTAssertNotEqual(try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: [node]).first?.status, .failed)
        try LabDeploy.run(node, "cp -p /etc/glance/glance-api.conf /etc/glance/glance-api.conf.before-s3")
    }

    override func tearDownWithError() throws {
        try LabDeploy.run(node, "mv -f /etc/glance/glance-api.conf.before-s3 /etc/glance/glance-api.conf "
            + "&& service glance-api restart >/dev/null 2>&1")
    }

    private func bucketObjects() throws -> String {
        try Lab.shell("radosgw-admin", "-c", cephDirectory + "/cluster.conf", "-n", "client.admin",
                      "bucket", "list", "--bucket", "glance").output
    }

    func testAnImageStoredInS3IsAnObjectInTheBucket() throws {
        let keys = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cephDirectory + "/rgw-glance.json")))
            as? [String: String])
        let (access, secret) = (try XCTUnwrap(keys["access_key"]), try XCTUnwrap(keys["secret_key"]))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("s3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let secretsPath = scratch.appendingPathComponent("secrets.yml").path
        try "s3_access: \"\(access)\"\ns3_secret: \"\(secret)\"\n".write(toFile: secretsPath, atomically: true, encoding: .utf8)
        chmod(secretsPath, 0o600)
        let text = try LabDeploy.labText(workers: 1, syncDB: false)
            .replacingOccurrences(of: #"      enabled_backends: ["fs:file"]"#, with: #"      enabled_backends: ["fs:file", "s3:s3"]"#)
            .replacingOccurrences(of: "    glance::backend::multistore::file:\n", with: """
                    glance::backend::multistore::s3:
                      id: s3
                      s3_store_host: http://127.0.0.5:7480
                      s3_store_access_key: "{{ secret.s3_access }}"
                      s3_store_secret_key: "{{ secret.s3_secret }}"
                      s3_store_bucket: glance
                      s3_store_create_bucket_on_put: true
                      s3_store_bucket_url_format: path
                    glance::backend::multistore::file:

                """)
        let book = scratch.appendingPathComponent("lab-s3.yml").path
        try text.write(toFile: book, atomically: true, encoding: .utf8)

        let playbook = try Playbook.load(path: book, secrets: try Secrets.load(path: secretsPath))
        let inventory = try Inventory.load(path: Lab.inventory)
        let inputs = try playbook.deployInputs(try playbook.targets(in: inventory, selected: try LabDeploy.hosts([node])))
        let report = try XCTUnwrap(Deployment.run(inputs, options: DeployOptions(diff: true),
                                                  progress: DeployProgress(enabled: false) { _ in }).first)
        XCTAssertEqual(report.status, .changed, report.error ?? "")
        XCTAssertEqual(report.detail.health, "ok")
        let shown = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        XCTAssertFalse(shown.contains(secret) || shown.contains(access), "the keys are in no report")
        XCTAssertNotNil(report.detail.diff, "--diff was asked for: the keys were masked in it, not left out with it")
        let config = try LabDeploy.run(node, "cat /etc/glance/glance-api.conf")
        XCTAssertTrue(config.contains("\ns3_store_secret_key = \(secret)\n"), "the node has the key itself")

        let api = "http://\(Lab.address(node)):9292/v2/images"
        let created = try Lab.shell("curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d",
                                    #"{"name": "in-s3", "disk_format": "raw", "container_format": "bare"}"#, api).output
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, created)
        let bytes = String(repeating: "s3 object bytes ", count: 20_000)
        let put = try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H", "X-Image-Meta-Store: s3",
                                "-H", "Content-Type: application/octet-stream", "--data-binary", "@-", api + "/\(id)/file",
                                input: Data(bytes.utf8))
        XCTAssertEqual(put.output, "204")
        let image = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try Lab.shell("curl", "-s", api + "/\(id)").output.utf8))
            as? [String: Any])
        XCTAssertEqual(image["stores"] as? String, "s3", "\(image)")
        XCTAssertEqual(image["status"] as? String, "active", "\(image)")
        XCTAssertTrue(try bucketObjects().contains("\"name\": \"\(id)\""), "the object is in the bucket")
        XCTAssertEqual(try Lab.shell("curl", "-s", api + "/\(id)/file").output, bytes)
        XCTAssertEqual(try LabDeploy.run(node, "test -e /var/lib/glance/images/\(id); echo $?"), "1\n", "not in the file store")

        XCTAssertEqual(try Lab.shell("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", api + "/\(id)").output, "204")
        XCTAssertFalse(try bucketObjects().contains(id), "deleting the image deletes its object")
    }
}
