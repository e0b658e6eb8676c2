import Basics
import Foundation
import SSH

/// The ssh options of `ansible_ssh_common_args` and `ansible_ssh_extra_args` that glance-push
/// honours (and `-F`, the ssh_config file `SSHConfig` reads); any other option or flag is refused. As with `ssh`, the first value given for an
/// option wins (Ansible puts the common arguments before the extra ones).
struct SSHArguments: Equatable {
    /// `ProxyJump` / `-J` as given: `none`, or the hops.
    enum Jump: Equatable {
        case none
        case hops([JumpSpec])
    }

    /// `ProxyCommand` as given: `none`, or the command.
    enum Command: Equatable {
        case none
        case run(ProxyCommand)
    }

    var knownHostsFiles: [String]?
    var globalKnownHostsFiles: [String]?
    var policy: SSHTarget.HostKeyPolicy?
    var connectTimeout: Double?
    /// `BatchMode`: yes never asks for a key's passphrase.
    var batchMode: Bool?
    var serverAliveInterval: Int?
    var serverAliveCountMax: Int?
    /// `ConnectionAttempts`: tries in all (1: no retry).
    var connectionAttempts: Int?

    /// The first ProxyJump or -J (see `setJump` for how ssh lets the two options compete).
    var jump: Jump?
    /// The first ProxyCommand; a ProxyJump with hops also sets it (to `none`), as ssh does.
    var command: Command?
    /// `-F FILE`: the only ssh_config file read (`none`: none); the last one counts, as in ssh.
    var configFile: String?
    /// The options as given (without `-F`), for `ssh -G` to resolve ssh_config under them.
    private(set) var words: [String] = []

    /// The inventory variable the counting ProxyJump came from, for messages.
    private(set) var jumpVariable: String?
    private var variable = ""

    /// Option names as `ssh_config(5)` spells them, for messages and the README.
    static let honouredOptions = [
        "UserKnownHostsFile", "GlobalKnownHostsFile", "StrictHostKeyChecking", "ConnectTimeout", "ProxyJump",
        "ProxyCommand", "BatchMode", "PasswordAuthentication", "KbdInteractiveAuthentication",
        "ChallengeResponseAuthentication", "PubkeyAuthentication", "PreferredAuthentications",
        "ServerAliveInterval", "ServerAliveCountMax", "ConnectionAttempts",
    ]

    /// Options that hold only when they say what glance-push always does, and the value that says it.
    private static let fixedBehaviour: [String: (value: String, reason: String)] = [
        "passwordauthentication": ("no", "glance-push authenticates with keys only"),
        "kbdinteractiveauthentication": ("no", "glance-push authenticates with keys only"),
        "challengeresponseauthentication": ("no", "glance-push authenticates with keys only"),
        "pubkeyauthentication": ("yes", "glance-push authenticates with keys only"),
        "preferredauthentications": ("publickey", "glance-push authenticates with keys only"),
    ]

    private static let useVariable: [String: String] = [
        "hostname": "ansible_host", "port": "ansible_port", "user": "ansible_user",
        "identityfile": "ansible_ssh_private_key_file",
    ]

