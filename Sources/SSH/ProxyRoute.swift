/// How a connection reaches the host's sshd.
public enum ProxyRoute: Sendable, Equatable {
    /// A TCP connection to `host:port`.
    case direct
    /// OpenSSH's `ProxyJump`: SSH to each hop in turn (the first directly, each next one through
    /// a forwarded connection of the one before), then a forwarded connection from the last hop
    /// to the host. Every hop's host key is checked against its own `SSHTarget`'s known_hosts
    /// files and policy, before any credential is sent to it. Connections to the same hops are
    /// shared by every target behind them (`BastionPool`).
    case jump([SSHTarget])
    /// OpenSSH's `ProxyCommand`: the command's standard input and output are the connection.
    case command(ProxyCommand)
}
