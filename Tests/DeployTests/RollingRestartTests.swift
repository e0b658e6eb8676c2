import Deploy
import Foundation
import LabSupport
import SSH
import XCTest

/// Rolling restarts of glance-api on lab nodes 8 to 10, watched from outside.
final class RollingRestartTests: XCTestCase {
    override func setUpWithError() throws {
        try LabNodes.prepare()
    }

    override func tearDownWithError() throws {
        try LabNodes.deployGoodConfig()
    }

    private func targets() throws -> [RollingRestart.Target] {
        try LabNodes.hosts().map { RollingRestart.Target(host: $0, healthURL: "http://\($0.vars["ansible_host"] ?? ""):9292/versions") }
    }

    func testBatchOfOneKeepsTwoOfThreeAnswering() throws {
        let pids = try LabNodes.numbers.map(LabNodes.glancePid)
        let sampler = AvailabilitySampler(addresses: LabNodes.numbers.map(LabNodes.address))
        sampler.start()
        let outcome = try RollingRestart.run(try targets(), options: RollingRestart.Options(batch: ["1"], forks: 3),
                                             progress: LabNodes.quiet)
        let samples = sampler.stop()

        XCTAssertEqual(outcome.hosts.map(\.host), ["node8", "node9", "node10"])
        XCTAssertEqual(outcome.hosts.map(\.status), [.restarted, .restarted, .restarted])
        XCTAssertEqual(outcome.hosts.map(\.batch), [1, 2, 3])
        XCTAssertEqual(outcome.hosts.map(\.error), [nil, nil, nil])
        XCTAssertNil(outcome.stoppedAfterBatch)
        let newPids = try LabNodes.numbers.map(LabNodes.glancePid)
        for (old, new) in zip(pids, newPids) {
            XCTAssertNotEqual(old, new)
            XCTAssertFalse(new.hasPrefix("dead"), new)
        }

        AvailabilitySampler.assertOneAtATime(samples)
    }

    func testNodeThatCannotStartStopsTheRolloutAndLaterNodesKeepTheirProcess() throws {
        try LabNodes.shell(9, "sed -i 's/^bind_port = .*/bind_port = notanumber/' /etc/glance/glance-api.conf")
        XCTAssertEqual(try LabNodes.shell(9, "grep -c '^bind_port = notanumber$' /etc/glance/glance-api.conf"), "1\n")
        let pids = try LabNodes.numbers.map(LabNodes.glancePid)

        let outcome = try RollingRestart.run(try targets(), options: RollingRestart.Options(batch: ["1"], healthTimeout: 15, forks: 3),
                                             progress: LabNodes.quiet)

        XCTAssertEqual(outcome.hosts.map(\.status), [.restarted, .failed, .untouched])
        XCTAssertEqual(outcome.hosts.map(\.batch), [1, 2, nil])
        XCTAssertEqual(outcome.stoppedAfterBatch, 2)
        XCTAssertEqual(outcome.failed, ["node9"])
        XCTAssertEqual(outcome.untouched, ["node10"])
        let error = try XCTUnwrap(outcome.hosts[1].error)
        XCTAssertTrue(error.hasPrefix("health: http://127.0.0.19:9292/versions not healthy after 15 s: "), error)
        let after = try LabNodes.numbers.map(LabNodes.glancePid)
        XCTAssertNotEqual(after[0], pids[0])
        XCTAssertFalse(after[0].hasPrefix("dead"), after[0])
        XCTAssertTrue(after[1].hasPrefix("dead"), after[1])
        XCTAssertEqual(after[2], pids[2])
        XCTAssertEqual(try HTTPProbe.status(LabNodes.address(10)), 200)
    }

    func testMaxFailLetsTheRolloutGoOnPastOneFailure() throws {
        try LabNodes.shell(8, "sed -i 's/^bind_port = .*/bind_port = notanumber/' /etc/glance/glance-api.conf")
        let pids = try LabNodes.numbers.map(LabNodes.glancePid)
        let outcome = try RollingRestart.run(try targets(),
                                             options: RollingRestart.Options(batch: ["1"], maxFail: 1, healthTimeout: 10, forks: 3),
                                             progress: LabNodes.quiet)
        XCTAssertEqual(outcome.hosts.map(\.status), [.failed, .restarted, .restarted])
        XCTAssertNil(outcome.stoppedAfterBatch)
        let after = try LabNodes.numbers.map(LabNodes.glancePid)
        XCTAssertTrue(after[0].hasPrefix("dead"), after[0])
        XCTAssertNotEqual(after[1], pids[1])
        XCTAssertNotEqual(after[2], pids[2])
    }

