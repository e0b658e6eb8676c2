import Foundation
@testable import Planner
import XCTest

final class UnifiedDiffTests: XCTestCase {
    func testExactOutputForSmallChange() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n"
        let new = "a\nb\nc\nD\ne\nf\ng\nh\n"
        XCTAssertEqual(UnifiedDiff.diff(from: old, to: new, path: "/etc/glance/x.conf"), """
            --- a/etc/glance/x.conf
            +++ b/etc/glance/x.conf
            @@ -1,7 +1,7 @@
             a
             b
             c
            -d
            +D
             e
             f
             g

            """)
        XCTAssertEqual(UnifiedDiff.diff(from: old, to: old, path: "x"), "")
    }

    func testHunkHeadersForEmptySidesAndSingleLines() {
        XCTAssertEqual(UnifiedDiff.diff(from: "", to: "k = v\n", path: "f"), "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+k = v\n")
        XCTAssertEqual(UnifiedDiff.diff(from: "x\ny\n", to: "", path: "f"), "--- a/f\n+++ b/f\n@@ -1,2 +0,0 @@\n-x\n-y\n")
        XCTAssertEqual(UnifiedDiff.diff(from: "a", to: "a\n", path: "f"),
                       "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n")
    }

    /// The planned value shows its secret masked; the current one, which the plan did not write,
    /// is masked whole; lines outside secret settings are left as they are.
    func testSecretSettingsAreMaskedOnBothSides() {
        let old = "[database]\nconnection = mysql+pymysql://glance:oldpw@db1/glance\n"
        let new = "[database]\nconnection = mysql+pymysql://glance:s3cr3t@db1/glance\n# user glance\n"
        let mask = ContentMask(masksWholeText: false, settings: [SecretSetting(
            section: "database", key: "connection", plannedValues: ["mysql+pymysql://glance:s3cr3t@db1/glance"],
            maskedValues: ["mysql+pymysql://glance:<secret>@db1/glance"])])
        XCTAssertEqual(UnifiedDiff.diff(from: old, to: new, path: "/etc/glance/glance-api.conf", mask: mask), """
            --- a/etc/glance/glance-api.conf
            +++ b/etc/glance/glance-api.conf
            @@ -1,2 +1,3 @@
             [database]
            -connection = <secret>
            +connection = mysql+pymysql://glance:<secret>@db1/glance
            +# user glance

            """)
    }

    func testSameHunksAsGNUDiffOnPackagedFileEdits() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var edited = INIDocument(parsing: text)
        try edited.set(section: "DEFAULT", key: "bind_host", value: "127.0.0.11")
        try edited.set(section: "DEFAULT", key: "workers", value: "2")
        try edited.set(section: "keystone_authtoken", key: "project_name", value: "services")
        try edited.set(section: "keystone_authtoken", key: "token_cache_time", value: "300")
        edited.remove(section: "keystone_authtoken", key: "region_name")
        try edited.set(section: "swift", key: "swift_store_container", value: "glance")
        try assertSameAsGNUDiff(text, edited.text)

        var purged = INIDocument(parsing: text)
        purged.purge(keeping: [])
        try assertSameAsGNUDiff(text, purged.text)
    }

    func testSameHunksAsGNUDiffOnContextEdges() throws {
        let base = (1...30).map { "line \($0)" }
        func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
        var sixApart = base
        sixApart[9] = "changed 10"
        sixApart[16] = "changed 17"  // 6 unchanged lines between: one hunk
        var sevenApart = base
        sevenApart[9] = "changed 10"
        sevenApart[17] = "changed 18"  // 7 unchanged lines between: two hunks
        var edges = base
        edges[0] = "first"
        edges.removeLast()
        edges.append("last")
        var insertions = base
        insertions.insert(contentsOf: ["new a", "new b"], at: 5)
        insertions.remove(at: 20)
        for variant in [sixApart, sevenApart, edges, insertions] {
            try assertSameAsGNUDiff(text(base), text(variant))
        }
        try assertSameAsGNUDiff(text(base), text(base).dropLast() + "")
        try assertSameAsGNUDiff("", text(base))
    }

    /// Compares with `diff -u --label a/f --label b/f` when GNU diff is installed.
    private func assertSameAsGNUDiff(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let diff = URL(fileURLWithPath: "/usr/bin/diff")
        guard FileManager.default.isExecutableFile(atPath: diff.path) else { throw XCTSkip("GNU diff not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("planner-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let oldURL = directory.appendingPathComponent("old")
        let newURL = directory.appendingPathComponent("new")
        try Data(old.utf8).write(to: oldURL)
        try Data(new.utf8).write(to: newURL)
        let process = Process()
        process.executableURL = diff
        process.arguments = ["-u", "--label", "a/f", "--label", "b/f", oldURL.path, newURL.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(UnifiedDiff.diff(from: old, to: new, path: "f"), String(decoding: output, as: UTF8.self),
                       file: file, line: line)
    }
}