    /// `variable` names the inventory variable the words came from, for messages.
    mutating func read(_ text: String, variable: String, host: String, at location: SourceLocation?) throws {
        self.variable = variable
        func refuse(_ message: String) -> UserError {
            UserError("host \(host): \(variable): \(message)", at: location)
        }
        let words: [String]
        do {
            words = try ShellWords.split(text, comments: false).map(\.text)
        } catch {
            throw refuse("cannot split '\(text)' into words: \(error == .noClosingQuotation ? "no closing quotation" : "no escaped character")")
        }
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "-o" || word == "-J" || word == "-F" {
                guard index < words.count else { throw refuse("\(word) needs a value") }
                index += 1
                try apply(flag: word, words[index - 1], refuse: refuse)
            } else if word.hasPrefix("-o") || word.hasPrefix("-J") || word.hasPrefix("-F") {
                try apply(flag: String(word.prefix(2)), String(word.dropFirst(2)), refuse: refuse)
            } else {
                throw refuse(Self.flagMessage(word))
            }
        }
    }

    private mutating func apply(flag: String, _ value: String, refuse: (String) -> UserError) throws {
        if flag == "-F" {
            guard !value.isEmpty else { throw refuse("-F needs a file") }
            let path = value.hasPrefix("~/") ? SSHConfigFiles.userHome + value.dropFirst(1) : value
            guard value.lowercased() == "none" || FileManager.default.isReadableFile(atPath: path) else {
                throw refuse("-F \(value): cannot read the ssh_config file \(path)")
            }
            configFile = value
            return
        }
        words += [flag, value]
        if flag == "-J" {
            try setJump(value, shown: "-J \(value)", fromFlag: true, refuse: refuse)
        } else {
            try apply(value, refuse: refuse)
        }
    }

    private mutating func apply(_ option: String, refuse: (String) -> UserError) throws {
        guard let split = option.firstIndex(where: { $0 == "=" || $0 == " " || $0 == "\t" }) else {
            throw refuse("-o \(option) has no value (write -o \(option)=VALUE)")
        }
        let key = String(option[..<split])
        let value = String(option[option.index(after: split)...].drop { $0 == "=" || $0 == " " || $0 == "\t" })
            .trimmingCharacters(in: .whitespaces)
        let lowered = key.lowercased()
        let shown = "\(key)=\(value)"
        if try applyHostKeyOption(lowered, value: value, shown: shown, refuse: refuse)
            || applyNumber(lowered, value: value, shown: shown, refuse: refuse) { return }
        switch lowered {
        case "proxyjump":
            try setJump(value, shown: shown, fromFlag: false, refuse: refuse)
        case "proxycommand":
            try setCommand(value, shown: shown, refuse: refuse)
        default:
            if let fixed = Self.fixedBehaviour[lowered] {
                guard value.lowercased() == fixed.value else {
                    throw refuse("\(shown) is not supported: \(fixed.reason) (only \(key)=\(fixed.value) holds)")
                }
            } else if SSHConfigSettings.noBearing.contains(lowered) {
                return
            } else if let variable = Self.useVariable[lowered] {
                throw refuse("\(shown) is not read from ssh options: set \(variable) instead")
            } else {
                throw refuse("ssh option \(key) is not supported by glance-push (supported: "
                    + Self.honouredOptions.joined(separator: ", ") + ")")
            }
        }
    }

    /// known_hosts files, StrictHostKeyChecking and BatchMode; false for any other option.
    private mutating func applyHostKeyOption(_ lowered: String, value: String, shown: String,
                                             refuse: (String) -> UserError) throws -> Bool {
        switch lowered {
        case "userknownhostsfile", "globalknownhostsfile":
            let files = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !files.isEmpty, !files.contains("none"), !value.contains("%") else {
                throw refuse("\(shown) is not supported: give one or more known_hosts paths (no 'none', no % tokens)")
            }
            if lowered == "userknownhostsfile" {
                if knownHostsFiles == nil { knownHostsFiles = files }
            } else if globalKnownHostsFiles == nil {
                globalKnownHostsFiles = files
            }
        case "stricthostkeychecking":
            let parsed: SSHTarget.HostKeyPolicy
            switch value.lowercased() {
            case "yes": parsed = .strict
            case "accept-new": parsed = .acceptNew
            case "ask":
                throw refuse("\(shown) is not supported: glance-push never prompts; use yes or accept-new")
            default:
                throw refuse("""
                    StrictHostKeyChecking=\(value) is not supported: glance-push never turns host key checking off; \
                    use accept-new to record unknown keys
                    """)
            }
            if policy == nil { policy = parsed }
        case "batchmode":
            switch value.lowercased() {
            case "yes": if batchMode == nil { batchMode = true }
            case "no": if batchMode == nil { batchMode = false }
            default: throw refuse("\(shown): BatchMode must be yes or no")
            }
        default:
            return false
        }
        return true
    }

    /// The options that take a number; false for any other option.
    private mutating func applyNumber(_ lowered: String, value: String, shown: String,
                                      refuse: (String) -> UserError) throws -> Bool {
        switch lowered {
        case "serveraliveinterval":
            guard let seconds = Int(value), seconds >= 0 else {
                throw refuse("\(shown): ServerAliveInterval must be a whole number of seconds, 0 or more (0: no keepalives)")
            }
            if serverAliveInterval == nil { serverAliveInterval = seconds }
        case "serveralivecountmax":
            guard let count = Int(value), count >= 1 else {
                throw refuse("\(shown): ServerAliveCountMax must be a whole number above 0")
            }
            if serverAliveCountMax == nil { serverAliveCountMax = count }
        case "connectionattempts":
            guard let count = Int(value), (1...101).contains(count) else {
                throw refuse("\(shown): ConnectionAttempts must be a whole number from 1 to 101")
            }
            if connectionAttempts == nil { connectionAttempts = count }
        case "connecttimeout":
            guard let seconds = Int(value), seconds > 0 else {
                throw refuse("\(shown): ConnectTimeout must be a whole number of seconds above 0")
            }
            if connectTimeout == nil { connectTimeout = Double(seconds) }
        default:
            return false
        }
        return true
    }

    private static func flagMessage(_ word: String) -> String {
        switch word.prefix(2) {
        case "-i": return "\(word) is not read from ssh arguments: set ansible_ssh_private_key_file instead"
        case "-p": return "\(word) is not read from ssh arguments: set ansible_port instead"
        case "-l": return "\(word) is not read from ssh arguments: set ansible_user instead"
        default:
            return "'\(word)' is not supported by glance-push: only -F FILE, -J and -o OPTION=VALUE with one of "
                + honouredOptions.joined(separator: ", ")
        }
    }

    /// As OpenSSH 9.2 (checked with `ssh -G` and real connections): every value's syntax is
    /// checked; a ProxyJump counts only when no ProxyJump (not even `none`) and no
    /// ProxyCommand came before it; `-J` after any ProxyJump or ProxyCommand is an error
    /// ("Only a single -J option is permitted", "Cannot specify -J with ProxyCommand").
    private mutating func setJump(_ value: String, shown: String, fromFlag: Bool,
                                  refuse: (String) -> UserError) throws {
        let hops: [JumpSpec]?
        do {
            hops = try JumpSpec.parseList(value)
        } catch {
            throw refuse("\(shown): \(error.reason)")
        }
        if fromFlag, jump != nil {
            throw refuse("\(shown): a jump host was already given; ssh allows one -J (list several hops in it, separated by commas)")
        }
        if fromFlag, command != nil {
            throw refuse("\(shown): ssh does not allow -J after ProxyCommand")
        }
        guard jump == nil, command == nil else { return }
        guard let hops else {
            jump = Jump.none
            return
        }
        jump = .hops(hops)
        jumpVariable = variable
        command = Command.none
    }

    /// The first ProxyCommand counts (`ProxyJump=none` before it does not stop it).
    private mutating func setCommand(_ value: String, shown: String, refuse: (String) -> UserError) throws {
        if value.lowercased() == "none" {
            if command == nil { command = Command.none }
            return
        }
        guard value != "-" else {
            throw refuse("\(shown) is not supported: it would make glance-push's own standard input and output the connection")
        }
        let parsed: ProxyCommand
        do {
            parsed = try ProxyCommand(value)
        } catch {
            throw refuse("\(shown): \(error)")
        }
        if command == nil { command = .run(parsed) }
    }
}
