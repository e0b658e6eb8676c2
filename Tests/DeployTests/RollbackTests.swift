import Basics
import Deploy
import Foundation
import Inventory
import LabSupport
import Playbook
import SSH
import XCTest

/// Rollback on the real lab, nodes 8 to 10 only (nodes 1 to 7 belong to other test runs).
final class RollbackTests: XCTestCase {
    private let api = "/etc/glance/glance-api.conf"
    private let cache = "/etc/glance/glance-cache.conf"

    override func setUpWithError() throws {
        try LabNodes.prepare()
    }

    override func tearDownWithError() throws {
        try LabNodes.deployGoodConfig()
    }

    func testRollbackPutsBackNode9ExactlyAndLeavesTheOthersAlone() throws {
        // A state the deploy will change in bytes, owner and mode, and a file it will create.
        try LabNodes.shell(9, "chown glance:glance \(api) && chmod 644 \(api) && rm -f \(cache)")
        let before9 = try LabNodes.fileState(9, [api, cache])
        XCTAssertEqual(before9[1], .absent)
        let others = try [8, 10].map { try LabNodes.fileState($0, [api, cache]) }
        let otherPids = try [8, 10].map { try LabNodes.glancePid($0) }
        let oldPid9 = try LabNodes.glancePid(9)

        let changing = try LabNodes.playbook(extraAPILine: "image_size_cap: 123456789")
        let deployed = try LabNodes.deploy(changing, hosts: ["node9"])
        XCTAssertEqual(deployed.map(\.status), [.changed], "\(deployed)")
        XCTAssertEqual(Set(deployed[0].changedFiles), [api, cache])
        let deployID = try XCTUnwrap(deployed[0].release)
        let changed9 = try LabNodes.fileState(9, [api, cache])
        XCTAssertNotEqual(changed9[0], before9[0])
        XCTAssertTrue(changed9[0].content.contains("image_size_cap = 123456789\n"))
        XCTAssertNotEqual(try LabNodes.glancePid(9), oldPid9)

        let outcome = try Rollback.run(Rollback.Request(host: try LabNodes.host(9), healthURL: LabNodes.healthURL(9),
                                                        healthTimeout: 60), progress: LabNodes.quiet)
        XCTAssertEqual(outcome.restoredRelease, deployID)
        XCTAssertEqual(outcome.restoredFiles, [api])
        XCTAssertEqual(outcome.removedFiles, [cache])
        XCTAssertEqual(outcome.restarted, ["glance-api"])
        XCTAssertEqual(outcome.health, "ok")

        XCTAssertEqual(try LabNodes.fileState(9, [api, cache]), before9)
        XCTAssertEqual(try HTTPProbe.status(LabNodes.address(9)), 200)
        XCTAssertEqual(try [8, 10].map { try LabNodes.fileState($0, [api, cache]) }, others)
        XCTAssertEqual(try [8, 10].map { try LabNodes.glancePid($0) }, otherPids)

        let releases = try LabNodes.releases(9)
        XCTAssertEqual(releases.first?.id, outcome.record)
        XCTAssertEqual(releases.first?.kind, "rollback of \(deployID)")
        XCTAssertEqual(releases.first?.servicesRestarted, ["glance-api"])
        let recorded = try XCTUnwrap(releases.first?.files)
        XCTAssertEqual(recorded.map(\.path), [api, cache])
        XCTAssertEqual(recorded.map(\.existed), [true, true])
        XCTAssertEqual(recorded[0].sha256, SHA256.hex(Data(changed9[0].content.utf8)))
        XCTAssertEqual(recorded[0].mode, 0o640)
        XCTAssertEqual(recorded[0].owner, "root")
        XCTAssertEqual(recorded[0].group, "glance")
        XCTAssertEqual(try LabNodes.shell(9, "test -e \(NodeLock.path); echo $?"), "1\n")

        // The rollback is a release too: rolling it back brings the deployed files again.
        let again = try Rollback.run(Rollback.Request(host: try LabNodes.host(9), releaseID: outcome.record,
                                                      healthURL: LabNodes.healthURL(9), healthTimeout: 60),
                                     progress: LabNodes.quiet)
        XCTAssertEqual(again.restoredFiles, [api, cache])
        XCTAssertEqual(again.removedFiles, [])
        XCTAssertEqual(try LabNodes.fileState(9, [api, cache]), changed9)
        XCTAssertEqual(try LabNodes.releases(9).first?.kind, "rollback of \(outcome.record)")
        XCTAssertEqual(try HTTPProbe.status(LabNodes.address(9)), 200)
        XCTAssertEqual(try [8, 10].map { try LabNodes.glancePid($0) }, otherPids)
    }

