import Deploy
import Foundation
import LabSupport
import XCTest

/// Ctrl-C during a 10-node deploy: no new step starts, in-flight renames finish, locks are
/// released, the table says which hosts changed, and glance-push exits (130) within 5 s.
final class InterruptTests: XCTestCase {
    private let nodes = Array(41...50)

    override func setUpWithError() throws {
        try Lab.up(50)
        let converged = try LabDeploy.deploy(LabDeploy.labPlaybook, nodes: nodes, options: DeployOptions(forks: 10))
        XCTAssertFalse(converged.contains { $0.status == .failed }, "\(converged.map { $0.error ?? "" })")
    }

    override func tearDownWithError() throws {
        _ = try? LabDeploy.deploy(try LabDeploy.restorePlaybook(), nodes: nodes, options: DeployOptions(forks: 10))
    }

    func testInterruptStopsNewStepsAndLeavesWholeFiles() throws {
        let old = try nodes.map { try LabDeploy.sha($0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Lab.repository.path + "/.build/debug/glance-push")
        process.arguments = ["deploy", "-i", Lab.inventory, "-p", try LabDeploy.playbook(workers: 5, syncDB: false),
                             "--limit", nodes.map { "node\($0)" }.joined(separator: ","), "--forks", "10"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let collected = OutputCollector(errors.fileHandleForReading)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !collected.text.contains("  files  ") && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertTrue(collected.text.contains("  files  "), collected.text)
        let interrupted = Date()
        process.interrupt()
        process.waitUntilExit()
        let stopped = Date().timeIntervalSince(interrupted)
        XCTAssertLessThan(stopped, 5, "took \(stopped) s to stop")
        XCTAssertEqual(process.terminationStatus, 130)
        let table = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(table.contains(" interrupted"), table)
        XCTAssertTrue(table.hasSuffix(" interrupted\n"), table)
        XCTAssertTrue(collected.text.contains("interrupted: starting no new step"), collected.text)
        let new = try nodes.map { node -> String in
            let now = try LabDeploy.sha(node)
            XCTAssertEqual(try LabDeploy.run(node, "ls -A /etc/glance | grep -c glance-push-tmp"), "0\n", "node\(node)")
            XCTAssertEqual(try LabDeploy.run(node, "test -e /var/lib/glance-push/lock; echo $?"), "1\n", "node\(node) lock")
            return now
        }
        // Finishing the change gives each node its new file: every interrupted file is old or new, never partial.
        let finished = try LabDeploy.deploy(try LabDeploy.playbook(workers: 5, syncDB: false), nodes: nodes, options: DeployOptions(forks: 10))
        XCTAssertFalse(finished.contains { $0.status == .failed })
        for (index, node) in nodes.enumerated() {
            XCTAssertTrue([old[index], try LabDeploy.sha(node)].contains(new[index]), "node\(node) has a partial file")
        }
    }
}

/// Reads a pipe in the background so that the test can watch a running process's stderr.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                lock.lock()
                buffer.append(chunk)
                lock.unlock()
            }
        }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self)
    }
}
