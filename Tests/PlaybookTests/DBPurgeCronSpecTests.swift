import Playbook
import XCTest

/// glance::cron::db_purge and db_purge_images_table with the parameters of puppet-glance's
/// spec/classes/glance_cron_db_purge{,_images_table}_spec.rb (zed-eol), asserting the cron
/// command and environment those specs expect. Deliberate difference: puppet's cron resource
/// writes the user's crontab; glance-push writes a file in /etc/cron.d (user in the line).
final class DBPurgeCronSpecTests: XCTestCase {
    private let specParameters = ["minute: 1", "hour: 0", "monthday: '*'", "month: '*'", "weekday: '*'",
                                  "user: glance", "age: 30", "max_rows: 100"]

    private func cronLine(_ role: String, _ extra: String...) throws -> (file: WholeFile, line: String) {
        let yaml = "- hosts: controllers\n  roles:\n    \(role):\n"
            + (specParameters + extra).map { "      " + $0 + "\n" }.joined()
        let file = try XCTUnwrap(try Sample.render(yaml).flatMap(\.wholeFiles).first)
        let line = try XCTUnwrap(file.content.split(separator: "\n").last.map(String.init))
        return (file, line)
    }

    func testDBPurgeAsPuppetsSpec() throws {
        let (file, line) = try cronLine("glance::cron::db_purge", "maxdelay: 0", "destination: /var/log/glance/glance-rowsflush.log")
        XCTAssertEqual(file.path, "/etc/cron.d/glance-manage-db-purge")
        XCTAssertTrue(file.content.contains("PATH=/bin:/usr/bin:/usr/sbin\nSHELL=/bin/sh\n"))
        XCTAssertEqual(line, "1 0 * * * glance glance-manage db purge --age_in_days 30 --max_rows 100 "
            + ">>/var/log/glance/glance-rowsflush.log 2>&1")
    }

    func testDBPurgeWithMaxDelayAsPuppetsSpec() throws {
        let (_, line) = try cronLine("glance::cron::db_purge", "maxdelay: 600")
        XCTAssertEqual(line, "1 0 * * * glance sleep `expr ${RANDOM} \\% 600`; glance-manage db purge --age_in_days 30 "
            + "--max_rows 100 >>/var/log/glance/glance-rowsflush.log 2>&1")
    }

    func testDBPurgeImagesTableAsPuppetsSpec() throws {
        let (file, line) = try cronLine("glance::cron::db_purge_images_table",
                                        "maxdelay: 0", "destination: /var/log/glance/glance-images-rowsflush.log")
        XCTAssertEqual(file.path, "/etc/cron.d/glance-manage-db-purge-images-table")
        XCTAssertEqual(line, "1 0 * * * glance glance-manage db purge_images_table --age_in_days 30 --max_rows 100 "
            + ">>/var/log/glance/glance-images-rowsflush.log 2>&1")
        let (_, delayed) = try cronLine("glance::cron::db_purge_images_table", "maxdelay: 600")
        XCTAssertTrue(delayed.contains(" glance sleep `expr ${RANDOM} \\% 600`; glance-manage db purge_images_table "))
    }

    func testGoldenSnapshot() throws {
        let outputs = try Sample.render("""
            - hosts: controllers
              roles:
                glance::cron::db_purge:
                  maxdelay: 600
                glance::cron::db_purge_images_table:
                  hour: '*/6'
                  age: 7
                  max_rows: 500
            """)
        Snapshot.assert(Snapshot.text(outputs), named: "glance-cron-db-purge")
    }

    func testAbsentAndBadFieldsAreRefused() {
        XCTAssertTrue(Sample.error { try Sample.playbook("- hosts: c\n  roles:\n    glance::cron::db_purge:\n      ensure: absent\n") }
            .contains("'ensure: absent'"))
        XCTAssertTrue(Sample.error { try Sample.playbook("- hosts: c\n  roles:\n    glance::cron::db_purge:\n      destination: 'x; rm'\n") }
            .contains("'destination' must be an absolute path"))
    }
}
