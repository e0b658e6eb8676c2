import Basics
import Foundation
import Inventory
import SSH

/// Command-line overrides that apply to every host's SSH target.
public struct ConnectionOptions: Sendable, Equatable {
    public var knownHostsFile: String?
    public var hostKeyPolicy: SSHTarget.HostKeyPolicy?
    public var connectTimeout: Double
    /// Whether `connectTimeout` was given (`--connect-timeout`): then it beats ssh_config's ConnectTimeout.
    public var connectTimeoutGiven = false
    public var defaultUser: String
    /// `--ask-become-pass`: the sudo password of hosts whose inventory gives none.
    public var becomePassword: Secret?
    /// Where passphrases of encrypted key files come from (the CLI: the terminal, if any).
    public var keyPassphrases: KeyPassphrases
    /// How many times a transient connect failure is tried again (`--connect-retries`).
    public var connectRetries: Int
    /// Whether `connectRetries` was given (`--connect-retries`): then it beats ssh_config's ConnectionAttempts.
    public var connectRetriesGiven = false
    /// The waits between connect attempts.
    public var backoff: ConnectBackoff

    public init(knownHostsFile: String? = nil, hostKeyPolicy: SSHTarget.HostKeyPolicy? = nil,
                connectTimeout: Double = 10, defaultUser: String = "root", becomePassword: Secret? = nil,
                keyPassphrases: KeyPassphrases = .never, connectRetries: Int = 2, backoff: ConnectBackoff = .standard) {
        self.knownHostsFile = knownHostsFile
        self.hostKeyPolicy = hostKeyPolicy
        self.connectTimeout = connectTimeout
        self.defaultUser = defaultUser
        self.becomePassword = becomePassword
        self.keyPassphrases = keyPassphrases
        self.connectRetries = connectRetries
        self.backoff = backoff
    }

    public static func == (left: ConnectionOptions, right: ConnectionOptions) -> Bool {
        left.knownHostsFile == right.knownHostsFile && left.hostKeyPolicy == right.hostKeyPolicy
            && left.connectTimeout == right.connectTimeout && left.defaultUser == right.defaultUser
            && left.becomePassword == right.becomePassword
            && left.keyPassphrases == right.keyPassphrases && left.connectRetries == right.connectRetries
            && left.connectTimeoutGiven == right.connectTimeoutGiven && left.connectRetriesGiven == right.connectRetriesGiven
    }
}

/// Turns a host's Ansible connection variables into an `SSHTarget`, the one place that does:
/// `ansible_host`, `ansible_port`, `ansible_user`, `ansible_ssh_private_key_file` (and the old
/// `ansible_ssh_*` spellings), `ansible_timeout`, `ansible_host_key_checking`, and the ssh
/// options of `ansible_ssh_common_args` / `ansible_ssh_extra_args` that `SSHArguments` honours
/// (known_hosts files, host-key policy, ConnectTimeout, BatchMode, ServerAliveInterval/CountMax).
/// Whatever it cannot honour is a `UserError` (`ConnectionVariables`, and `BecomeSettings` for
/// the become variables), so commands call it for every selected host before connecting to any.
public enum HostTarget {
    /// `locate` gives where a variable was set, for messages. Precedence, as under Ansible: the
    /// command line's flags, then the inventory's variables and ssh options, then ssh_config
    /// (`SSHConfig`), then the defaults.
    public static func make(for host: InventoryHost, options: ConnectionOptions,
                            locate: (String) -> SourceLocation? = { _ in nil }) throws -> SSHTarget {
        try ConnectionVariables.check(host, locate: locate)
        _ = try BecomeSettings.make(for: host, options: options, locate: locate)
        let vars = host.vars
        let address = self.address(of: host)
        let givenPort = try port(host, locate: locate)
        let givenUser = vars["ansible_user"] ?? vars["ansible_ssh_user"]
        var arguments = SSHArguments()
        for name in ["ansible_ssh_common_args", "ansible_ssh_extra_args"] {
            guard let text = vars[name] else { continue }
            try arguments.read(text, variable: name, host: host.name, at: locate(name))
        }
        let givenPolicy = try options.hostKeyPolicy ?? arguments.policy ?? hostKeyChecking(host, locate: locate)
        let config = try SSHConfig.settings(destination: address, user: givenUser, port: givenPort,
                                            configFile: arguments.configFile, words: arguments.words,
                                            acceptingNew: givenPolicy == .acceptNew, host: host.name)
        let port = givenPort ?? config.port ?? 22
        let user = givenUser ?? config.user ?? options.defaultUser
        let connectAddress = config.hostName ?? address
        let keyFile = try (vars["ansible_ssh_private_key_file"] ?? vars["ansible_private_key_file"]).map(expandHome)
            ?? config.identityFile(host: connectAddress, original: address, port: port, user: user)
        var target = SSHTarget(host: connectAddress, port: port, user: user, identityFile: keyFile,
                               connectTimeout: options.connectTimeout)
        if let seconds = try timeout(host, locate: locate) ?? arguments.connectTimeout
            ?? (options.connectTimeoutGiven ? nil : config.connectTimeout) { target.connectTimeout = seconds }
        if let files = options.knownHostsFile.map({ [$0] }) ?? arguments.knownHostsFiles ?? config.knownHostsFiles {
            target.knownHostsFiles = files.map(expandHome)
        }
        if let files = arguments.globalKnownHostsFiles ?? config.globalKnownHostsFiles {
            target.globalKnownHostsFiles = files.map(expandHome)
        }
        if let policy = givenPolicy ?? config.policy { target.hostKeyPolicy = policy }
        target.keyPassphrases = options.keyPassphrases
        target.batchMode = arguments.batchMode ?? config.batchMode ?? false
        target.identitiesOnly = config.identitiesOnly
        target.hashKnownHosts = config.hashKnownHosts ?? false
        target.agentSocket = config.agentSocket
        if let seconds = arguments.serverAliveInterval ?? config.serverAliveInterval { target.serverAliveInterval = seconds }
        if let count = arguments.serverAliveCountMax ?? config.serverAliveCountMax { target.serverAliveCountMax = count }
        let attempts = arguments.connectionAttempts ?? (options.connectRetriesGiven ? nil : config.connectionAttempts)
        target.connectRetries = try retries(host, locate: locate) ?? attempts.map { $0 - 1 } ?? options.connectRetries
        target.proxy = try route(arguments, config, for: target, host: host, options: options, locate: locate)
        return target
    }

