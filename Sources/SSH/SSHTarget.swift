/// Where and how to reach one host. A value: the inventory decides it, `SSHConnection` uses it.
public struct SSHTarget: Sendable, Equatable {
    /// What to do with a host key that known_hosts does not hold. A changed key is always refused.
    public enum HostKeyPolicy: String, Sendable, Equatable, CaseIterable {
        /// Refuse unknown keys (OpenSSH's `StrictHostKeyChecking yes`).
        case strict
        /// Record an unknown key in known_hosts and go on (OpenSSH's `accept-new`).
        case acceptNew = "accept-new"
    }

    public var host: String
    public var port: Int
    public var user: String
    /// Private key file, the only key offered (signed by ssh-agent when it holds it); when nil,
    /// every agent key and then `~/.ssh/id_ed25519`, `id_rsa`, `id_ecdsa` are tried, as `ssh`
    /// does (see `Authentication`).
    public var identityFile: String?
    /// The user known_hosts files, OpenSSH's `UserKnownHostsFile` (which takes several paths):
    /// read in this order before the global files; accept-new records a new key in the first.
    /// Missing files are skipped; an existing file that cannot be read fails the connection.
    public var knownHostsFiles: [String]
    /// The global known_hosts files, OpenSSH's `GlobalKnownHostsFile`: read after the user
    /// files, never written. Missing files are skipped.
    public var globalKnownHostsFiles: [String]
    public var hostKeyPolicy: HostKeyPolicy
    /// Seconds allowed for TCP connect plus the SSH handshake and authentication.
    public var connectTimeout: Double
    /// Seconds allowed for one command or SFTP operation unless the call gives its own.
    public var operationTimeout: Double
    /// The ssh-agent socket; nil: `SSH_AUTH_SOCK`. With `identityFile` the agent signs only
    /// when it holds that key, and only that key is offered (OpenSSH's IdentitiesOnly).
    public var agentSocket: String? = nil
    /// OpenSSH's IdentitiesOnly, for a target without `identityFile`: of the agent's keys only
    /// those of the default key files are offered (with `identityFile` only that key ever is).
    public var identitiesOnly = false
    /// OpenSSH's HashKnownHosts: accept-new records the host's name hashed (`|1|salt|hash`).
    public var hashKnownHosts = false
    /// Passphrases of encrypted key files the agent does not hold: asked once per file before
    /// connecting, or never (`.never`: such a key fails, naming ssh-add).
    public var keyPassphrases: KeyPassphrases = .never
    /// OpenSSH's BatchMode: never ask for a passphrase, whatever `keyPassphrases` could do.
    public var batchMode = false
    /// OpenSSH's ServerAliveInterval, whole seconds (0: off). While the connection is idle it
    /// reads what the server sent every half second (so the server's ClientAlive probes are
    /// answered) and sends a keepalive every this many seconds (libssh2 makes 1 act as 2).
    /// Off, an idle connection reads nothing and answers nothing.
    public var serverAliveInterval = 15
    /// OpenSSH's ServerAliveCountMax: the connection counts as lost once the server has not
    /// answered for `serverAliveInterval × (serverAliveCountMax + 1)` seconds. At least 1.
    public var serverAliveCountMax = 3
    /// How many times a failed connect is tried again when the failure may pass (refused,
    /// reset or timed out before or during the handshake: `SSHError.isTransient`), with a
    /// jittered exponential backoff. Used by `SSHConnection.connectRetrying`; `connect` tries once.
    public var connectRetries = 0
    /// How the connection reaches the host: directly, through bastions, or a proxy command.
    /// A hop's own `proxy` is not read: the route is the list.
    public var proxy: ProxyRoute = .direct

    /// The first user known_hosts file (where accept-new records), or "" when there is none.
    /// Setting it makes it the only user file.
    public var knownHostsFile: String {
        get { knownHostsFiles.first ?? "" }
        set { knownHostsFiles = [newValue] }
    }

    /// One user known_hosts file, the common case.
    public init(
        host: String, port: Int = 22, user: String = "root", identityFile: String? = nil,
        knownHostsFile: String = SSHTarget.defaultKnownHostsFile,
        globalKnownHostsFiles: [String] = SSHTarget.defaultGlobalKnownHostsFiles,
        hostKeyPolicy: HostKeyPolicy = .strict, connectTimeout: Double = 10, operationTimeout: Double = 600
    ) {
        self.init(host: host, port: port, user: user, identityFile: identityFile, knownHostsFiles: [knownHostsFile],
                  globalKnownHostsFiles: globalKnownHostsFiles, hostKeyPolicy: hostKeyPolicy,
                  connectTimeout: connectTimeout, operationTimeout: operationTimeout)
    }

    public init(
        host: String, port: Int = 22, user: String = "root", identityFile: String? = nil,
        knownHostsFiles: [String],
        globalKnownHostsFiles: [String] = SSHTarget.defaultGlobalKnownHostsFiles,
        hostKeyPolicy: HostKeyPolicy = .strict, connectTimeout: Double = 10, operationTimeout: Double = 600
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.identityFile = identityFile
        self.knownHostsFiles = knownHostsFiles
        self.globalKnownHostsFiles = globalKnownHostsFiles
        self.hostKeyPolicy = hostKeyPolicy
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
    }

    public static var defaultKnownHostsFile: String {
        homeDirectory + "/.ssh/known_hosts"
    }

    /// OpenSSH's default `GlobalKnownHostsFile`.
    public static let defaultGlobalKnownHostsFiles = ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"]

    static var homeDirectory: String {
        ProcessEnvironment.value("HOME") ?? "/root"
    }

    /// `host` or `[host]:port`, the name known_hosts and messages use.
    public var displayName: String {
        port == 22 ? host : "[\(host)]:\(port)"
    }

    /// `user@host` or `user@[host]:port`: how messages name a bastion.
    public var loginName: String {
        "\(user)@\(displayName)"
    }
}
