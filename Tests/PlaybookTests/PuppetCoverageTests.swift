import Foundation
import Playbook
import XCTest

/// How much of puppet-glance the role catalog covers, counted against the class and parameter
/// lists of its manifests (`scripts/puppet-glance-parameters` wrote Fixtures/puppet/*.txt from the
/// git tag zed-eol and the branch stable/2025.1). The counts are a ratchet: adding a class or
/// parameter raises them here, and nothing may lower them.
final class PuppetCoverageTests: XCTestCase {
    struct Coverage: Equatable, CustomStringConvertible {
        var classes = 0, classesCovered = 0, parameters = 0, parametersCovered = 0
        var missing: [String] = []

        var description: String {
            "\(classesCovered)/\(classes) classes, \(parametersCovered)/\(parameters) parameters; missing: "
                + missing.joined(separator: ", ")
        }
    }

    static func coverage(of fixture: String) throws -> Coverage {
        let text = try String(contentsOf: Snapshot.fixtures.appendingPathComponent("puppet/\(fixture)"), encoding: .utf8)
        var coverage = Coverage()
        var role: RoleSpec?
        var className = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("class ") {
                className = String(line.dropFirst("class ".count))
                role = RoleCatalog.role(named: className)
                coverage.classes += 1
                if role != nil { coverage.classesCovered += 1 } else { coverage.missing.append(className) }
            } else {
                let parameter = line.trimmingCharacters(in: .whitespaces)
                coverage.parameters += 1
                if role?.parameter(named: parameter) != nil {
                    coverage.parametersCovered += 1
                } else if role != nil {
                    coverage.missing.append("\(className) \(parameter)")
                }
            }
        }
        return coverage
    }

    func testZedEOLCoverage() throws {
        let coverage = try Self.coverage(of: "zed-eol.txt")
        XCTAssertEqual(coverage.classes, 42)
        XCTAssertEqual(coverage.parameters, 458)
        XCTAssertEqual(coverage.classesCovered, 42, "\(coverage)")
        XCTAssertEqual(coverage.parametersCovered, 458, "\(coverage)")
        print("puppet-glance zed-eol: \(coverage)")
    }

    func testStable2025Point1Coverage() throws {
        let coverage = try Self.coverage(of: "stable-2025.1.txt")
        XCTAssertEqual(coverage.classes, 44)
        XCTAssertEqual(coverage.classesCovered, 44, "\(coverage)")
        XCTAssertEqual(coverage.parametersCovered, 480, "\(coverage)")
        print("puppet-glance stable/2025.1: \(coverage)")
    }
}
