import ArgumentParser
import Basics
import Deploy
import Inventory
import Playbook
import SSH
import Vault

extension SSHTarget.HostKeyPolicy: ExpressibleByArgument {}

/// Flags shared by every command that talks to hosts.
struct FleetOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Ansible INI inventory file.")
    var inventory: String

    @Option(name: .shortAndLong, help: "Host pattern limiting the hosts (names, groups, globs, a:b, a:&b, a:!b).")
    var limit: String?

    @Option(help: "How many hosts are worked on at once.")
    var forks: Int = 20

    @Option(help: "known_hosts file (default: the inventory's UserKnownHostsFile, else ~/.ssh/known_hosts).")
    var knownHosts: String?

    @Option(help: "strict (refuse unknown host keys) or accept-new (record them). Changed keys are always refused.")
    var hostKeyPolicy: SSHTarget.HostKeyPolicy?

    @Option(help: "Seconds allowed to connect, handshake and authenticate (default: ssh_config's ConnectTimeout, else 10).")
    var connectTimeout: Double?

    @Flag(name: [.customLong("ask-become-pass"), .customShort("K")],
          help: "Ask on the terminal for the sudo password of the hosts with ansible_become whose inventory gives none.")
    var askBecomePass = false
    @OptionGroup var vault: VaultOptions
    @OptionGroup var extraVars: ExtraVarsOptions

    @Option(help: "Retries of a connect refused, reset or timed out (waits 0.5 s, 1 s, 2 s... jittered, at most 8 s); never of a host-key or authentication failure (default: ssh_config's ConnectionAttempts - 1, else 2).")
    var connectRetries: Int?

    func validate() throws {
        guard forks >= 1 else { throw ValidationError("--forks must be at least 1") }
        guard (connectTimeout ?? 10) > 0 else { throw ValidationError("--connect-timeout must be positive") }
        guard (0...100).contains(connectRetries ?? 2) else { throw ValidationError("--connect-retries must be from 0 to 100") }
    }

    /// The command line's connection settings, without the become password (`connection()` asks);
    /// key passphrases are asked on the terminal (when standard input is one), once per key file.
    var connectionOptions: ConnectionOptions {
        var options = ConnectionOptions(knownHostsFile: knownHosts, hostKeyPolicy: hostKeyPolicy,
                                        connectTimeout: connectTimeout ?? 10, keyPassphrases: .terminal,
                                        connectRetries: connectRetries ?? 2)
        options.connectTimeoutGiven = connectTimeout != nil
        options.connectRetriesGiven = connectRetries != nil
        return options
    }

    /// `connectionOptions` with the password `--ask-become-pass` asks for (once, on the terminal).
    func connection() throws -> ConnectionOptions {
        var options = connectionOptions
        if askBecomePass { options.becomePassword = try BecomePasswordPrompt.read() }
        return options
    }

    /// Connects and checks sudo on the `hosts` that use become (`BecomeCheck`), before anything
    /// is changed anywhere: a password sudo refuses is bad input.
    func checkBecome(_ hosts: [InventoryHost], options: ConnectionOptions) throws -> BecomeCheck {
        try BecomeCheck.run(hosts, options: options, forks: forks)
    }

    /// The inventory's hosts narrowed by `--limit`; an empty selection is a user error, and so is
    /// a host whose connection settings glance-push cannot honour, or whose encrypted key file
    /// has no passphrase to be had (ssh-agent does not hold it and it cannot be asked for):
    /// checked for every host before any connection, where a passphrase is asked for, once per
    /// key file.
    func selectedHosts(in loaded: Inventory) throws -> [InventoryHost] {
        let hosts = try limit.map { try loaded.hosts(matching: $0) } ?? loaded.hosts
        guard !hosts.isEmpty else {
            throw UserError("no hosts matched" + (limit.map { " --limit '\($0)'" } ?? " in \(inventory)"))
        }
        try checkConnections(of: hosts, in: loaded)
        return hosts
    }

    /// Refuses, before any connection, a host whose connection settings cannot be honoured or
    /// whose key file's passphrase cannot be had (asked here, once per key file).
    func checkConnections(of hosts: [InventoryHost], in inventory: Inventory) throws {
        let options = connectionOptions
        var checkedKeys: Set<String> = []
        // In parallel: a host's ssh_config may take an `ssh -G` to read.
        let targets = FanOut.map(hosts, forks: forks) { host in
            let variables = inventory.variables(of: host.name)
            return Result { try HostTarget.make(for: host, options: options) { variables[$0]?.location } }
        }
        for (host, made) in zip(hosts, targets) {
            let variables = inventory.variables(of: host.name)
            let target = try made.get()
            guard let key = target.identityFile, checkedKeys.insert("\(target.batchMode) \(key)").inserted else { continue }
            do {
                try SSHConnection.prepareCredentials(for: target)
            } catch let error as SSHError {
                let variable = ["ansible_ssh_private_key_file", "ansible_private_key_file"].first { variables[$0] != nil }
                throw UserError("host \(host.name): \(error.message)", at: variable.flatMap { variables[$0]?.location })
            }
        }
    }

    /// A play's `load_balancer` hosts (not narrowed by `--limit`: they are drained, not deployed to).
    func balancers(of setting: LoadBalancerSetting, in inventory: Inventory) throws -> [InventoryHost] {
        let hosts = try inventory.hosts(matching: setting.hosts)
        try checkConnections(of: hosts, in: inventory)
        return hosts
    }

    /// The inventory with `-e` over it, decrypted with the vault passwords.
    func loadInventory(keyring: VaultKeyring) throws -> Inventory {
        try Inventory.load(path: inventory, keyring: keyring, extraVars: extraVars)
    }

    /// `selectedHosts(in:)` of the inventory, for a command that reads nothing else.
    func selectedHosts() throws -> [InventoryHost] {
        try selectedHosts(in: try loadInventory(keyring: try vault.keyring()))
    }

    /// The selected hosts, or only `name` among them; an unknown name is a user error.
    func selectedHosts(named name: String?, in loaded: Inventory) throws -> [InventoryHost] {
        let hosts = try selectedHosts(in: loaded)
        guard let name else { return hosts }
        guard let found = hosts.first(where: { $0.name == name }) else {
            throw UserError("unknown host '\(name)' in \(inventory)" + (limit.map { " --limit '\($0)'" } ?? ""))
        }
        return [found]
    }
}
