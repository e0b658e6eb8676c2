import Foundation

/// Steady HTTP load on one address (the lab's HAProxy), bounded in requests and in time: each
/// worker sends `GET` requests in turn over the paths, one new connection each, at its share of
/// `rate`. A request fails on a connection error, a status of 500 or more, or a body that is
/// not the answer the path gives (`expect`).
public final class LoadGenerator: @unchecked Sendable {
    public struct Summary: Sendable, CustomStringConvertible {
        public var sent: Int
        public var failed: Int
        /// The first few failures: path and reason.
        public var failures: [String]
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double

        /// One line for scripts: `sent=N failed=N p50_ms=X p99_ms=Y`.
        public var machineReadable: String {
            "sent=\(sent) failed=\(failed) p50_ms=\(String(format: "%.1f", p50Milliseconds)) "
                + "p99_ms=\(String(format: "%.1f", p99Milliseconds))"
        }

        public var description: String {
            "\(sent) requests, \(failed) failed, p50 \(String(format: "%.1f", p50Milliseconds)) ms, "
                + "p99 \(String(format: "%.1f", p99Milliseconds)) ms" + (failures.isEmpty ? "" : "; " + failures.joined(separator: "; "))
        }
    }

    /// A path and what its answer's body must be.
    public struct Request: Sendable {
        public enum Expectation: Sendable {
            /// The body contains this text (a JSON document's key).
            case contains(String)
            /// The body is exactly these bytes (an image's data).
            case body(Data)
        }

        public var path: String
        public var expect: Expectation

        public init(path: String, expect: Expectation) {
            self.path = path
            self.expect = expect
        }

        public init(path: String, expect: String) {
            self.init(path: path, expect: .contains(expect))
        }

        /// nil when `body` is the right answer; else what is wrong with it.
        func mismatch(_ body: Data) -> String? {
            switch expect {
            case .contains(let text):
                return String(decoding: body, as: UTF8.self).contains(text) ? nil : "body without \(text)"
            case .body(let bytes):
                return body == bytes ? nil : "wrong bytes (\(body.count) bytes, \(bytes.count) expected)"
            }
        }
    }

    public static let glanceRequests = [
        Request(path: "/versions", expect: "\"versions\""),
        Request(path: "/v2/images", expect: "\"images\""),
    ]

    private let host: String
    private let port: UInt16
    private let requests: [Request]
    private let rate: Double
    private let workers: Int
    private let maxRequests: Int
    private let maxSeconds: Double
    private let lock = NSLock()
    private var stopped = false
    private var latencies: [Double] = []
    private var failures: [String] = []
    private var failed = 0
    private let group = DispatchGroup()

    public init(host: String, port: UInt16, requests: [Request] = glanceRequests, rate: Double = 40, workers: Int = 4,
                maxRequests: Int = 20_000, maxSeconds: Double = 600) {
        self.host = host
        self.port = port
        self.requests = requests
        self.rate = rate
        self.workers = workers
        self.maxRequests = maxRequests
        self.maxSeconds = maxSeconds
    }

    public func start() {
        let started = Date()
        for worker in 0..<workers {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                run(worker: worker, started: started)
            }
        }
    }

    /// Waits up to `timeout` seconds for the workers to end by themselves (their request or
    /// time bound); true once they have.
    public func waitUntilDone(timeout: Double) -> Bool {
        group.wait(timeout: .now() + timeout) == .success
    }

    /// Stops the workers, waits for their requests in flight, and sums up.
    public func stop() -> Summary {
        lock.withLock { stopped = true }
        group.wait()
        return lock.withLock {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000
            }
            return Summary(sent: latencies.count, failed: failed, failures: failures,
                           p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99))
        }
    }

    private func run(worker: Int, started: Date) {
        let interval = Double(workers) / rate
        var next = started.addingTimeInterval(interval * Double(worker) / Double(workers))
        var turn = worker
        while true {
            let done = lock.withLock { stopped || latencies.count >= maxRequests } || Date().timeIntervalSince(started) > maxSeconds
            if done { return }
            let wait = next.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            next = next.addingTimeInterval(interval)
            let request = requests[turn % requests.count]
            turn += 1
            let begin = Date()
            let failure = send(request)
            let seconds = Date().timeIntervalSince(begin)
            lock.withLock {
                latencies.append(seconds)
                if let failure {
                    failed += 1
                    if failures.count < 5 { failures.append("\(request.path): \(failure)") }
                }
            }
        }
    }

    /// nil when the answer is right; else why not.
    private func send(_ request: Request) -> String? {
        let response: Data
        do {
            response = try HTTPExchange.get(host: host, port: port, path: request.path, timeout: 10)
        } catch {
            return "\(error)"
        }
        let separator = Data("\r\n\r\n".utf8)
        guard let headEnd = response.range(of: separator),
              let statusLine = String(decoding: response[..<headEnd.lowerBound], as: UTF8.self).split(separator: "\r\n").first,
              let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            return "no HTTP status line"
        }
        if code >= 500 { return "status \(code)" }
        if let wrong = request.mismatch(Data(response[headEnd.upperBound...])) { return "status \(code), \(wrong)" }
        return nil
    }
}