    func testWithoutBatchesEveryHostRestartsAtOnce() throws {
        let pids = try LabNodes.numbers.map(LabNodes.glancePid)
        let outcome = try RollingRestart.run(try targets(), options: RollingRestart.Options(forks: 3), progress: LabNodes.quiet)
        XCTAssertEqual(outcome.hosts.map(\.status), [.restarted, .restarted, .restarted])
        XCTAssertEqual(outcome.hosts.map(\.batch), [1, 1, 1])
        let after = try LabNodes.numbers.map(LabNodes.glancePid)
        for (old, new) in zip(pids, after) { XCTAssertNotEqual(old, new) }
    }

    func testMalformedBatchIsRefusedBeforeAnyHostIsTouched() throws {
        let pids = try LabNodes.numbers.map(LabNodes.glancePid)
        XCTAssertThrowsError(try RollingRestart.run(try targets(), options: RollingRestart.Options(batch: ["one"]),
                                                    progress: LabNodes.quiet)) { error in
            XCTAssertEqual("\(error)", "invalid serial 'one': expected a number of hosts or a percentage like '30%'")
        }
        XCTAssertEqual(try LabNodes.numbers.map(LabNodes.glancePid), pids)
    }
}

/// Polls `GET /versions` on each address in turn, about ten times a second, from a thread of
/// its own; each sample holds the status per address (nil: no answer).
final class AvailabilitySampler: @unchecked Sendable {
    /// At every sample at least 2 of 3 nodes answered, and each node was seen down (so the
    /// sampler saw the restarts) in rollout order.
    static func assertOneAtATime(_ samples: [[Int?]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(samples.count, 20, file: file, line: line)
        for sample in samples {
            XCTAssertGreaterThanOrEqual(sample.filter { $0 == 200 }.count, 2, "at one moment only \(sample) answered",
                                        file: file, line: line)
        }
        let downOrder = samples.compactMap { sample in sample.firstIndex { $0 != 200 } }
        let firstDowns = downOrder.reduce(into: [Int]()) { order, node in if order.last != node { order.append(node) } }
        XCTAssertEqual(firstDowns, [0, 1, 2], "\(downOrder)", file: file, line: line)
    }

    private let addresses: [String]
    // Guarded by `lock`.
    private let lock = NSLock()
    private var samples: [[Int?]] = []
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    init(addresses: [String]) {
        self.addresses = addresses
    }

    func start() {
        let thread = Thread { [self] in
            while isRunning {
                let sample = addresses.map { try? HTTPProbe.status($0) }
                lock.lock()
                samples.append(sample)
                lock.unlock()
                Thread.sleep(forTimeInterval: 0.1)
            }
            finished.signal()
        }
        thread.start()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    func stop() -> [[Int?]] {
        lock.lock()
        running = false
        lock.unlock()
        finished.wait()
        lock.lock()
        defer { lock.unlock() }
        return samples
    }
}

/// A plain HTTP/1.0 GET over a socket with 2 s timeouts; returns the status code.
enum HTTPProbe {
    struct ProbeError: Error { var message: String }

    static func status(_ address: String, port: UInt16 = 9292, path: String = "/versions") throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ProbeError(message: "socket: errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var server = sockaddr_in()
        server.sin_family = sa_family_t(AF_INET)
        server.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &server.sin_addr) == 1 else { throw ProbeError(message: "bad address \(address)") }
        let connected = withUnsafePointer(to: &server) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ProbeError(message: "connect: errno \(errno)") }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(address):\(port)\r\n\r\n".utf8)
        guard send(socket, request, request.count, 0) == request.count else { throw ProbeError(message: "send failed") }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 512)
        while !answer.contains(UInt8(ascii: "\n")) {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { throw ProbeError(message: "no status line") }
            answer += buffer[0..<count]
        }
        let statusLine = String(decoding: answer.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let code = Int(fields[1]) else {
            throw ProbeError(message: "bad status line '\(statusLine)'")
        }
        return code
    }
}
