import Foundation
import Playbook
import XCTest

/// The role catalog as each release's hosts get it (puppet-glance zed-eol for Glance 25, with
/// stable/2025.1's removals, deprecations and defaults for Glance 30): one golden file per
/// release (`Fixtures/catalog/glance-N.txt`; `RECORD_GOLDEN=1` rewrites them).
final class CatalogReleaseTests: XCTestCase {
    func testEachReleasesCatalogIsItsGoldenFile() throws {
        for release in TargetRelease.supported {
            let name = "catalog/glance-\(release.glanceMajor).txt"
            let text = Self.listing(for: release)
            if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
                try text.write(to: Snapshot.sourceDirectory.appendingPathComponent("Fixtures/" + name),
                               atomically: true, encoding: .utf8)
                continue
            }
            let golden = try String(contentsOf: Snapshot.fixtures.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(text, golden, name)
        }
    }

    func testTheReleasesDifferWherePuppetGlance2025Point1Does() {
        let zed = Self.listing(for: .debian12Zed), epoxy = Self.listing(for: .debian13Epoxy)
        XCTAssertTrue(zed.contains("  bind_port: a port number from 1 to 65535 = 9292 -> glance-api.conf [DEFAULT] bind_port\n"))
        XCTAssertTrue(epoxy.contains("  bind_port: a port number from 1 to 65535 -> glance-api.conf [DEFAULT] bind_port\n"))
        XCTAssertTrue(epoxy.contains("  location_strategy: one of location_order, store_type; refused: Glance removed"))
        XCTAssertTrue(zed.contains("  location_strategy: one of location_order, store_type -> glance-api.conf [DEFAULT] location_strategy\n"))
        // glance::limit finds its endpoint by service name and type on 2025.1; the http store
        // is written to glance-cache.conf too.
        XCTAssertTrue(zed.contains("  endpoint_id: a string (required) -> glance-api.conf [oslo_limit] endpoint_id\n"))
        XCTAssertTrue(epoxy.contains("  endpoint_service_name: a string = 'glance' (role code)\n"))
        XCTAssertTrue(epoxy.contains("  https_insecure: true or false -> glance-api.conf [$store] https_insecure, "
            + "glance-cache.conf [$store] https_insecure\n"))
        // glance::api's deprecated filesystem_store_* also go to glance-cache.conf on 2025.1.
        XCTAssertTrue(epoxy.contains("  filesystem_store_file_perm: a string -> glance-api.conf [glance_store] "
            + "filesystem_store_file_perm, glance-cache.conf [glance_store] filesystem_store_file_perm\n"))
        let changed = zip(zed.split(separator: "\n"), epoxy.split(separator: "\n")).filter { $0 != $1 }
        XCTAssertEqual(changed.count, 16, changed.map { "\($0.1)" }.joined(separator: "\n"))
    }

    static func listing(for release: TargetRelease) -> String {
        RoleCatalog.names.compactMap(RoleCatalog.role(named:)).map { role in
            let spec = role.on(release)
            return spec.name + (spec.isDefine ? " (define)" : "") + "\n"
                + spec.parameters.map { "  \(describe($0))\n" }.joined()
        }.joined()
    }

    private static func describe(_ parameter: ParameterSpec) -> String {
        var text = "\(parameter.name): \(parameter.type.expectation)"
        switch parameter.defaultValue {
        case .unset: break
        case .required: text += " (required)"
        case .osWorkers: text += " = os_workers"
        case .value(let value): text += " = \(describe(value))"
        }
        if parameter.isSecret { text += " (secret)" }
        return text + describe(parameter.effect, of: parameter.name)
    }

    private static func describe(_ effect: ParameterSpec.Effect, of name: String) -> String {
        switch effect {
        case .writes(let targets): return targets.isEmpty ? "" : " -> " + describe(targets, of: name)
        case .custom: return " (role code)"
        case .dropped(let reason): return "; ignored: \(reason)"
        case .translated(let targets, let reason): return "; translated -> \(describe(targets, of: name)): \(reason)"
        case .refused(let reason): return "; refused: \(reason)"
        case .legacy(let reason): return "; legacy: \(reason)"
        }
    }

    private static func describe(_ targets: [SettingTarget], of name: String) -> String {
        targets.map { "\(($0.file as NSString).lastPathComponent) [\($0.section)] \($0.key ?? name)" }
            .joined(separator: ", ")
    }

    private static func describe(_ value: ParameterValue) -> String {
        switch value {
        case .string(let text): return "'\(text)'"
        case .integer(let number): return "\(number)"
        case .number(let text): return text
        case .bool(let flag): return "\(flag)"
        case .list(let items): return "[" + items.joined(separator: ", ") + "]"
        case .map(let pairs): return "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .raw: return "(mapping)"
        }
    }
}
