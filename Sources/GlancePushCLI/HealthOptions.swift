import ArgumentParser
import Foundation
import Deploy
import Inventory
import Playbook
import Vault

/// Where a restarted service's health is checked: the playbook's health URL for the service
/// when `--playbook` is given and reaches the host, else `http://<ansible_host>:9292/versions`.
struct HealthOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Playbook whose health check URLs to use (default: http://ANSIBLE_HOST:9292/versions).")
    var playbook: String?

    @Option(help: "Secrets file for --playbook, mode 0600 (default: secrets.yml beside the playbook, if present).")
    var secrets: String?

    @Option(help: "Seconds a restarted service has to answer its health check.")
    var healthTimeout: Double = 120

    func validate() throws {
        guard healthTimeout > 0 else { throw ValidationError("--health-timeout must be positive") }
    }

    /// glance-api's `/versions` at the address the host is reached at (ssh_config's HostName
    /// for an alias), polled from the node itself.
    static func defaultURL(for host: InventoryHost, options: ConnectionOptions) throws -> String {
        "http://\(try HostTarget.make(for: host, options: options).host):9292/versions"
    }

    /// Health URL by host name, for `service`.
    func urls(for hosts: [InventoryHost], inventory: Inventory, service: String, keyring: VaultKeyring,
              options: ConnectionOptions) throws -> [String: String] {
        var urls = Dictionary(uniqueKeysWithValues: try hosts.map { ($0.name, try Self.defaultURL(for: $0, options: options)) })
        guard let playbook else { return urls }
        let loaded = try PlaybookOptions(playbook: playbook, secrets: secrets).load(keyring: keyring)
        for target in try loaded.targets(in: inventory, selected: hosts) {
            let outputs = try loaded.render(target, release: .debian12Zed)
            if let url = outputs.flatMap(\.services).first(where: { $0.name == service })?.health?.url {
                urls[target.host.name] = url
            }
        }
        return urls
    }

    /// The load balancers each host is drained from while it restarts: the `load_balancer` of
    /// the `--playbook` plays that reach it (none without `--playbook`).
    func balancing(for hosts: [InventoryHost], inventory: Inventory, fleet: FleetOptions, keyring: VaultKeyring) throws
        -> [String: Balancing] {
        guard let playbook else { return [:] }
        let loaded = try PlaybookOptions(playbook: playbook, secrets: secrets).load(keyring: keyring)
        let inputs = try loaded.deployInputs(try loaded.targets(in: inventory, selected: hosts), serialOverridden: true) {
            try fleet.balancers(of: $0, in: inventory)
        }
        return Dictionary(inputs.compactMap { input in input.balancing.map { (input.host.name, $0) } },
                          uniquingKeysWith: { first, _ in first })
    }
}

extension PlaybookOptions {
    init(playbook: String, secrets: String?) {
        self.init()
        self.playbook = playbook
        self.secrets = secrets
    }
}