    /// `ansible_port` (or `ansible_ssh_port`), when the inventory gives one.
    private static func port(_ host: InventoryHost, locate: (String) -> SourceLocation?) throws -> Int? {
        let name = host.vars["ansible_port"] == nil ? "ansible_ssh_port" : "ansible_port"
        guard let text = host.vars[name] else { return nil }
        guard let port = Int(text), (1...65535).contains(port) else {
            throw UserError("host \(host.name): \(name) must be a number from 1 to 65535, got '\(text)'", at: locate(name))
        }
        return port
    }

    /// ProxyJump hops (with the target's key file, known_hosts files, policy and timeout; the
    /// user of `user@`, else `options.defaultUser`, as ssh gives a jump host its own defaults
    /// rather than the target's User; then each hop's own ssh_config), else ProxyCommand, else
    /// direct. The inventory's ssh options come first; ssh_config's only where they say nothing.
    private static func route(_ arguments: SSHArguments, _ config: SSHConfigSettings, for target: SSHTarget,
                              host: InventoryHost, options: ConnectionOptions,
                              locate: (String) -> SourceLocation?) throws -> ProxyRoute {
        if case .hops(let specs)? = arguments.jump ?? config.jump {
            let variable = arguments.jump == nil ? "ssh_config ProxyJump" : arguments.jumpVariable ?? "ansible_ssh_common_args"
            var hops: [SSHTarget] = []
            for spec in specs {
                var hop = spec.target(for: target, defaultUser: options.defaultUser)
                try SSHConfig.apply(to: &hop, spec: spec, configFile: arguments.configFile,
                                    policyGiven: options.hostKeyPolicy != nil || arguments.policy != nil,
                                    knownHostsGiven: options.knownHostsFile != nil || arguments.knownHostsFiles != nil,
                                    host: host.name)
                hops.append(hop)
            }
            if let last = hops.last, last.host == target.host, last.port == target.port, last.user == target.user {
                throw UserError("host \(host.name): \(variable): jump host loop: the last jump host is \(last.loginName), the host itself",
                                at: arguments.jump == nil ? nil : locate(variable))
            }
            return .jump(hops)
        }
        if case .run(let command)? = arguments.command { return .command(command) }
        if arguments.jump == nil, let command = config.command { return .command(command) }
        return .direct
    }

    /// The address a host is reached at: `ansible_host`, else `ansible_ssh_host`, else its name.
    public static func address(of host: InventoryHost) -> String {
        host.vars["ansible_host"] ?? host.vars["ansible_ssh_host"] ?? host.name
    }

    /// `ansible_timeout` (or `ansible_ssh_timeout`): seconds to connect, as Ansible's ConnectTimeout.
    private static func timeout(_ host: InventoryHost, locate: (String) -> SourceLocation?) throws -> Double? {
        let name = host.vars["ansible_timeout"] == nil ? "ansible_ssh_timeout" : "ansible_timeout"
        guard let text = host.vars[name] else { return nil }
        guard let seconds = Int(text), seconds > 0 else {
            throw UserError("host \(host.name): \(name) must be a whole number of seconds above 0, got '\(text)'",
                            at: locate(name))
        }
        return Double(seconds)
    }

    /// `ansible_ssh_retries` (Ansible's `reconnection_retries`): how many times a connect that
    /// failed in a way that may pass is tried again. Beats `ConnectionAttempts` and the flag.
    private static func retries(_ host: InventoryHost, locate: (String) -> SourceLocation?) throws -> Int? {
        let name = "ansible_ssh_retries"
        guard let text = host.vars[name] else { return nil }
        guard let count = Int(text), (0...100).contains(count) else {
            throw UserError("host \(host.name): \(name) must be a whole number from 0 to 100, got '\(text)'", at: locate(name))
        }
        return count
    }

    /// `ansible_host_key_checking=true` is strict checking; false is refused.
    private static func hostKeyChecking(_ host: InventoryHost, locate: (String) -> SourceLocation?) throws
        -> SSHTarget.HostKeyPolicy? {
        let name = host.vars["ansible_host_key_checking"] == nil ? "ansible_ssh_host_key_checking" : "ansible_host_key_checking"
        guard let text = host.vars[name] else { return nil }
        guard try AnsibleBoolean.parse(text, name: name, host: host.name, at: locate(name)) else {
            throw UserError("""
                host \(host.name): \(name)=\(text) is not supported: glance-push never turns host key checking off; \
                use --host-key-policy accept-new to record unknown keys
                """, at: locate(name))
        }
        return .strict
    }

    private static func expandHome(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        return (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + path.dropFirst(1)
    }
}
