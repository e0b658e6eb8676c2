import Foundation

/// Runs the real `ansible-inventory` (pip package ansible-core) as the reference.
enum AnsibleInventoryOracle {
    /// Thrown, so that the test fails (never skips) when the oracle cannot answer.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let installHint = "ansible-inventory not found on PATH: install it with `pip install ansible-core==2.19.14`"

    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = directory + "/ansible-inventory"
            if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
        }
        return nil
    }

    /// stdout of `ansible-inventory -i inventory ARGS`, run in an empty directory so that no
    /// playbook-adjacent group_vars/ is picked up.
    static func run(_ inventory: String, _ arguments: [String]) throws -> String {
        guard let executable = executable() else { throw Unavailable(description: installHint) }
        let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("inventory-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-i", inventory] + arguments
        process.currentDirectoryURL = workDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["ANSIBLE_DEPRECATION_WARNINGS"] = "False"
        environment["ANSIBLE_INVENTORY_ENABLED"] = "ini"
        environment["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "True"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self)
            throw Unavailable(description: "ansible-inventory failed on \(inventory): \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
