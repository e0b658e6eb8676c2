import Foundation
import XCTest

/// The real lab (scripts/lab): `up` is idempotent, so each test class may ask for the nodes it
/// needs; `scripts/test` stops the lab when the run ends.
public enum Lab {
    public static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        preconditionFailure("Package.swift not found above \(#filePath)")
    }()

    public static let directory = ProcessInfo.processInfo.environment["GLANCE_PUSH_LAB"] ?? "/tmp/glance-push-lab"
    public static var knownHosts: String { directory + "/known_hosts" }
    public static var clientKey: String { directory + "/client_key" }
    public static var inventory: String { directory + "/inventory.ini" }

    public static func address(_ node: Int) -> String { "127.0.0.\(10 + node)" }

    public static func up(_ nodes: Int) throws {
        let result = try shell(repository.path + "/scripts/lab", "up", String(nodes), "--dir", directory)
        guard result.status == 0 else { throw LabError(message: "scripts/lab up failed: \(result.output)") }
    }

    public struct LabError: Error {
        public var message: String
        public init(message: String) { self.message = message }
    }

    /// Runs a local program and returns its exit status and combined output; a program still
    /// running after `timeout` seconds is killed and reported as an error.
    @discardableResult
    public static func shell(_ arguments: String..., input: Data? = nil, timeout: TimeInterval = 900) throws -> (status: Int32, output: String) {
        try shell(arguments: arguments, input: input, timeout: timeout)
    }

    @discardableResult
    public static func shell(arguments: [String], input: Data? = nil, timeout: TimeInterval = 900) throws -> (status: Int32, output: String) {
        try LocalCommand.run(arguments, input: input, timeout: timeout)
    }
}
