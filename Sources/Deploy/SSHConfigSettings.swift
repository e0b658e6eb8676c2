import Basics
import Foundation
import SSH

/// What a host's ssh_config says beyond what ssh does with no config at all: the options where
/// `ssh -G` differs from `ssh -G -F /dev/null` under the same command line. Each is honoured or
/// refused; the ones that change nothing a deploy does are listed in `noBearing`.
struct SSHConfigSettings: Equatable {
    var hostName: String?
    var user: String?
    var port: Int?
    /// As written (`~` and `%` tokens unexpanded: `identityFile(for:)` expands them).
    var identityFile: String?
    var identitiesOnly = false
    var jump: SSHArguments.Jump?
    var command: ProxyCommand?
    var knownHostsFiles: [String]?
    var globalKnownHostsFiles: [String]?
    var policy: SSHTarget.HostKeyPolicy?
    var batchMode: Bool?
    var serverAliveInterval: Int?
    var serverAliveCountMax: Int?
    var connectTimeout: Double?
    var connectionAttempts: Int?
    var hashKnownHosts: Bool?
    /// `IdentityAgent`: a socket path, or nil (`SSH_AUTH_SOCK`, the default).
    var agentSocket: String?

    /// Options `ssh -G` prints that glance-push reads (the rest of `honoured` is in `read`).
    static let honoured = [
        "HostName", "User", "Port", "IdentityFile", "IdentitiesOnly", "ProxyJump", "ProxyCommand", "UserKnownHostsFile",
        "GlobalKnownHostsFile", "StrictHostKeyChecking", "BatchMode", "ServerAliveInterval", "ServerAliveCountMax",
        "ConnectTimeout", "ConnectionAttempts", "HashKnownHosts", "IdentityAgent",
    ]

    /// Options that change nothing glance-push does (it forwards nothing, shares no control
    /// socket, sends no environment, authenticates with keys only, logs its own way, checks
    /// every host key): accepted from ssh_config, and documented as such.
    static let noBearing: Set<String> = [
        "sendenv", "forwardagent", "forwardx11", "forwardx11trusted", "forwardx11timeout", "xauthlocation",
        "controlmaster", "controlpath", "controlpersist", "compression", "loglevel", "logverbose", "visualhostkey",
        "addkeystoagent", "tcpkeepalive", "checkhostip", "updatehostkeys", "escapechar", "enableescapecommandline",
        "requesttty", "sessiontype", "stdinnull", "forkafterauthentication", "gssapiauthentication",
        "gssapidelegatecredentials", "gssapikeyexchange", "gssapitrustdns", "gssapirenewalforcesrekey",
        "gssapikexalgorithms", "gssapiclientidentity", "gssapiserveridentity", "passwordauthentication",
        "kbdinteractiveauthentication", "kbdinteractivedevices", "hostbasedauthentication", "enablesshkeysign",
        "numberofpasswordprompts", "nohostauthenticationforlocalhost", "fingerprinthash", "syslogfacility", "ipqos",
        "rekeylimit", "canonicaldomains", "canonicalizefallbacklocal", "canonicalizemaxdots",
        "canonicalizepermittedcnames", "permitremoteopen", "clearallforwardings", "exitonforwardfailure", "gatewayports",
        "streamlocalbindmask", "streamlocalbindunlink", "obscurekeystroketiming", "tag", "channeltimeout",
    ]

    /// Keywords that only choose blocks or files.
    static let structure: Set<String> = ["host", "match", "include"]

    /// Reads the options where `resolved` differs from `baseline`; `refuse` builds the error for
    /// an option (its keyword, for the location) and a reason.
    static func read(resolved: SSHConfigQuery.Answer, baseline: SSHConfigQuery.Answer,
                     refuse: (String, String) -> UserError) throws -> SSHConfigSettings {
        var settings = SSHConfigSettings()
        for key in Set(resolved.keys).union(baseline.keys).sorted() where key != "host" {
            let values = resolved[key] ?? []
            guard values != baseline[key] ?? [], !noBearing.contains(key) else { continue }
            try settings.apply(key, values, refuse: { refuse(key, $0) })
        }
        return settings
    }

