import Basics
import SSH

/// ssh_config for one host or jump host, as `ssh` applies it under the host's own options:
/// `ssh -G` with them, against ssh with no config file (`-F /dev/null`) under the same ones.
/// Nothing is run when the files hold only keywords that change nothing a deploy does.
enum SSHConfig {
    /// A destination `ssh -G` is never asked about for real: the baseline is the same for every host.
    private static let placeholder = "glance-push-baseline.invalid"

    /// `words` are the host's ssh options (`SSHArguments.words`); `acceptingNew` says whether
    /// HashKnownHosts could matter (it only changes what accept-new records).
    static func settings(destination: String, user: String?, port: Int?, configFile: String?, words: [String],
                         acceptingNew: Bool, host: String, query: SSHConfigQuery = .shared) throws -> SSHConfigSettings {
        let files: SSHConfigFiles
        do {
            files = try query.files(explicitFile: configFile)
        } catch let error as UserError {
            throw UserError("host \(host): \(error.message)", at: error.location)
        }
        let skippable = SSHConfigSettings.noBearing.union(SSHConfigSettings.structure)
            .union(acceptingNew ? [] : ["hashknownhosts"])
        guard !Set(files.keywords.keys).isSubset(of: skippable) else { return SSHConfigSettings() }
        var options = words
        if let port { options += ["-p", String(port)] }
        if let user { options += ["-l", user] }
        let resolved: SSHConfigQuery.Answer
        var baseline: SSHConfigQuery.Answer
        do {
            resolved = try query.resolve((configFile.map { ["-F", $0] } ?? []) + options + ["--", destination])
            baseline = try query.resolve(["-F", "/dev/null"] + options + ["--", placeholder])
        } catch let error as UserError {
            throw UserError("host \(host): \(error.message)", at: error.location)
        }
        baseline["hostname"] = [destination]
        return try SSHConfigSettings.read(resolved: resolved, baseline: baseline) { keyword, reason in
            UserError("host \(host): ssh_config: \(reason)", at: files.location(of: keyword))
        }
    }

    /// A jump host's own ssh_config (ssh reads it for each hop with only `-F`, the hop's user and
    /// port): its HostName, User, Port, key file, known_hosts files and host-key options. A hop
    /// with its own ProxyJump or ProxyCommand there is refused: write the whole chain in the host's.
    static func apply(to hop: inout SSHTarget, spec: JumpSpec, configFile: String?, policyGiven: Bool,
                      knownHostsGiven: Bool, host: String) throws {
        guard !spec.host.contains("%"), !(spec.user ?? "").contains("%") else { return }
        let config = try settings(destination: spec.host, user: spec.user, port: spec.port, configFile: configFile,
                                  words: [], acceptingNew: hop.hostKeyPolicy == .acceptNew, host: host)
        if config.jump != nil || config.command != nil {
            throw UserError("host \(host): ssh_config gives the jump host \(spec.host) its own ProxyJump or ProxyCommand: "
                + "glance-push does not chain them; list every hop in the host's ProxyJump")
        }
        hop.host = config.hostName ?? hop.host
        if let user = config.user { hop.user = user }
        if let port = config.port { hop.port = port }
        if let key = try config.identityFile(host: hop.host, original: spec.host, port: hop.port, user: hop.user) {
            hop.identityFile = key
        }
        hop.identitiesOnly = hop.identitiesOnly || config.identitiesOnly
        if !knownHostsGiven, let files = config.knownHostsFiles { hop.knownHostsFiles = files }
        if let files = config.globalKnownHostsFiles { hop.globalKnownHostsFiles = files }
        if !policyGiven, let policy = config.policy { hop.hostKeyPolicy = policy }
        if let hash = config.hashKnownHosts { hop.hashKnownHosts = hash }
        if let socket = config.agentSocket { hop.agentSocket = socket }
    }
}
