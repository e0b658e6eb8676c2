import Foundation
import Inventory
import SSH

/// Command-line overrides that apply to every host's SSH target.
public struct ConnectionOptions: Sendable, Equatable {
    public var knownHostsFile: String?
    public var hostKeyPolicy: SSHTarget.HostKeyPolicy?
    public var connectTimeout: Double
    public var defaultUser: String

    public init(knownHostsFile: String? = nil, hostKeyPolicy: SSHTarget.HostKeyPolicy? = nil,
                connectTimeout: Double = 10, defaultUser: String = "root") {
        self.knownHostsFile = knownHostsFile
        self.hostKeyPolicy = hostKeyPolicy
        self.connectTimeout = connectTimeout
        self.defaultUser = defaultUser
    }
}

/// Turns a host's Ansible connection variables into an `SSHTarget`:
/// `ansible_host`, `ansible_port`, `ansible_user`, `ansible_ssh_private_key_file` (and the old
/// `ansible_ssh_*` spellings), plus `-o UserKnownHostsFile=` / `-o StrictHostKeyChecking=` found
/// in `ansible_ssh_common_args` or `ansible_ssh_extra_args`.
public enum HostTarget {
    public static func make(for host: InventoryHost, options: ConnectionOptions) throws -> SSHTarget {
        let vars = host.vars
        let address = vars["ansible_host"] ?? vars["ansible_ssh_host"] ?? host.name
        let portText = vars["ansible_port"] ?? vars["ansible_ssh_port"] ?? "22"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw UserError("host \(host.name): ansible_port must be a number from 1 to 65535, got '\(portText)'")
        }
        let user = vars["ansible_user"] ?? vars["ansible_ssh_user"] ?? options.defaultUser
        let keyFile = (vars["ansible_ssh_private_key_file"] ?? vars["ansible_private_key_file"]).map(expandHome)
        var target = SSHTarget(host: address, port: port, user: user, identityFile: keyFile,
                               connectTimeout: options.connectTimeout)
        let sshOptions = try parseSSHOptions(
            [vars["ansible_ssh_common_args"], vars["ansible_ssh_extra_args"]].compactMap { $0 }.joined(separator: " "),
            host: host.name)
        if let file = options.knownHostsFile ?? sshOptions.knownHostsFile { target.knownHostsFile = expandHome(file) }
        if let policy = options.hostKeyPolicy ?? sshOptions.policy { target.hostKeyPolicy = policy }
        return target
    }

    private static func parseSSHOptions(_ text: String, host: String) throws
        -> (knownHostsFile: String?, policy: SSHTarget.HostKeyPolicy?) {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        var knownHosts: String?
        var policy: SSHTarget.HostKeyPolicy?
        while !words.isEmpty {
            let word = words.removeFirst()
            let option: String
            if word == "-o", !words.isEmpty { option = words.removeFirst() }
            else if word.hasPrefix("-o") { option = String(word.dropFirst(2)) }
            else { continue }
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0].lowercased() {
            case "userknownhostsfile":
                knownHosts = parts[1]
            case "stricthostkeychecking":
                switch parts[1].lowercased() {
                case "yes": policy = .strict
                case "accept-new": policy = .acceptNew
                default:
                    throw UserError("""
                        host \(host): StrictHostKeyChecking=\(parts[1]) is not supported: glance-push never \
                        turns host key checking off; use accept-new to record unknown keys
                        """)
                }
            default:
                continue
            }
        }
        return (knownHosts, policy)
    }

    private static func expandHome(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        return (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + path.dropFirst(1)
    }
}
