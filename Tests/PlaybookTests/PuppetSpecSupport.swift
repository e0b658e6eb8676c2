import Playbook
import XCTest

/// Renders one role with one parameter set of a puppet-glance spec (spec/classes or spec/defines
/// at zed-eol, or stable/2025.1 for its new classes) and compares what it writes with what the
/// spec expects: `api:section/key` (glance-api.conf) or `cache:section/key` (glance-cache.conf) →
/// value, `<SERVICE DEFAULT>` for a removed key (puppet's os_service_default), nil for a key the
/// role must not write at all. Booleans are written True/False (oslo.config reads either).
enum PuppetSpec {
    struct Case {
        var title: String
        var yaml: String
        var expected: [String: String?]
    }

    static func settings(_ outputs: [RoleOutput]) -> [String: String] {
        var found: [String: String] = [:]
        for output in outputs {
            for setting in output.settings {
                let file = setting.file == GlanceFile.api ? "api" : setting.file == GlanceFile.cache ? "cache" : setting.file
                let value: String
                switch setting.value {
                case .absent: value = "<SERVICE DEFAULT>"
                case .set(let text): value = text
                case .multi(let lines): value = lines.joined(separator: "\n")
                }
                found["\(file):\(setting.section)/\(setting.key)"] = value
            }
        }
        return found
    }

    /// Each case's playbook is `- hosts: controllers` with `roles:` `yaml` (indented for it).
    static func playbook(_ roles: String) -> String {
        "- hosts: controllers\n  roles:\n" + roles.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    }

    /// Checks every case and snapshots them together as `name`.
    static func check(_ name: String, _ cases: [Case], release: TargetRelease = .debian12Zed,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        var text = ""
        for specCase in cases {
            let outputs = try Sample.render(playbook(specCase.yaml), release: release)
            let found = settings(outputs)
            for (key, value) in specCase.expected.sorted(by: { $0.key < $1.key }) {
                XCTAssertEqual(found[key], value, "\(name), \(specCase.title): \(key)", file: file, line: line)
            }
            text += "# \(specCase.title)\n" + Snapshot.text(outputs)
        }
        Snapshot.assert(text, named: name, file: file, line: line)
    }

    /// Every key of `keys` under `prefix` (e.g. `api:cors/`) expected as `value`.
    static func all(_ prefix: String, _ keys: [String], _ value: String?) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: keys.map { (prefix + $0, value) })
    }
}
