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

        public var description: String {
            "\(sent) requests, \(failed) failed, p50 \(String(format: "%.1f", p50Milliseconds)) ms, "
                + "p99 \(String(format: "%.1f", p99Milliseconds)) ms" + (failures.isEmpty ? "" : "; " + failures.joined(separator: "; "))
        }
    }

    /// A path and a piece its body must contain.
    public struct Request: Sendable {
        public var path: String
        public var expect: String

        public init(path: String, expect: String) {
            self.path = path
            self.expect = expect
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
        let text = String(decoding: response, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n", maxSplits: 1).first,
              let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            return "no HTTP status line"
        }
        if code >= 500 { return "status \(code)" }
        guard let bodyStart = text.range(of: "\r\n\r\n"), text[bodyStart.upperBound...].contains(request.expect) else {
            return "status \(code), body without \(request.expect)"
        }
        return nil
    }
}

/// One HTTP/1.1 `GET` with `Connection: close` over a new TCP connection: the whole response.
enum HTTPExchange {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func get(host: String, port: UInt16, path: String, timeout: Double) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(String(cString: strerror(errno)))") }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        let sent = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        guard sent == request.utf8.count else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
            response.append(buffer, count: count)
        }
        guard !response.isEmpty else { throw Failure(description: "empty response") }
        return response
    }
}
