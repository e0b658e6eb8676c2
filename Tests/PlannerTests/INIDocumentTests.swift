import Basics
import Foundation
@testable import Planner
import Playbook
import XCTest

final class INIDocumentTests: XCTestCase {
    func testPackagedFilesRoundTripByteForByte() throws {
        for name in ["glance-api.conf", "glance-cache.conf", "glance-swift.conf"] {
            let text = try FixtureFiles.packaged(name)
            XCTAssertEqual(Array(INIDocument(parsing: text).text.utf8), Array(text.utf8), name)
        }
    }

    func testOddTextsRoundTrip() {
        for text in ["", "\n", "\n\n", "no newline", "a = 1\r\nb = 2\r\n", "[s]\nk = v\n  continued\n#c", "x\n[DEFAULT]\n\n"] {
            XCTAssertEqual(INIDocument(parsing: text).text, text, text.debugDescription)
        }
    }

    func testReadsPackagedValuesAndSections() throws {
        let document = INIDocument(parsing: try FixtureFiles.packaged("glance-api.conf"))
        XCTAssertEqual(document.values(section: "keystone_authtoken", key: "region_name"), ["regionOne"])
        XCTAssertEqual(document.values(section: "glance_store", key: "filesystem_store_datadir"), ["/var/lib/glance/images"])
        XCTAssertEqual(document.values(section: "DEFAULT", key: "bind_host"), [])
        XCTAssertEqual(document.sectionNames.count, 34)
        XCTAssertEqual(document.sectionNames.first, "DEFAULT")
        XCTAssertEqual(document.activeKeys.map(\.description), [
            "[glance_store] filesystem_store_datadir", "[keystone_authtoken] auth_url",
            "[keystone_authtoken] project_name", "[keystone_authtoken] project_domain_name",
            "[keystone_authtoken] username", "[keystone_authtoken] user_domain_name",
            "[keystone_authtoken] www_authenticate_uri", "[keystone_authtoken] region_name",
            "[keystone_authtoken] auth_type", "[oslo_concurrency] lock_path",
        ])
    }