    private mutating func apply(_ key: String, _ values: [String], refuse: (String) -> UserError) throws {
        let value = values.first ?? ""
        let shown = "\(key) \(value)"
        switch key {
        case "hostname": hostName = value
        case "user": user = value
        case "port":
            guard let number = Int(value), (1...65535).contains(number) else { throw refuse("\(shown): not a port") }
            port = number
        case "identityfile":
            guard values.count == 1 else {
                throw refuse("\(values.count) IdentityFile for this host (\(values.joined(separator: ", "))): glance-push "
                    + "offers one key file; set ansible_ssh_private_key_file to the one to use")
            }
            identityFile = value
        case "identitiesonly": identitiesOnly = value == "yes"
        case "proxyjump":
            do {
                jump = try JumpSpec.parseList(value).map { .hops($0) } ?? SSHArguments.Jump.none
            } catch {
                throw refuse("ProxyJump \(value): \(error.reason)")
            }
        case "proxycommand":
            do {
                command = try ProxyCommand(value)
            } catch {
                throw refuse("ProxyCommand \(value): \(error)")
            }
        case "userknownhostsfile", "globalknownhostsfile":
            let files = value.split(separator: " ").map(String.init)
            guard !files.contains("none") else { throw refuse("\(shown) is not supported: give one or more known_hosts paths") }
            if key == "userknownhostsfile" { knownHostsFiles = files } else { globalKnownHostsFiles = files }
        default:
            try applyOther(key, value, shown: shown, refuse: refuse)
        }
    }

    private mutating func applyOther(_ key: String, _ value: String, shown: String, refuse: (String) -> UserError) throws {
        switch (key, value) {
        case ("stricthostkeychecking", "true"): policy = .strict
        case ("stricthostkeychecking", "accept-new"): policy = .acceptNew
        case ("stricthostkeychecking", _):
            throw refuse("StrictHostKeyChecking \(value) is not supported: glance-push never turns host key checking off "
                + "and never prompts; use yes or accept-new")
        case ("batchmode", _): batchMode = value == "yes"
        case ("hashknownhosts", _): hashKnownHosts = value == "yes"
        case ("identityagent", "SSH_AUTH_SOCK"): agentSocket = nil
        case ("identityagent", "none"):
            throw refuse("IdentityAgent none is not supported: name the key file (ansible_ssh_private_key_file), "
                + "which glance-push then signs with itself unless the agent holds it")
        case ("identityagent", _): agentSocket = value
        case ("serveraliveinterval", _): serverAliveInterval = Int(value)
        case ("serveralivecountmax", _): serverAliveCountMax = Int(value)
        case ("connecttimeout", _): connectTimeout = Int(value).map(Double.init)
        case ("connectionattempts", _): connectionAttempts = Int(value)
        case ("preferredauthentications", _) where value.split(separator: ",").contains("publickey"): break
        case ("pubkeyauthentication", "true"), ("canonicalizehostname", "false"): break
        default:
            throw refuse("\(Self.spelled(key)) \(value) is not supported by glance-push (from ssh_config it reads "
                + Self.honoured.joined(separator: ", ") + "; see the README for the options it accepts with no effect)")
        }
    }

    /// ssh_config's spelling of a few common options `ssh -G` prints lowercased.
    private static func spelled(_ key: String) -> String {
        let names = honoured + [
            "Ciphers", "MACs", "KexAlgorithms", "HostKeyAlgorithms", "PubkeyAcceptedAlgorithms", "LocalForward",
            "RemoteForward", "DynamicForward", "RemoteCommand", "LocalCommand", "PermitLocalCommand", "SetEnv",
            "HostKeyAlias", "CertificateFile", "BindAddress", "BindInterface", "AddressFamily", "CanonicalizeHostname",
            "PubkeyAuthentication", "PreferredAuthentications", "ProxyUseFdpass", "PKCS11Provider", "Tunnel",
            "VerifyHostKeyDNS", "RequiredRSASize", "KnownHostsCommand", "RevokedHostKeys", "CASignatureAlgorithms",
            "HostbasedAcceptedAlgorithms", "SecurityKeyProvider",
        ]
        return names.first { $0.lowercased() == key } ?? key
    }

    /// `IdentityFile` with `~` and its `%` tokens expanded as ssh expands them: `host` is the
    /// address connected to, `original` the name given (`%n`).
    func identityFile(host: String, original: String, port: Int, user: String) throws -> String? {
        guard let written = identityFile else { return nil }
        let home = SSHConfigFiles.userHome
        let local = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let localHost = String(cString: name)
        var expanded = ""
        var characters = (written.hasPrefix("~/") ? home + written.dropFirst(1) : written).makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                expanded.append(character)
                continue
            }
            switch characters.next() {
            case "%": expanded += "%"
            case "d": expanded += home
            case "u": expanded += local
            case "h": expanded += host
            case "n", "k": expanded += original
            case "p": expanded += String(port)
            case "r": expanded += user
            case "i": expanded += String(getuid())
            case "l": expanded += localHost
            case "L": expanded += String(localHost.prefix { $0 != "." })
            case let other:
                throw UserError("IdentityFile \(written): the token %\(other.map(String.init) ?? "") is not supported "
                    + "(known: %%, %d, %h, %i, %k, %L, %l, %n, %p, %r, %u)")
            }
        }
        return expanded
    }
}
