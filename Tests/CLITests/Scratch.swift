import Foundation
import XCTest

/// A temporary directory of inputs for the commands. Every host points at 127.0.0.250 port 1,
/// where nothing listens, so no run can reach a real host.
struct Scratch {
    static let token = "$SCRATCH"
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in Self.files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path("open-secrets.yml"))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// `words` split at spaces, each `$S/` replaced by the scratch directory.
    func arguments(_ words: String) -> [String] {
        words.split(separator: " ").map { $0.replacingOccurrences(of: "$S/", with: directory.path + "/") }
    }

    /// Replacements that make a transcript independent of where the scratch directory is.
    var replacements: [(String, String)] {
        [(directory.path, Self.token)]
    }

    private static let files: [(String, String)] = [
        ("hosts.ini", """
            [controllers]
            ctl01 ansible_host=127.0.0.250 ansible_port=1
            ctl02 ansible_host=127.0.0.250 ansible_port=1

            """),
        ("bad-jump.ini", """
            [controllers]
            ctl01 ansible_host=10.20.0.11 ansible_ssh_common_args='-J ops@bastion:22x'

            """),
        ("behind-dead-bastion.ini", """
            [controllers]
            ctl01 ansible_host=10.20.0.11
            ctl02 ansible_host=10.20.0.12

            [controllers:vars]
            ansible_ssh_common_args='-J ops@127.0.0.250:1'

            """),
        ("bad.ini", """
            [controllers]
            ctl01 ansible_host=127.0.0.250 ansible_port=1

            [edge:children]
            nosuchgroup

            """),
        ("site.yml", """
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: "{{ ansible_host }}"
                  workers: 1
                  auth_strategy: noauth
                  enabled_backends: ["fs:file"]
                  default_backend: fs
                  database_connection: "sqlite:////var/lib/glance/glance.sqlite"
                glance::backend::multistore::file:
                  id: fs
                  filesystem_store_datadir: /var/lib/glance/images

            """),
        ("bad.yml", """
            - hosts: controllers
              roles:
                glance::api:
                  workerz: 1

            """),
        ("zed-options.yml", """
            - hosts: controllers
              roles:
                glance::api:
                  bind_host: "{{ ansible_host }}"
                  auth_strategy: noauth
                  enabled_backends: ["fs:file"]
                  default_backend: fs
                  database_connection: "sqlite:////var/lib/glance/glance.sqlite"
                  location_strategy: store_type
                  enforce_secure_rbac: true
                glance::config:
                  api_config:
                    DEFAULT/allow_additional_image_properties: {value: true}

            """),
        ("open-secrets.yml", "glance_db: hunter2\n"),
        ("good.pp", """
            class { 'glance::api':
              workers           => 4,
              keystone_password => 'hunter2',
            }

            """),
        ("bad.pp", """
            class { 'glance::api':
              workers => 4,
              bind_host =>

            """),
    ]
}

/// Runs each case in process and compares its transcript with `Snapshots/<name>.txt`.
class SnapshotTestCase: XCTestCase {
    var scratch: Scratch?

    override func setUpWithError() throws {
        scratch = try Scratch()
    }

    override func tearDown() {
        scratch?.remove()
    }

    /// `cases` are (snapshot name, arguments with `$S/` for the scratch directory).
    func assertSnapshots(_ cases: [(String, String)], normalizing extra: [(String, String)] = [],
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let scratch = try XCTUnwrap(scratch, file: file, line: line)
        for (name, words) in cases {
            let run = CLIRun.inProcess(scratch.arguments(words))
            var transcript = run.transcript(replacing: scratch.replacements)
            for (pattern, token) in extra {
                transcript = transcript.replacingOccurrences(of: pattern, with: token, options: .regularExpression)
            }
            CLISnapshot.assert(transcript, named: name, file: file, line: line)
        }
    }
}