    func testSetExistingKeyReplacesItsLineInPlace() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        try document.set(section: "keystone_authtoken", key: "project_name", value: "services")
        var lines = FixtureFiles.lines(text)
        XCTAssertEqual(lines[5435], "project_name = service")
        lines[5435] = "project_name = services"
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
    }

    func testSetNewKeyGoesRightAfterItsCommentedSample() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        try document.set(section: "DEFAULT", key: "bind_host", value: "127.0.0.11")
        try document.set(section: "keystone_authtoken", key: "token_cache_time", value: "300")
        var lines = FixtureFiles.lines(text)
        XCTAssertEqual(lines[5535], "#token_cache_time = 300")
        lines.insert("token_cache_time = 300", at: 5536)
        XCTAssertEqual(lines[679], "#bind_host = 0.0.0.0")
        lines.insert("bind_host = 127.0.0.11", at: 680)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
    }

    func testSampleOfAnotherSectionIsNotUsed() throws {
        // `#rbd_store_pool` appears in [glance.store.rbd.store] (line 2314) and [glance_store] (4202).
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        try document.set(section: "glance_store", key: "rbd_store_pool", value: "images")
        var lines = FixtureFiles.lines(text)
        lines.insert("rbd_store_pool = images", at: 4202)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
    }

    func testNewKeyWithoutSampleGoesAfterTheLastActiveSetting() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        try document.set(section: "oslo_concurrency", key: "not_in_the_sample", value: "x")
        var lines = FixtureFiles.lines(text)
        XCTAssertEqual(lines[5648], "lock_path = /var/lock/glance")
        lines.insert("not_in_the_sample = x", at: 5649)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
    }

    func testNewKeyInSectionWithoutSettingsGoesAfterTheHeader() throws {
        var document = INIDocument(parsing: "[a]\n# about a\n\n[b]\nx = 1\n")
        try document.set(section: "a", key: "k", value: "v")
        XCTAssertEqual(document.text, "[a]\nk = v\n# about a\n\n[b]\nx = 1\n")
    }

    func testMissingSectionIsAppendedAndDefaultGoesFirst() throws {
        let text = try FixtureFiles.packaged("glance-swift.conf")
        var document = INIDocument(parsing: text)
        try document.set(section: "ref3", key: "user", value: "services:glance")
        try document.set(section: "DEFAULT", key: "k", value: "v")
        var lines = FixtureFiles.lines(text)
        lines += ["", "[ref3]", "user = services:glance"]
        lines.insert(contentsOf: ["[DEFAULT]", "k = v", ""], at: 12)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
    }

    func testSetOnEmptyAndUnterminatedDocuments() throws {
        var empty = INIDocument(parsing: "")
        try empty.set(section: "DEFAULT", key: "debug", value: "True")
        XCTAssertEqual(empty.text, "[DEFAULT]\ndebug = True\n")
        var unterminated = INIDocument(parsing: "[DEFAULT]\ndebug = False")
        try unterminated.set(section: "database", key: "connection", value: "")
        XCTAssertEqual(unterminated.text, "[DEFAULT]\ndebug = False\n\n[database]\nconnection =\n")
    }

    func testDuplicatesAndContinuationLinesAreReplacedTogether() throws {
        var document = INIDocument(parsing: "[s]\nk = 1\n  more\nother = 2\nk = 3\n")
        XCTAssertEqual(document.values(section: "s", key: "k"), ["1\nmore", "3"])
        try document.set(section: "s", key: "k", value: "4")
        XCTAssertEqual(document.text, "[s]\nk = 4\nother = 2\n")
    }

    func testKeysAreFoundInEveryHeaderOfARepeatedSection() throws {
        var document = INIDocument(parsing: "[s]\na = 1\n[t]\n[s]\nb = 2\n")
        try document.set(section: "s", key: "b", value: "3")
        try document.set(section: "s", key: "c", value: "4")
        XCTAssertEqual(document.text, "[s]\na = 1\n[t]\n[s]\nb = 3\nc = 4\n")
    }

    func testMultiValuedKeyWritesOneLinePerValue() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        try document.set(section: "oslo_messaging_notifications", key: "driver", values: ["messagingv2", "log"])
        var lines = FixtureFiles.lines(text)
        XCTAssertEqual(lines[6081], "#driver =")
        lines.insert(contentsOf: ["driver = messagingv2", "driver = log"], at: 6082)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
        XCTAssertEqual(document.values(section: "oslo_messaging_notifications", key: "driver"), ["messagingv2", "log"])

        try document.set(section: "oslo_messaging_notifications", key: "driver", values: ["noop"])
        lines.remove(at: 6083)
        lines[6082] = "driver = noop"
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
    }

    func testRemoveDropsEveryActiveLineOfTheKey() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        document.remove(section: "keystone_authtoken", key: "region_name")
        document.remove(section: "keystone_authtoken", key: "not_there")
        document.remove(section: "no_such_section", key: "x")
        var lines = FixtureFiles.lines(text)
        XCTAssertEqual(lines[5523], "region_name = regionOne")
        lines.remove(at: 5523)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))

        var multi = INIDocument(parsing: "[s]\nk = 1\nk = 2\nj = 3\n")
        try multi.apply(ConfigSetting(file: "f", section: "s", key: "k", value: .absent))
        XCTAssertEqual(multi.text, "[s]\nj = 3\n")
    }

    func testPurgeKeepsCommentsAndManagedKeysOnly() throws {
        let text = try FixtureFiles.packaged("glance-api.conf")
        var document = INIDocument(parsing: text)
        document.purge(keeping: [INIKey(section: "keystone_authtoken", key: "username"),
                                 INIKey(section: "oslo_concurrency", key: "lock_path")])
        let dropped: Set<Int> = [3953, 5432, 5435, 5438, 5444, 5462, 5523, 5614]
        let lines = FixtureFiles.lines(text).enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        XCTAssertEqual(document.text, FixtureFiles.joined(lines))
        XCTAssertEqual(document.activeKeys, [INIKey(section: "keystone_authtoken", key: "username"),
                                             INIKey(section: "oslo_concurrency", key: "lock_path")])
    }

    func testCRLFLinesKeepTheirCarriageReturn() throws {
        var document = INIDocument(parsing: "[s]\r\na = 1\r\n")
        XCTAssertEqual(document.values(section: "s", key: "a"), ["1"])
        try document.set(section: "s", key: "b", value: "2")
        XCTAssertEqual(document.text, "[s]\r\na = 1\r\nb = 2\n")
    }

    func testQuotedValuesAreReadAsOsloReadsThem() {
        let document = INIDocument(parsing: "[s]\na = \"quoted\"\nb: colon\nc='x'\n")
        XCTAssertEqual(document.values(section: "s", key: "a"), ["quoted"])
        XCTAssertEqual(document.values(section: "s", key: "b"), ["colon"])
        XCTAssertEqual(document.values(section: "s", key: "c"), ["x"])
    }

    func testControlCharactersInValuesAreRefused() {
        var document = INIDocument(parsing: "[DEFAULT]\n")
        let cases: [(String, String)] = [("a\nb = c", "U+000A"), ("a\u{0}", "U+0000"), ("a\rb", "U+000D"),
                                         ("tab\there", "U+0009"), ("\u{7F}", "U+007F"), ("\u{2028}", "U+2028")]
        for (value, codePoint) in cases {
            XCTAssertThrowsError(try document.set(section: "DEFAULT", key: "bind_host", value: value)) { error in
                XCTAssertEqual((error as? UserError)?.message,
                               "the value of [DEFAULT] bind_host contains the control character \(codePoint); a value must fit on one INI line")
            }
        }
        XCTAssertThrowsError(try document.set(section: "DEFAULT", key: "a = b", value: "x")) { error in
            XCTAssertEqual((error as? UserError)?.message, "invalid key \"a = b\" in [DEFAULT]")
        }
        XCTAssertThrowsError(try document.set(section: "x]\n[y", key: "a", value: "x")) { error in
            XCTAssertEqual((error as? UserError)?.message, "invalid section name [x]\\n[y]")
        }
        XCTAssertEqual(document.text, "[DEFAULT]\n")
    }

    func testCommentedSampleDetection() {
        XCTAssertEqual(INILine.sampleKey("#bind_host = 0.0.0.0"), "bind_host")
        XCTAssertEqual(INILine.sampleKey("#driver ="), "driver")
        XCTAssertNil(INILine.sampleKey("# Possible values: a = b"))
        XCTAssertNil(INILine.sampleKey("#some words = x"))
        XCTAssertNil(INILine.sampleKey("bind_host = 1"))
    }
}

extension INIDocumentTests {
    func testPurgeDropsSectionsLeftWithoutAnything() throws {
        let text = try FixtureFiles.packaged("glance-swift.conf")
        var document = INIDocument(parsing: text)
        document.purge(keeping: [INIKey(section: "ref1", key: "user"), INIKey(section: "ref1", key: "key")])
        let lines = FixtureFiles.lines(text)
        XCTAssertEqual(document.text, FixtureFiles.joined(Array(lines[0..<15])))
        XCTAssertEqual(Array(lines[12..<15]), ["[ref1]", "user = tenant:user1", "key = key1"])

        var middle = INIDocument(parsing: "[a]\nx = 1\n\n[b]\ny = 2\n\n[c]\n# kept\nz = 3\n")
        middle.purge(keeping: [INIKey(section: "a", key: "x")])
        XCTAssertEqual(middle.text, "[a]\nx = 1\n\n[c]\n# kept\n")
    }
}
