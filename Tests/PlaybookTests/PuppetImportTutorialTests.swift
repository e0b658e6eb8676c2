import Inventory
import Playbook
import XCTest

final class PuppetImportTutorialTests: XCTestCase {
    func testTutorialManifestGivesGoldenPlaybook() throws {
        let manifest = try PuppetManifest.parse(try PuppetImportFixture.text("tutorial.pp"), file: "tutorial.pp")
        let result = try PuppetImport.playbookYAML(from: manifest)
        print(result.yaml)
        print(result.warnings.map(\.description).joined(separator: "\n"))
        print(result.secretsSkeleton)
        try PuppetImportFixture.assertGolden(result.yaml, "tutorial.expected.yml")
    }
}
