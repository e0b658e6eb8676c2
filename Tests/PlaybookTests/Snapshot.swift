import Foundation
import Inventory
import Playbook
import XCTest

/// Renders role outputs as reviewable text and compares them with golden files in
/// Fixtures/Snapshots (RECORD_SNAPSHOTS=1 rewrites them in the source tree).
enum Snapshot {
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryRoot = sourceDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil) ?? sourceDirectory.appendingPathComponent("Fixtures")
    }

    /// `file [section] key = value` per setting (`<secret>` for secrets, `<absent>` for removals,
    /// `+=` per line of a multi-line value), then packages, services, one-shots, whole files, warnings.
    static func text(_ outputs: [RoleOutput]) -> String {
        var lines: [String] = []
        for output in outputs {
            lines.append("== \(output.role)")
            for setting in output.settings {
                let head = "\(setting.file) [\(setting.section)] \(setting.key)"
                switch setting.value {
                case .absent: lines.append("\(head) <absent>")
                case .set(let value): lines.append("\(head) = \(setting.isSecret ? "<secret>" : value)")
                case .multi(let values):
                    lines += values.map { "\(head) += \(setting.isSecret ? "<secret>" : $0)" }
                }
            }
            for path in output.purgedFiles { lines.append("purge \(path)") }
            for package in output.packages {
                lines.append("package \(package.name) \(package.ensure)"
                    + (package.restarts.isEmpty ? "" : " restarts \(package.restarts.joined(separator: ","))"))
            }
            for service in output.services {
                lines.append("service \(service.name) running=\(service.running) enabled=\(service.enabled)"
                    + (service.restartedBy.isEmpty ? "" : " restartedBy=\(service.restartedBy.count) files"))
                if let health = service.health {
                    lines.append("  health \(health.url)")
                    if let command = health.validationCommand { lines.append("  validate \(command)") }
                }
            }
            for oneShot in output.oneShots {
                lines.append("oneshot \(oneShot.id) user=\(oneShot.user ?? "root") once=\(oneShot.onceAcrossHosts) "
                    + "triggeredBy=\(oneShot.triggeredBy.joined(separator: ","))")
                lines += oneShot.command.split(separator: "\n").map { "  $ \($0)" }
            }
            for file in output.wholeFiles {
                lines.append("file \(file.path) \(file.owner):\(file.group) \(String(file.mode, radix: 8))")
                if file.isSecret {
                    lines.append("  | <secret>")
                } else {
                    lines += file.content.split(separator: "\n", omittingEmptySubsequences: false).map { "  | \($0)" }
                }
            }
            for warning in output.warnings { lines.append("warning: \(warning)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func assert(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
        let stored = fixtures.appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            let target = sourceDirectory.appendingPathComponent("Fixtures/Snapshots/\(name).txt")
            XCTAssertNoThrow(try actual.write(to: target, atomically: true, encoding: .utf8), file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: stored, encoding: .utf8) else {
            XCTFail("no snapshot \(name).txt; run with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "snapshot \(name) differs", file: file, line: line)
    }
}

/// Shared inputs for the tests.
enum Sample {
    static let host = InventoryHost(name: "ctl01", vars: [
        "ansible_host": "10.0.0.11", "ansible_processor_vcpus": "16", "keystone_host": "keystone.example.net",
    ])
    static let secrets = Secrets([
        "glance_keystone": "ks-S3cret", "glance_db": "db-S3cret", "rabbit": "mq-S3cret",
        "glance_swift_key": "swift-S3cret",
    ])

    static func playbook(_ yaml: String, file: String = "site.yml") throws -> Playbook {
        try Playbook.parse(yaml, file: file, secrets: secrets)
    }

    /// Every play of `yaml` rendered for the sample host.
    static func render(_ yaml: String, host: InventoryHost = host, release: TargetRelease = .debian12Zed) throws
        -> [RoleOutput] {
        let playbook = try playbook(yaml)
        return try playbook.render(host: host, release: release, includes: { _ in true })
    }

    /// The error `body` throws, as printed (`file:line:column: message`).
    static func error(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}
