import Foundation
internal import CLibSSH2

/// Owns one `LIBSSH2_SESSION*` and the transport it runs over. libssh2 runs in non-blocking
/// mode so that every call can honour a deadline: `call` retries on `LIBSSH2_ERROR_EAGAIN`, waiting on the socket
/// in the directions libssh2 asks for.
///
/// Thread rule: not thread-safe. `SSHConnection` serialises all use behind its lock.
final class Session {
    let raw: OpaquePointer
    let transport: StreamTransport
    let host: String
    private var isClosed = false

    static let libraryReady: Bool = libssh2_init(0) == 0

    /// The session owns `transport` from here on, and closes it even when init fails.
    init(transport: StreamTransport, host: String) throws {
        guard Session.libraryReady, let raw = libssh2_session_init_ex(nil, nil, nil, nil) else {
            transport.close()
            throw SSHError(.handshake, host: host, "cannot initialise libssh2")
        }
        self.raw = raw
        self.transport = transport
        self.host = host
        libssh2_session_set_blocking(raw, 0)
    }

    var socket: Int32 { transport.fd }

    deinit {
        close()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        // Best effort: a dead peer must not hold us, so one non-blocking try only.
        _ = libssh2_session_disconnect_ex(raw, SSH_DISCONNECT_BY_APPLICATION, "bye", "")
        libssh2_session_free(raw)
        transport.close()
    }

    /// The last libssh2 error as text, e.g. "Timed out waiting on socket".
    var lastErrorMessage: String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        libssh2_session_last_error(raw, &message, &length, 0)
        guard let message else { return "unknown libssh2 error" }
        return String(cString: message)
    }

    var lastErrno: Int32 { libssh2_session_last_errno(raw) }

    /// Runs an integer-returning libssh2 call until it stops answering EAGAIN.
    func call(_ what: @autoclosure () -> String, deadline: Date, _ body: () -> Int32) throws -> Int32 {
        while true {
            let rc = body()
            if rc != LIBSSH2_ERROR_EAGAIN { return rc }
            try wait(deadline: deadline, doing: what())
        }
    }

    /// Same for calls that return a byte count (`ssize_t`).
    func callCount(_ what: @autoclosure () -> String, deadline: Date, _ body: () -> Int) throws -> Int {
        while true {
            let rc = body()
            if rc != Int(LIBSSH2_ERROR_EAGAIN) { return rc }
            try wait(deadline: deadline, doing: what())
        }
    }

    /// Same for calls that return a handle, where NULL with last errno EAGAIN means "again".
    func callPointer(_ what: @autoclosure () -> String, deadline: Date, _ body: () -> OpaquePointer?) throws -> OpaquePointer? {
        while true {
            if let pointer = body() { return pointer }
            if lastErrno != LIBSSH2_ERROR_EAGAIN { return nil }
            try wait(deadline: deadline, doing: what())
        }
    }

    /// Blocks until the socket is ready in the directions libssh2 is waiting for, or the deadline.
    func wait(deadline: Date, doing what: String) throws {
        let directions = libssh2_session_block_directions(raw)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        var pollFD = pollfd(fd: socket, events: events, revents: 0)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                throw SSHError(.timeout, host: host, "timed out \(what)")
            }
            let ready = poll(&pollFD, 1, Int32(min(remaining * 1000 + 1, 60_000)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw SSHError(.disconnected, host: host, "connection lost \(what): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Turns a negative libssh2 status into an `SSHError` naming what was attempted.
    func check(_ rc: Int32, _ kind: SSHError.Kind, _ what: String) throws {
        guard rc < 0 else { return }
        throw error(rc, kind, what)
    }

    func error(_ rc: Int32, _ kind: SSHError.Kind, _ what: String) -> SSHError {
        switch rc {
        case LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_DISCONNECT:
            return SSHError(.disconnected, host: host, "connection lost \(what): \(lastErrorMessage)")
        case LIBSSH2_ERROR_TIMEOUT:
            return SSHError(.timeout, host: host, "timed out \(what)")
        default:
            return SSHError(kind, host: host, "\(what) failed: \(lastErrorMessage) (libssh2 \(rc))")
        }
    }
}
