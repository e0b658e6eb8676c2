/// OpenSSH's `ProxyCommand`: a local command whose standard input and output are the
/// connection to the host's sshd (e.g. `ssh -W %h:%p bastion`, `nc -X connect -x proxy:8080 %h %p`).
/// glance-push runs it as `/bin/sh -c "exec COMMAND"` (ssh uses `$SHELL`; /bin/sh makes a
/// deploy's behaviour independent of who runs it), once per connection, in its own process
/// group (so Ctrl-C, which lets glance-push finish its steps, does not kill the connections).
public struct ProxyCommand: Sendable, Equatable {
    /// The command as written, tokens not yet expanded.
    public let template: String

    /// Throws for a `%` token ssh would not expand (see `PercentTokens`).
    public init(_ template: String) throws(PercentTokens.Failure) {
        try PercentTokens.check(template)
        self.template = template
    }

    /// The command for one connection: `%h`/`%n` the target's address, `%p` its port, `%r` its user.
    public func command(for target: SSHTarget) -> String {
        // `init` checked every token, so expansion cannot fail.
        (try? PercentTokens.expand(template, host: target.host, port: target.port, user: target.user)) ?? template
    }
}
