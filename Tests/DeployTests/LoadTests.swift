import Deploy
import Foundation
import LabSupport
import XCTest

/// 100 sshd-only nodes (101-200) deployed at --forks 100 and at the default 20: every host
/// succeeds, and the process ends with the descriptors and threads it started with.
final class LoadTests: XCTestCase {
    private let nodes = Array(101...200)

    override func setUpWithError() throws {
        try Lab.up(200)
    }

    private static func count(_ directory: String) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? -1
    }

    /// Resident set size in KiB, from /proc/self/status, after glibc has handed its free heap
    /// pages back (without the trim, memory freed into a hundred threads' arenas still counts).
    private static func residentKiB() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { _ = unsafeBitCast(trim, to: Trim.self)(0) }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    func testHundredNodesAtHundredForksAndAtTheDefault() throws {
        let playbook = Lab.repository.path + "/playbooks/lab-sshd-only.yml"
        let workers2 = FileManager.default.temporaryDirectory.appendingPathComponent("sshd-only-2.yml").path
        try String(contentsOfFile: playbook, encoding: .utf8).replacingOccurrences(of: "workers: 1", with: "workers: 2")
            .write(toFile: workers2, atomically: true, encoding: .utf8)
        _ = try LabDeploy.deploy(playbook, nodes: nodes, options: DeployOptions(forks: 100))
        let descriptors = Self.count("/proc/self/fd")
        let threads = Self.count("/proc/self/task")
        let resident = Self.residentKiB()
        for (forks, book) in [(100, workers2), (20, playbook), (100, playbook)] {
            let started = Date()
            let reports = try LabDeploy.deploy(book, nodes: nodes, options: DeployOptions(forks: forks))
            let failed = reports.filter { $0.status == .failed }
            XCTAssertEqual(failed.map(\.host), [], "\(failed.prefix(3).map { $0.error ?? "" })")
            let expected: HostStatus = book == workers2 || forks == 20 ? .changed : .unchanged
            XCTAssertEqual(Set(reports.map(\.status)), [expected], "forks \(forks)")
            print("load: 100 nodes, forks \(forks), \(expected): \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
        // Dispatch retires idle worker threads on its own schedule: a leak is growth that lasts.
        let settled = Date().addingTimeInterval(5)
        while Date() < settled, Self.count("/proc/self/task") > threads || Self.count("/proc/self/fd") > descriptors {
            Thread.sleep(forTimeInterval: 0.2)
        }
        XCTAssertLessThanOrEqual(Self.count("/proc/self/fd"), descriptors, "file descriptors leaked")
        XCTAssertLessThanOrEqual(Self.count("/proc/self/task"), threads, "threads leaked")
        XCTAssertLessThan(Self.residentKiB() - resident, 100 * 1024, "memory grew by more than 100 MB")
    }
}
