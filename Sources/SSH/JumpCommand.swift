/// For measurement only (GLANCE_PUSH_JUMP_TRANSPORT=ssh-w): ProxyJump as one `ssh -W` child per
/// target instead of a channel in a shared bastion session. The bastion's host key is then
/// checked by OpenSSH, given the same known_hosts files and policy.
enum JumpCommand {
    static var requested: Bool { ProcessEnvironment.value("GLANCE_PUSH_JUMP_TRANSPORT") == "ssh-w" }

    static func command(through hops: [SSHTarget], to target: SSHTarget) -> String {
        var words = ["ssh", "-F", "/dev/null", "-o", "BatchMode=yes"]
        if let bastion = hops.last {
            words += ["-o", "StrictHostKeyChecking=" + (bastion.hostKeyPolicy == .acceptNew ? "accept-new" : "yes"),
                      "-o", "UserKnownHostsFile=" + bastion.knownHostsFiles.joined(separator: " "),
                      "-o", "GlobalKnownHostsFile=" + (bastion.globalKnownHostsFiles.isEmpty ? "/dev/null"
                          : bastion.globalKnownHostsFiles.joined(separator: " ")),
                      "-o", "ConnectTimeout=\(Int(bastion.connectTimeout))"]
            if let key = bastion.identityFile { words += ["-i", key] }
            if hops.count > 1 {
                words += ["-J", hops.dropLast().map(\.loginName).joined(separator: ",")]
            }
            words += ["-l", bastion.user, "-p", String(bastion.port), "-W", "[\(target.host)]:\(target.port)", bastion.host]
        }
        return words.map(ShellQuote.quote).joined(separator: " ")
    }
}