    func testUnknownReleaseIsRefusedBeforeAnythingChanges() throws {
        let before = try LabNodes.fileState(9, [api, cache])
        let pid = try LabNodes.glancePid(9)
        let ids = try LabNodes.releases(9).map(\.id)
        XCTAssertFalse(ids.isEmpty)
        XCTAssertThrowsError(try Rollback.run(Rollback.Request(host: try LabNodes.host(9), releaseID: "20200101T000000Z-abcdef",
                                                               healthURL: LabNodes.healthURL(9)), progress: LabNodes.quiet)) { error in
            XCTAssertEqual((error as? UserError)?.message,
                           "host node9 has no release '20200101T000000Z-abcdef'; it has: " + ids.joined(separator: ", "))
        }
        XCTAssertEqual(try LabNodes.releases(9).map(\.id), ids)
        XCTAssertEqual(try LabNodes.fileState(9, [api, cache]), before)
        XCTAssertEqual(try LabNodes.glancePid(9), pid)
        XCTAssertEqual(try LabNodes.shell(9, "test -e \(NodeLock.path); echo $?"), "1\n")
    }

    func testReleaseListingReadsEveryHost() throws {
        let listings = ReleaseListing.run(hosts: try LabNodes.hosts(), options: ConnectionOptions(), forks: 3)
        XCTAssertEqual(listings.map(\.host), ["node8", "node9", "node10"])
        XCTAssertEqual(listings.map(\.error), [nil, nil, nil])
        for (offset, listing) in listings.enumerated() {
            XCTAssertEqual(listing.releases, try LabNodes.releases(8 + offset))
            XCTAssertEqual(listing.releases.map(\.id), listing.releases.map(\.id).sorted(by: >))
        }
    }
}

/// Nodes 8, 9 and 10 of the lab with the lab playbook deployed: their inventory, SSH access
/// and the state tests compare.
enum LabNodes {
    static let numbers = [8, 9, 10]
    static let quiet = DeployProgress(enabled: false) { _ in }
    static let directory = NSTemporaryDirectory() + "glance-push-rollback-tests"
    static var inventoryPath: String { directory + "/inventory.ini" }

    struct SetupError: Error { var message: String }

    struct FileState: Equatable {
        var content: String
        /// `mode owner group`, as `stat -c '%a %U %G'` prints them.
        var attributes: String
        static let absent = FileState(content: "", attributes: "absent")
    }

    static func address(_ node: Int) -> String { Lab.address(node) }
    static func healthURL(_ node: Int) -> String { "http://\(address(node)):9292/versions" }

    static var knownHosts: String { directory + "/known_hosts" }

