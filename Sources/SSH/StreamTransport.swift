import Foundation

/// The connected byte stream one libssh2 session runs over: a TCP socket, the socket pair of a
/// proxy command, or a tunnel through a bastion. libssh2 reads and writes `fd` only; closing
/// the transport ends whatever else the stream needs (a child process, a bastion's channel).
///
/// Thread rule: `explain` may be called from any thread; `close` once, by the session's owner.
protocol StreamTransport: AnyObject, Sendable {
    /// A connected stream socket; libssh2 puts it in non-blocking mode during the handshake.
    var fd: Int32 { get }
    /// `error` as the user should read it: when the stream broke beyond this host (its bastion
    /// died, its proxy command exited), that cause names the hop; otherwise `error` unchanged.
    func explain(_ error: SSHError) -> SSHError
    func close()
}

/// A direct TCP connection (`TCPSocket.connect`).
final class TCPTransport: StreamTransport {
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    static func connect(to target: SSHTarget) throws -> TCPTransport {
        TCPTransport(fd: try TCPSocket.connect(host: target.host, port: target.port, timeout: target.connectTimeout))
    }

    func explain(_ error: SSHError) -> SSHError { error }

    func close() {
        Glibc.close(fd)
    }
}
