import Foundation
import Playbook
import PuppetImport
import XCTest

/// Manifests shaped like puppet-glance's own examples/*.pp (Fixtures/examples, whose
/// headers name the upstream file and commit): each imports to its golden playbook, which `plan`
/// then parses, validates and renders with the secrets the import's skeleton names.
final class PuppetImportExampleTests: XCTestCase {
    private func importExample(_ name: String) throws -> PuppetImportResult {
        let file = "\(name).pp"
        let result = try PuppetImportFixture.importing(try PuppetImportFixture.text("examples/\(file)"), file: file)
        try PuppetImportFixture.assertGolden(result.yaml, "examples/\(name).expected.yml")
        return result
    }

    func testEveryExampleImportsAndPlans() throws {
        let folder = PuppetImportFixture.directory.appendingPathComponent("examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".pp") }.map { String($0.dropLast(3)) }.sorted()
        XCTAssertEqual(names, ["glance", "glance_multi_store", "glance_single_store"])
        for name in names {
            XCTAssertNoThrow(try PuppetImportFixture.plan(try importExample(name), file: "\(name).yml"), name)
        }
    }

    /// examples/glance.pp (puppet-glance master): multistore defines named by glance::api.
    func testMultistoreExample() throws {
        let result = try importExample("glance")
        XCTAssertEqual(result.warnings.map(\.description), [
            "glance.pp:14:3: warning: 'keystone_password' is glance::api::authtoken 'password' in puppet-glance Zed; imported there",
        ])
        XCTAssertEqual(result.secrets.map(\.key), ["backend_multistore_swift_objects_swift_store_key", "api_keystone_password"])
        XCTAssertEqual(try PuppetImportFixture.plan(result, file: "glance.yml"), [])
    }

    func testSingleStoreExample() throws {
        let result = try importExample("glance_single_store")
        XCTAssertEqual(result.warnings.map(\.description), [
            "glance_single_store.pp:8:9: warning: class 'glance::backend::swift' is deprecated: it wraps glance::backend::multistore::swift titled 'glance_store'; prefer glance::api 'enabled_backends' with that define",
            "glance_single_store.pp:14:3: warning: 'keystone_password' is glance::api::authtoken 'password' in puppet-glance Zed; imported there",
        ])
        XCTAssertEqual(try PuppetImportFixture.plan(result, file: "glance_single_store.yml"), [])
    }

    func testMultiStoreFlagExample() throws {
        let result = try importExample("glance_multi_store")
        XCTAssertEqual(result.warnings.map(\.description), [
            "glance_multi_store.pp:9:9: warning: class 'glance::backend::file' is deprecated: it wraps glance::backend::multistore::file titled 'glance_store'; prefer glance::api 'enabled_backends' with that define",
            "glance_multi_store.pp:13:9: warning: class 'glance::backend::swift' is deprecated: it wraps glance::backend::multistore::swift titled 'glance_store'; prefer glance::api 'enabled_backends' with that define",
            "glance_multi_store.pp:20:3: warning: 'keystone_password' is glance::api::authtoken 'password' in puppet-glance Zed; imported there",
        ])
        XCTAssertEqual(try PuppetImportFixture.plan(result, file: "glance_multi_store.yml"), [])
    }
}
