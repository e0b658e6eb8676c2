@testable import Deploy
import Foundation
import LabSupport
import XCTest

/// `ReleaseStore.pruneScript` under both shells a node may run it with: the newest releases
/// stay, anything that is not a release id is left alone.
final class ReleasePruneTests: XCTestCase {
    private let releases = ["20261201T090000Z-0a", "20261130T235959Z-ff", "20261206T120000Z-1", "20261206T120000Z-2",
                            "20261203T000000Z-abc", "20261202T101010Z-9", "20261204T000000Z-de", "20261205T000000Z-7"]
    private let others = ["notes", "20261209T000000Z-xyz", "20261209T000000Z-", ".20261209T000000Z-1"]

    private func prune(keep: Int, shell: String) throws -> Set<String> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prune-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in releases + others {
            try FileManager.default.createDirectory(atPath: directory + "/" + name + "/files", withIntermediateDirectories: true)
        }
        let result = try Lab.shell(shell, "-c", ReleaseStore.pruneScript(keep: keep, in: directory))
        XCTAssertEqual(result.status, 0, result.output)
        return Set(try FileManager.default.contentsOfDirectory(atPath: directory))
    }

    func testTheNewestReleasesStayAndOtherEntriesAreLeftAlone() throws {
        for shell in ["bash", "dash"] {
            XCTAssertEqual(try prune(keep: 3, shell: shell),
                           Set(others + ["20261206T120000Z-2", "20261206T120000Z-1", "20261205T000000Z-7"]), shell)
            XCTAssertEqual(try prune(keep: 10, shell: shell), Set(others + releases), shell)
            XCTAssertEqual(try prune(keep: 0, shell: shell), Set(others + ["20261206T120000Z-2"]), "keeps one at least (\(shell))")
        }
    }

    func testAMissingDirectoryIsNothingToPrune() throws {
        let result = try Lab.shell("dash", "-c", ReleaseStore.pruneScript(keep: 3, in: "/nonexistent/releases") + "echo done")
        XCTAssertEqual(result.output.split(separator: "\n").last, "done")
    }
}
