import ArgumentParser
import Foundation
import HTTPLoad

/// Steady GET load on one address (benchmarks/compare.sh's rolling-lb), bounded in requests and
/// seconds; SIGTERM or SIGINT ends it early. Prints `sent=N failed=N p50_ms=X p99_ms=Y` on
/// stdout and the first failures on stderr; exits 0 whatever failed (the caller reads the line).
struct GlanceLoadgen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "glance-loadgen",
                                                    abstract: "Steady GET load through a load balancer, counting every failed request.")

    @Option(help: "IPv4 address to send to.") var host: String
    @Option(help: "TCP port.") var port: UInt16 = 9292
    @Option(help: "Requests per second, all workers together.") var rate: Double = 40
    @Option(help: "Concurrent workers.") var workers: Int = 4
    @Option(help: "Stop after this many requests.") var maxRequests: Int = 20_000
    @Option(help: "Stop after this many seconds.") var seconds: Double = 600
    @Option(name: .customLong("request"), help: "PATH=TEXT: GET PATH, whose body must contain TEXT (repeatable).")
    var bodyContains: [String] = []
    @Option(name: .customLong("download"), help: "PATH=FILE: GET PATH, whose body must be FILE's bytes (repeatable).")
    var downloads: [String] = []

    func validate() throws {
        guard rate > 0, workers > 0, maxRequests > 0, seconds > 0 else {
            throw ValidationError("--rate, --workers, --max-requests and --seconds must be positive")
        }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else {
            throw ValidationError("--host wants an IPv4 address, got \(host)")
        }
    }

    func run() throws {
        let generator = LoadGenerator(host: host, port: port, requests: try requests(), rate: rate, workers: workers,
                                      maxRequests: maxRequests, maxSeconds: seconds)
        let stopRequested = DispatchSemaphore(value: 0)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopRequested.signal() }
            source.resume()
            return source
        }
        generator.start()
        while stopRequested.wait(timeout: .now() + 0.2) == .timedOut, !generator.waitUntilDone(timeout: 0) {}
        sources.forEach { $0.cancel() }
        let summary = generator.stop()
        print(summary.machineReadable)
        if !summary.failures.isEmpty {
            FileHandle.standardError.write(Data("glance-loadgen: first failures: \(summary.failures.joined(separator: "; "))\n".utf8))
        }
    }

    private func requests() throws -> [LoadGenerator.Request] {
        var made: [LoadGenerator.Request] = []
        for text in bodyContains {
            let (path, expected) = try Self.split(text, flag: "--request")
            made.append(LoadGenerator.Request(path: path, expect: expected))
        }
        for text in downloads {
            let (path, file) = try Self.split(text, flag: "--download")
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw ValidationError("--download \(text): cannot read \(file)")
            }
            made.append(LoadGenerator.Request(path: path, expect: .body(bytes)))
        }
        return made.isEmpty ? LoadGenerator.glanceRequests : made
    }

    private static func split(_ text: String, flag: String) throws -> (String, String) {
        guard text.hasPrefix("/"), let equals = text.firstIndex(of: "="), text.index(after: equals) < text.endIndex else {
            throw ValidationError("\(flag) wants PATH=VALUE with PATH starting with /, got \(text)")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}

// Bad input exits 1, as glance-push's does; --help exits 0.
do {
    var command = try GlanceLoadgen.parseAsRoot()
    try command.run()
} catch {
    let status = GlanceLoadgen.exitCode(for: error)
    let message = GlanceLoadgen.fullMessage(for: error)
    if status == .success {
        print(message)
        exit(0)
    }
    FileHandle.standardError.write(Data("glance-loadgen: \(message)\n".utf8))
    exit(1)
}
