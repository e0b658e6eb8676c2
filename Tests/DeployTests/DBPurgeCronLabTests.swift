import Deploy
import Foundation
import LabSupport
import XCTest

/// glance::cron::db_purge and ::db_purge_images_table on a real node (lab node 10, real glance-api
/// on sqlite): the cron entries glance-push writes, run as cron would run them (their user, PATH,
/// SHELL and command line), purge a deleted image's tag rows, then (Glance keeps image rows out of
/// `db purge`) its image row.
final class DBPurgeCronLabTests: XCTestCase {
    private let node = 10
    private let entry = "/etc/cron.d/glance-manage-db-purge"

    override func setUpWithError() throws {
        try Lab.up(10)
    }

    private func playbook() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-db-purge-\(UUID().uuidString).yml").path
        let role = """
                glance::cron::db_purge:
                  minute: "*/5"
                  age: 0
                  max_rows: 500
                  destination: /var/log/glance/purge-test.log
                glance::cron::db_purge_images_table:
                  age: 0

            """
        let text = try String(contentsOfFile: LabDeploy.labPlaybook, encoding: .utf8)
            .replacingOccurrences(of: "    glance::backend::multistore::file:\n", with: role + "    glance::backend::multistore::file:\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func api(_ arguments: String...) throws -> String {
        try Lab.shell(arguments: ["curl", "-s"] + arguments).output
    }

    private func rows(_ table: String, _ column: String, _ id: String) throws -> String {
        try LabDeploy.run(node, """
            python3 -c "import sqlite3; c = sqlite3.connect('/var/lib/glance/glance.sqlite'); \
            print(c.execute(\\"select count(*) from \(table) where \(column) = '\(id)'\\").fetchone()[0])"
            """)
    }

    /// Runs `file`'s entry as cron would: fields 1-5 the schedule, 6 the user, the rest to SHELL -c
    /// with the file's PATH.
    private func runAsCron(_ file: String) throws {
        let cron = try LabDeploy.run(node, "cat \(file)")
        let line = try XCTUnwrap(cron.split(separator: "\n").first { $0.first?.isNumber == true || $0.hasPrefix("*") }, cron)
        let fields = line.split(separator: " ", maxSplits: 6).map(String.init)
        XCTAssertEqual(fields[5], "glance")
        let run = try LabDeploy.run(node, "cd / && env -i PATH=/bin:/usr/bin:/usr/sbin runuser -u \(fields[5]) -- /bin/sh -c "
            + "'\(fields[6])'; echo \"exit $?\"")
        XCTAssertEqual(run, "exit 0\n", fields[6])
    }

    func testTheCronEntryRunAsCronWouldPurgesADeletedImage() throws {
        let book = try playbook()
        defer {
            try? FileManager.default.removeItem(atPath: book)
            _ = try? LabDeploy.run(node, "rm -f \(entry) /etc/cron.d/glance-manage-db-purge-images-table /var/log/glance/purge-test.log")
        }
        let report = try XCTUnwrap(try LabDeploy.deploy(book, nodes: [node]).first)
        XCTAssertNotEqual(report.status, .failed, report.error ?? "")
        XCTAssertEqual(try LabDeploy.run(node, "stat -c '%a %U:%G' \(entry)"), "644 root:root\n")
        let cron = try LabDeploy.run(node, "cat \(entry)")
        XCTAssertEqual(cron, """
            # Written by glance-push (glance::cron::db_purge).
            PATH=/bin:/usr/bin:/usr/sbin
            SHELL=/bin/sh
            */5 0 * * * glance glance-manage db purge --age_in_days 0 --max_rows 500 >>/var/log/glance/purge-test.log 2>&1

            """)

        let base = "http://\(Lab.address(node)):9292/v2/images"
        let created = try api("-X", "POST", "-H", "Content-Type: application/json", "-d",
                              #"{"name": "purge-me", "disk_format": "raw", "container_format": "bare"}"#, base)
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, created)
        XCTAssertEqual(try api("-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "\(base)/\(id)/tags/doomed"), "204")
        XCTAssertEqual(try api("-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "\(base)/\(id)"), "204")
        XCTAssertEqual(try rows("images", "id", id), "1\n", "deleted, its row kept until a purge")
        XCTAssertEqual(try rows("image_tags", "image_id", id), "1\n")

        try runAsCron(entry)
        XCTAssertEqual(try rows("image_tags", "image_id", id), "0\n", "db purge purged the tag rows")
        XCTAssertEqual(try rows("images", "id", id), "1\n", "db purge leaves image rows (Glance's choice)")
        XCTAssertEqual(try LabDeploy.run(node, "stat -c %U /var/log/glance/purge-test.log"), "glance\n")
        try runAsCron("/etc/cron.d/glance-manage-db-purge-images-table")
        XCTAssertEqual(try rows("images", "id", id), "0\n", "db purge_images_table purged the image row")
    }
}
