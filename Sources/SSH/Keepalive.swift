import Dispatch
import Foundation
internal import CLibSSH2

/// OpenSSH's ServerAliveInterval/ServerAliveCountMax for an idle libssh2 session.
///
/// libssh2 reads the socket only when it is called, so an idle connection answers nothing:
/// a server with `ClientAliveInterval` drops it after `ClientAliveInterval ×
/// ClientAliveCountMax` seconds, even though the client is alive. While the connection is idle
/// (between calls, its lock free), every `tick` seconds this reads what the server sent (libssh2
/// answers its keepalive probes as it reads them) and sends a keepalive (`libssh2_keepalive_send`,
/// want-reply) once `libssh2_keepalive_config`'s interval has passed. A server that sends nothing
/// for `interval × (countMax + 1)` seconds, though asked, counts as gone, as with `ssh`.
///
/// libssh2 reads incoming packets only on behalf of a channel, so the reading goes through an
/// "anchor": a session channel that is opened the first time something arrives while idle and on
/// which nothing is ever started; a zero-byte `libssh2_channel_read_ex` on it processes every
/// pending packet and consumes no channel's data.
///
/// During a call nothing here runs: the call reads the socket itself, which answers the probes.
///
/// Thread rule: `tick` and `heard` run under the connection's lock (the timer only tries it).
final class Keepalive {
    /// Seconds between two looks at an idle connection.
    static let tick = 0.5

    let interval: Int
    let countMax: Int
    private var lastHeard = Date()
    private var anchor: OpaquePointer?
    /// The server refused the anchor channel (MaxSessions): idle reads are off, keepalives go on.
    private var anchorRefused = false
    private var timer: DispatchSourceTimer?

    /// `interval` as libssh2 applies it (1 acts as 2).
    private var effectiveInterval: Int { interval == 1 ? 2 : interval }

    /// nil when `interval` is 0 (keepalives off).
    init?(session: Session, interval: Int, countMax: Int) {
        guard interval > 0 else { return nil }
        self.interval = interval
        self.countMax = max(1, countMax)
        libssh2_keepalive_config(session.raw, 1, UInt32(interval))
    }

    /// Starts the timer; `idle` is called every `tick` seconds, on a global queue, until `stop`.
    func start(_ idle: @escaping @Sendable () -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + Self.tick, repeating: Self.tick, leeway: .milliseconds(100))
        timer.setEventHandler(handler: idle)
        timer.resume()
        self.timer = timer
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    deinit {
        timer?.cancel()
    }

    /// The server answered a call: it is alive.
    func heard() {
        lastHeard = Date()
    }

    /// One look at the idle connection: read what arrived, give up on a silent server, send a
    /// keepalive when due. Throws `.disconnected` when the connection is gone.
    func tick(_ session: Session) throws {
        if Self.readable(session.socket) {
            try drain(session)
            lastHeard = Date()
        }
        let silent = Date().timeIntervalSince(lastHeard)
        let limit = Double(effectiveInterval * (countMax + 1))
        if silent >= limit {
            throw SSHError(.disconnected, host: session.host, """
                connection lost: the server answered nothing for \(Int(silent)) s, keepalives included \
                (ServerAliveInterval \(interval), ServerAliveCountMax \(countMax))
                """)
        }
        var next: Int32 = 0
        let rc = libssh2_keepalive_send(session.raw, &next)
        if rc != 0 { throw session.error(rc, .disconnected, "while idle (sending a keepalive)") }
    }

    private func drain(_ session: Session) throws {
        let deadline = Date().addingTimeInterval(10)
        if anchor == nil && !anchorRefused {
            anchor = try session.callPointer("opening the keepalive channel", deadline: deadline) {
                libssh2_channel_open_ex(session.raw, "session", 7, 32768, 32768, nil, 0)
            }
            if anchor == nil {
                let error = session.error(session.lastErrno, .channel, "while idle (opening a channel to read on)")
                if error.kind == .disconnected || error.kind == .timeout { throw error }
                anchorRefused = true
            }
        }
        guard let anchor else { return }
        var byte: CChar = 0
        let rc = libssh2_channel_read_ex(anchor, 0, &byte, 0)
        if rc < 0 && rc != Int(LIBSSH2_ERROR_EAGAIN) {
            throw session.error(Int32(rc), .disconnected, "while idle")
        }
    }

    /// Data (or a hang-up) is waiting on the socket.
    private static func readable(_ socket: Int32) -> Bool {
        var pollFD = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&pollFD, 1, 0) > 0 && pollFD.revents != 0
    }
}
