import Basics
import Foundation
import Inventory
import Vault

/// A playbook: plays binding host patterns to puppet-glance roles. Loading checks everything that
/// does not depend on a host (role and parameter names, literal values' types, checks across
/// roles, secret names); `render` finishes the job with the host's variables and release.
public struct Playbook: Sendable {
    public var file: String
    public var plays: [Play]
    public var secrets: Secrets?
    /// The playbook's own text: what the free-text mask of its messages leaves alone (see
    /// `FreeTextMasking`).
    private var source = ""
    /// The playbook's values decrypted from Ansible Vault, for the same mask.
    private var vaultedValues: [String] = []

    /// `keyring` decrypts the playbook's `!vault` values.
    public static func load(path: String, secrets: Secrets?, keyring: VaultKeyring = VaultKeyring()) throws -> Playbook {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read playbook '\(path)'")
        }
        return try parse(text, file: path, secrets: secrets, keyring: keyring)
    }

    public static func parse(_ text: String, file: String, secrets: Secrets?,
                             keyring: VaultKeyring = VaultKeyring()) throws -> Playbook {
        let root = try YAMLNode.parse(text, file: file, keyring: keyring)
        let playbook = Playbook(file: file, plays: try PlaybookReader.plays(from: root), secrets: secrets, source: text,
                                vaultedValues: root.secretTexts)
        try playbook.validate()
        return playbook
    }

    /// The host-independent checks `parse` runs; values with `{{ var }}` wait for `render`.
    public func validate() throws {
        try redactingSecrets { try checkPlays() }
    }

    private func checkPlays() throws {
        let resolver = ParameterResolver(interpolator: nil, secrets: secrets)
        for play in plays {
            let roles = try play.roles.map { try resolver.resolve($0, spec: try RoleCatalog.spec(for: $0)) }
            let renderer = RoleRenderer(play: roles, host: nil, release: .debian12Zed, secrets: secrets)
            for role in roles { try renderer.check(role) }
            for command in play.preRestart + play.postRestart {
                try resolver.checkSecretReferences(command, at: play.location)
            }
        }
    }

    /// What each role of `play` yields on `host`, in playbook order.
    public func render(play: Play, host: InventoryHost, release: TargetRelease) throws -> [RoleOutput] {
        try redactingSecrets(of: host) { try renderPlay(play, host: host, release: release) }
    }

    private func renderPlay(_ play: Play, host: InventoryHost, release: TargetRelease) throws -> [RoleOutput] {
        let resolver = ParameterResolver(interpolator: Interpolator(host: host, secrets: secrets), secrets: secrets,
                                         release: release)
        let roles = try play.roles.map { instance in
            try resolver.resolve(instance, spec: try RoleCatalog.spec(for: instance),
                                 releaseSpec: RoleCatalog.role(named: instance.role, on: release))
        }
        let renderer = RoleRenderer(play: roles, host: host, release: release, secrets: secrets)
        for role in roles { try renderer.check(role) }
        var outputs = try roles.map { try renderer.render($0) }
        for index in outputs.indices { outputs[index].warnings = outputs[index].warnings.map { redacted($0, host: host) } }
        return try SettingConflicts.merge(Array(zip(play.roles, outputs)))
    }

    /// Every play `host` belongs to (the caller matches patterns against the inventory), rendered
    /// and checked together, since two plays must not set one key differently.
    public func render(host: InventoryHost, release: TargetRelease, includes: (Play) -> Bool) throws
        -> [RoleOutput] {
        var rendered: [(RoleInstance, RoleOutput)] = []
        var playCount = 0
        for play in plays where includes(play) {
            rendered += zip(play.roles, try render(play: play, host: host, release: release))
            playCount += 1
        }
        // One play's outputs were merged already: no key is left twice, merging again changes nothing.
        return playCount == 1 ? rendered.map(\.1) : try SettingConflicts.merge(rendered)
    }

    /// A safety net under the per-message care: errors and warnings are free text, masked by
    /// `FreeTextMasking`'s rule with the playbook's text as what the reader sees anyway.
    /// With `host`, its variables decrypted from Ansible Vault are masked too.
    private func redactingSecrets<T>(of host: InventoryHost? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as UserError {
            error.message = redacted(error.message, host: host)
            throw error
        }
    }

    private func redacted(_ text: String, host: InventoryHost? = nil) -> String {
        let values = (secrets.map { secrets in secrets.names.compactMap { secrets.value(named: $0) } } ?? [])
            + vaultedValues + (host?.secrets.values.flatMap { $0 } ?? [])
        return FreeTextMasking.maskable(values, publicText: [source])
            .reduce(text) { $0.replacingOccurrences(of: $1, with: "<secret>") }
    }

    /// The play's `pre_restart` and `post_restart` commands with `{{ var }}` filled in for `host`.
    /// A command using a secret is refused: commands are logged.
    public func restartCommands(play: Play, host: InventoryHost) throws -> (pre: [String], post: [String]) {
        let interpolator = Interpolator(host: host, secrets: secrets)
        func fill(_ command: String) throws -> String {
            let result = try interpolator.interpolate(command, at: play.location)
            if result.isSecret {
                throw UserError("pre_restart/post_restart commands must not use secrets (commands are logged)",
                                at: play.location)
            }
            return result.text
        }
        return (try play.preRestart.map(fill), try play.postRestart.map(fill))
    }

    /// The play's `load_balancer` server name for `host`, `{{ var }}` filled in.
    public func loadBalancerServer(play: Play, host: InventoryHost) throws -> String? {
        guard let setting = play.loadBalancer else { return nil }
        let result = try Interpolator(host: host, secrets: secrets).interpolate(setting.server, at: setting.location)
        if result.isSecret {
            throw UserError("load_balancer server must not use secrets (it is logged)", at: setting.location)
        }
        return result.text
    }
}