    /// Makes sure nodes 8 to 10 run (`scripts/lab up` only when one of them is down: other
    /// runs share the lab and its files), writes their inventory and a known_hosts file of our
    /// own, and deploys the lab playbook, so that every test starts from a running glance-api
    /// with the good config.
    static func prepare() throws {
        if !numbers.allSatisfy(sshdIsRunning) { try Lab.up(10) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var inventory = "[controllers]\n"
        var known = ""
        for node in numbers {
            inventory += "node\(node) ansible_host=\(address(node)) ansible_user=root ansible_ssh_private_key_file=\(Lab.clientKey)\n"
            let key = try String(contentsOfFile: "\(Lab.directory)/nodes/node\(node)/ssh_host_ed25519_key.pub", encoding: .utf8)
            known += address(node) + " " + key.split(separator: " ").prefix(2).joined(separator: " ") + "\n"
        }
        inventory += "\n[all:vars]\nansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts)'\n"
        try inventory.write(toFile: inventoryPath, atomically: true, encoding: .utf8)
        try known.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        try deployGoodConfig()
    }

    private static func sshdIsRunning(_ node: Int) -> Bool {
        guard let text = try? String(contentsOfFile: "\(Lab.directory)/nodes/node\(node)/sshd.pid", encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return kill(pid, 0) == 0
    }

    static func deployGoodConfig() throws {
        let reports = try deploy(try Playbook.load(path: Lab.repository.path + "/playbooks/lab.yml", secrets: nil),
                                 hosts: numbers.map { "node\($0)" })
        guard reports.allSatisfy({ $0.status != .failed }) else {
            throw LabNodes.SetupError(message: "deploying the lab playbook to nodes 8-10 failed: \(reports.compactMap(\.error))")
        }
    }

    static func hosts() throws -> [InventoryHost] { try Inventory.load(path: inventoryPath).hosts }

    static func host(_ node: Int) throws -> InventoryHost {
        guard let found = try Inventory.load(path: inventoryPath).host(named: "node\(node)") else {
            throw LabNodes.SetupError(message: "node\(node) missing from \(inventoryPath)")
        }
        return found
    }

    /// The lab playbook with one more `glance::api` parameter line.
    static func playbook(extraAPILine: String) throws -> Playbook {
        let text = try String(contentsOfFile: Lab.repository.path + "/playbooks/lab.yml", encoding: .utf8)
            .replacingOccurrences(of: "      workers: 1\n", with: "      workers: 1\n      \(extraAPILine)\n")
        return try Playbook.parse(text, file: directory + "/changed.yml", secrets: nil)
    }

    static func deploy(_ playbook: Playbook, hosts names: [String]) throws -> [HostReport] {
        let inputs = try hosts().filter { names.contains($0.name) }.map { host in
            DeployInput(host: host) { release in try playbook.render(host: host, release: release, includes: { _ in true }) }
        }
        return Deployment.run(inputs, options: DeployOptions(forks: 3, healthTimeout: 60), progress: quiet)
    }

    static func connect(_ node: Int) throws -> SSHConnection {
        try SSHConnection.connect(to: SSHTarget(host: address(node), identityFile: Lab.clientKey,
                                                knownHostsFile: knownHosts, connectTimeout: 5))
    }

    @discardableResult
    static func shell(_ node: Int, _ command: String) throws -> String {
        let connection = try connect(node)
        defer { connection.close() }
        return try connection.run(command, timeout: 60).stdoutText
    }

    static func fileState(_ node: Int, _ paths: [String]) throws -> [FileState] {
        let connection = try connect(node)
        defer { connection.close() }
        return try paths.map { path in
            let attributes = try connection.run("stat -c '%a %U %G' \(ShellQuote.quote(path))").stdoutText
            guard !attributes.isEmpty else { return .absent }
            return FileState(content: String(decoding: try connection.readFile(path), as: UTF8.self),
                             attributes: attributes.trimmingCharacters(in: .newlines))
        }
    }

    /// The pid in /run/glance/glance-api.pid, or `dead <pid>` when that process is gone.
    static func glancePid(_ node: Int) throws -> String {
        try shell(node, "p=$(cat /run/glance/glance-api.pid); if kill -0 \"$p\" 2>/dev/null; then echo \"$p\"; else echo \"dead $p\"; fi")
            .trimmingCharacters(in: .newlines)
    }

    static func releases(_ node: Int) throws -> [ReleaseManifest] {
        let connection = try connect(node)
        defer { connection.close() }
        return try ReleaseStore.list(on: connection)
    }
}
