import Foundation

/// The lab's controllers behind a bastion (`scripts/lab bastion up`): nodes in network namespace
/// gp-behind at 10.251.0.I, reachable only through the bastion sshd at 10.250.0.2.
public enum BastionLab {
    public static let bastion = "10.250.0.2"
    public static var directory: String { Lab.directory + "/bastion" }
    /// The bastion's and the behind nodes' host keys.
    public static var knownHosts: String { directory + "/known_hosts" }
    public static var inventory: String { directory + "/inventory.ini" }

    public static func address(_ node: Int) -> String { "10.251.0.\(node)" }

    /// Idempotent; starts nodes 71-73 behind the bastion, and the bastion.
    public static func up() throws {
        let result = try Lab.shell(Lab.repository.path + "/scripts/lab", "bastion", "up", "--dir", Lab.directory)
        guard result.status == 0 else { throw Lab.LabError(message: "scripts/lab bastion up failed: \(result.output)") }
    }

    public static func sshdPID() throws -> Int32 {
        let text = try String(contentsOfFile: directory + "/sshd.pid", encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Lab.LabError(message: "no bastion sshd pid")
        }
        return pid
    }

    /// Kills the bastion's sshd and every process under it (the sessions it serves), by pid.
    public static func kill() throws {
        let listener = try sshdPID()
        for pid in try descendants(of: listener) + [listener] { Glibc.kill(pid, SIGKILL) }
    }

    /// Established TCP connections to the bastion's sshd, as the bastion's kernel counts them.
    /// The bastion's established SSH connections, each named by its peer address and port, so
    /// that a test counts the connections it opened even while an earlier test's are closing.
    public static func connections() throws -> Set<String> {
        let result = try Lab.shell("ip", "netns", "exec", "gp-bastion", "ss", "-Htn", "state", "established", "( sport = :22 )")
        return Set(result.output.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
    }

    static func descendants(of root: Int32) throws -> [Int32] {
        let table = try Lab.shell("ps", "-e", "-o", "pid=,ppid=").output.split(separator: "\n").compactMap { line -> (Int32, Int32)? in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let pid = Int32(fields[0]), let parent = Int32(fields[1]) else { return nil }
            return (pid, parent)
        }
        var found: [Int32] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            let children = table.filter { $0.1 == next }.map(\.0)
            found += children
            frontier += children
        }
        return found
    }
}
