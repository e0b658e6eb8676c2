@testable import Planner
import Basics
import Foundation
import Playbook
import XCTest

/// The option lists of Glance 25 (Debian 12) and Glance 30 (Debian 13), each generated from its
/// own installed Glance: the differences between them are a golden file
/// (`Fixtures/schemas/glance-25-to-30.txt`; `RECORD_GOLDEN=1` rewrites it), each release checks a
/// host of its own, and an option one release lacks names the other.
final class ReleaseSchemaTests: XCTestCase {
    private let trixie = TargetRelease(osID: "debian", osVersionID: "13", glanceMajor: 30)

    private func plan(_ settings: [ConfigSetting], release: TargetRelease) throws -> HostPlan {
        try Planner.plan(host: "h", outputs: [RoleOutput(role: "glance::api", settings: settings)],
                         facts: HostFacts(release: release))
    }

    private func set(_ section: String, _ key: String, _ file: String = "/etc/glance/glance-api.conf") -> ConfigSetting {
        ConfigSetting(file: file, section: section, key: key, value: .set("x"))
    }

    /// `- file [section] key` for what only Glance 25 has, `+ …` for what only Glance 30 has.
    private func differences() -> String {
        func rows(_ options: GlanceOptions) -> Set<String> {
            var rows: Set<String> = []
            for (file, sections) in options.options {
                for (section, keys) in sections { for key in keys { rows.insert("\(file) [\(section)] \(key)") } }
            }
            for (type, keys) in options.storeOptions { for key in keys { rows.insert("store type \(type): \(key)") } }
            return rows
        }
        let old = rows(.zed), new = rows(.epoxy)
        let lines = old.subtracting(new).map { "- " + $0 } + new.subtracting(old).map { "+ " + $0 }
        return lines.sorted { ($0.dropFirst(2), $0) < ($1.dropFirst(2), $1) }.joined(separator: "\n") + "\n"
    }

    func testTheDifferencesBetweenTheReleasesAreTheGoldenFile() throws {
        let golden = try FixtureFiles.url("schemas/glance-25-to-30.txt")
        let text = differences()
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/schemas/glance-25-to-30.txt")
            try text.write(to: source, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(text, try String(contentsOf: golden, encoding: .utf8))
        XCTAssertTrue(text.contains("- glance-api.conf [DEFAULT] allow_additional_image_properties\n"))
        XCTAssertTrue(text.contains("+ glance-api.conf [DEFAULT] do_secure_hash\n"))
    }

    func testEachReleaseWasGeneratedFromItsOwnGlance() {
        XCTAssertEqual(GlanceOptionData.glance25.generatedFrom, "glance 25.1.0, glance_store 4.1.0, oslo.config 9.0.0")
        XCTAssertEqual(GlanceOptionData.glance30.generatedFrom, "glance 30.0.0, glance_store 4.9.1, oslo.config 9.7.1")
        XCTAssertEqual(GlanceOptions.releases.map(\.glanceMajor), [25, 30])
        XCTAssertNil(GlanceOptions.of(glanceMajor: 29))
    }

    /// Debian 13's packaged glance-api.conf, glance-cache.conf and glance-swift.conf (glance-api
    /// 2:30.0.0-3+deb13u5): every active key is one Glance 30 knows.
    func testEveryActiveKeyOfDebian13sPackagedFilesIsKnownToGlance30() throws {
        for (name, count) in [("glance-api.conf", 10), ("glance-cache.conf", 0), ("glance-swift.conf", 10)] {
            let document = INIDocument(parsing: try FixtureFiles.text("packaged-30/\(name)"))
            XCTAssertEqual(document.activeKeys.count, count, name)
            for key in document.activeKeys {
                XCTAssertEqual(GlanceOptions.epoxy.verdict(file: name, section: key.section, key: key.key, backends: [:]),
                               .known, "\(name) \(key)")
            }
        }
    }

    func testAHostIsCheckedAgainstItsOwnRelease() throws {
        let removed = set("DEFAULT", "allow_additional_image_properties")
        XCTAssertEqual(try plan([removed], release: .debian12Zed).warnings, [])
        XCTAssertThrowsError(try plan([removed], release: trixie)) {
            XCTAssertEqual($0 as? UserError, UserError(
                "unknown option 'allow_additional_image_properties' in [DEFAULT] of glance-api.conf (Glance 30; Glance 25 had it)"))
        }
        let added = set("DEFAULT", "do_secure_hash")
        XCTAssertEqual(try plan([added], release: trixie).warnings, [])
        XCTAssertThrowsError(try plan([added], release: .debian12Zed)) {
            XCTAssertEqual($0 as? UserError, UserError(
                "unknown option 'do_secure_hash' in [DEFAULT] of glance-api.conf (Glance 25; new in Glance 30)"))
        }
        XCTAssertThrowsError(try plan([set("DEFAULT", "do_secure_hsh")], release: trixie)) {
            XCTAssertEqual($0 as? UserError, UserError(
                "unknown option 'do_secure_hsh' in [DEFAULT] of glance-api.conf (Glance 30) (did you mean 'do_secure_hash'?)"))
        }
    }

    func testNeitherSupportedReleaseWarnsThatOptionsWentUnchecked() throws {
        let settings = [set("DEFAULT", "bind_host"), set("DEFAULT", "image_cache_dir", "/etc/glance/glance-cache.conf")]
        for release in [TargetRelease.debian12Zed, trixie] {
            XCTAssertEqual(try plan(settings, release: release).warnings, [], "\(release)")
        }
        XCTAssertEqual(try plan(settings, release: TargetRelease(osVersionID: "14", glanceMajor: 33)).warnings,
                       ["options not checked: glance-push has the option lists of Glance 25 and 30, the host runs Glance 33"])
    }
}
