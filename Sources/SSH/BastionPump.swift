import Foundation
internal import CLibSSH2

/// The one thread that uses a bastion's libssh2 session once it is authenticated: it opens the
/// `direct-tcpip` channels targets ask for (one at a time: libssh2 keeps one open in flight per
/// session) and moves bytes between each channel and its target's socket pair, in both
/// directions, until each side closes.
///
/// libssh2 rule kept here: a call that returns EAGAIN while its packet is half sent (the
/// session blocks outbound) must be repeated, with the same arguments, before any other call
/// that may send; `pending` holds that call.
final class BastionPump: @unchecked Sendable {
    private enum Pending {
        case open
        case write(Tunnel)
        case read(Tunnel)
        case free(Tunnel)
    }

    /// An open that waits longer than this (the bastion cannot reach that host, and its TCP
    /// connect may take minutes) stops the session taking new tunnels: they go to a new one.
    static let stallAfter: TimeInterval = 1
    /// An idle session closes after this long without tunnels.
    static let idleLinger: TimeInterval = 1
    private static let readSize = 32768
    private static let channelErrors: Set<Int32> = [
        LIBSSH2_ERROR_CHANNEL_CLOSED, LIBSSH2_ERROR_CHANNEL_EOF_SENT, LIBSSH2_ERROR_CHANNEL_WINDOW_EXCEEDED,
        LIBSSH2_ERROR_CHANNEL_PACKET_EXCEEDED, LIBSSH2_ERROR_CHANNEL_UNKNOWN,
    ]

    // The pump thread holds `confinement` for as long as it runs and nothing else ever takes
    // it: every property below is that thread's alone (set up before the thread starts).
    private let confinement = NSLock()
    private let session: Session
    private let shared: BastionSession
    private var tunnels: [Tunnel] = []
    private var queue: [TunnelRequest] = []
    private var opening: (request: TunnelRequest, since: Date)?
    private var pending: Pending?
    /// Everything the bastion sent has been read (until EAGAIN) since poll last said its socket
    /// was readable, so a tunnel need only be read when libssh2 holds data for it.
    private var socketDrained = false
    /// A call read only part of what arrived (an open, a close: libssh2 stops at the packet it
    /// waits for, leaving the rest in its own buffer, where poll cannot see it): read again.
    private var needsDrain = false
    private var stalled = false
    private var idleSince: Date?
    private var scratch = [UInt8](repeating: 0, count: 65536)

    private init(session: Session, shared: BastionSession) {
        self.session = session
        self.shared = shared
    }

    /// Hands `session` to a new pump thread; the caller must not touch it again.
    static func start(session: Session, shared: BastionSession) {
        let pump = BastionPump(session: session, shared: shared)
        let thread = Thread { pump.run() }
        thread.name = "glance-push bastion \(shared.name)"
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func run() {
        confinement.lock()
        defer { confinement.unlock() }
        var readable = true
        do {
            while !shared.shouldStop {
                socketDrained = !readable && !needsDrain
                needsDrain = false
                let progressed = try pass()
                if shouldRetire(), shared.retireIfIdle() { break }
                readable = try waitForWork(progressed: progressed)
            }
        } catch let error as SSHError {
            fail(error)
        } catch {
            fail(SSHError(.disconnected, host: shared.name, "\(error)"))
        }
        session.close()
        shared.markPumpFinished()
    }

    /// One round over the opening channel and every tunnel; true when anything moved.
    private func pass() throws -> Bool {
        queue += shared.takeInbox()
        if let blocked = pending {
            pending = nil
            try repeatCall(blocked)
            if pending != nil { return false }
        }
        var progressed = try advanceOpening()
        for tunnel in tunnels where !tunnel.freed && pending == nil {
            progressed = try service(tunnel) || progressed
        }
        tunnels.removeAll { $0.freed }
        return progressed
    }

    private func repeatCall(_ call: Pending) throws {
        switch call {
        case .open: _ = try advanceOpening()
        case .write(let tunnel): _ = try writeToChannel(tunnel, again: true)
        case .read(let tunnel): _ = try readFromChannel(tunnel)
        case .free(let tunnel): free(tunnel)
        }
    }

    private func service(_ tunnel: Tunnel) throws -> Bool {
        if tunnel.shouldClose {
            let first = !tunnel.fdClosed
            tunnel.closeTargetSide()
            free(tunnel)
            // Waiting for the far end's CLOSE is not progress: poll wakes when it comes.
            return first || tunnel.freed
        }
        var progressed = tunnel.readFromTarget(&scratch)
        if !tunnel.toBastion.isEmpty, !tunnel.remoteClosed {
            progressed = try writeToChannel(tunnel) || progressed
            if pending != nil { return progressed }
        }
        if tunnel.toTarget.isEmpty, !tunnel.remoteClosed,
           !socketDrained || tunnel.queuedBytes > 0 || tunnel.channelAtEOF {
            progressed = try readFromChannel(tunnel) || progressed
            if pending != nil { return progressed }
        }
        return tunnel.writeToTarget() || progressed
    }

    /// After EAGAIN: is the session waiting to finish sending a packet?
    private var blockedOutbound: Bool {
        libssh2_session_block_directions(session.raw) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0
    }

    /// A first write drains what arrived before it sends; one repeated after EAGAIN reads nothing.
    private func writeToChannel(_ tunnel: Tunnel, again: Bool = false) throws -> Bool {
        let rc = tunnel.toBastion.withUnread { bytes in
            libssh2_channel_write_ex(tunnel.channel, 0, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        if !again { socketDrained = true }
        if rc > 0 {
            tunnel.toBastion.consume(rc)
            return true
        }
        if rc == Int(LIBSSH2_ERROR_EAGAIN) {
            if blockedOutbound { pending = .write(tunnel) }
            return false
        }
        return try channelFailed(tunnel, Int32(clamping: rc))
    }

    private func readFromChannel(_ tunnel: Tunnel) throws -> Bool {
        let rc = scratch.withUnsafeMutableBytes { raw in
            libssh2_channel_read_ex(tunnel.channel, 0, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Self.readSize)
        }
        // It drains, unless it stopped first to send a window adjustment (then it read nothing).
        if !(rc == Int(LIBSSH2_ERROR_EAGAIN) && blockedOutbound) { socketDrained = true }
        if rc > 0 {
            scratch.withUnsafeBytes { tunnel.toTarget.fill(UnsafeRawBufferPointer(rebasing: $0[..<rc])) }
            return true
        }
        if rc == 0 {
            guard tunnel.channelAtEOF else { return false }
            tunnel.remoteClosed = true
            return true
        }
        if rc == Int(LIBSSH2_ERROR_EAGAIN) {
            if blockedOutbound { pending = .read(tunnel) }
            return false
        }
        return try channelFailed(tunnel, Int32(clamping: rc))
    }

    /// A channel's own error ends that tunnel; any other error is the session's death.
    private func channelFailed(_ tunnel: Tunnel, _ rc: Int32) throws -> Bool {
        guard Self.channelErrors.contains(rc) else { throw death(rc) }
        tunnel.remoteClosed = true
        tunnel.targetClosed = true
        return true
    }

    /// Sends EOF and CLOSE and releases the channel (libssh2 ignores errors here).
    private func free(_ tunnel: Tunnel) {
        let rc = libssh2_channel_free(tunnel.channel)
        if rc == LIBSSH2_ERROR_EAGAIN {
            if blockedOutbound { pending = .free(tunnel) } else { socketDrained = true }
            return
        }
        // Waiting for the far end's CLOSE, it may have stopped after one packet.
        readPartly()
        tunnel.freed = true
    }

    /// libssh2 reports a closed and a reset connection alike (SOCKET_RECV, message "transport
    /// read"), so the message says both.
    private func death(_ rc: Int32) -> SSHError {
        switch rc {
        case LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT:
            return SSHError(.disconnected, host: shared.name, "connection to the bastion lost (it was closed or reset)")
        case LIBSSH2_ERROR_SOCKET_SEND:
            return SSHError(.disconnected, host: shared.name, "connection to the bastion lost (sending to it failed)")
        default:
            return SSHError(.disconnected, host: shared.name,
                            "the connection to the bastion failed: \(session.lastErrorMessage) (libssh2 \(rc))")
        }
    }

    /// Every tunnel and waiting request ends with `reason`, recorded first. When this bastion
    /// is itself reached through another that died, that one's reason is the reason.
    private func fail(_ failure: SSHError) {
        let reason = session.transport.explain(failure)
        let waiting = shared.die(reason)
        for request in waiting + queue { request.finish(.failed(reason)) }
        opening?.request.finish(.failed(reason))
        for tunnel in tunnels { tunnel.closeTargetSide() }
    }

    /// After a call that stopped reading at the packet it wanted, leaving any others in
    /// libssh2's buffer: the tunnels after it in this pass, and the next pass, read again.
    private func readPartly() {
        socketDrained = false
        needsDrain = true
    }

    /// libssh2 holds data (or the end) for a tunnel with room for it: no waiting before the next pass.
    private var hasQueuedWork: Bool {
        tunnels.contains { !$0.freed && $0.toTarget.isEmpty && !$0.remoteClosed && ($0.queuedBytes > 0 || $0.channelAtEOF) }
    }

    private var isIdle: Bool { tunnels.isEmpty && opening == nil && queue.isEmpty && pending == nil }

    private func shouldRetire() -> Bool {
        guard isIdle else {
            idleSince = nil
            return false
        }
        let now = Date()
        let since = idleSince ?? now
        idleSince = since
        return stalled || now.timeIntervalSince(since) >= Self.idleLinger
    }
}

extension BastionPump {
    /// Opens the next requested channel, one at a time; true when an open finished.
    private func advanceOpening() throws -> Bool {
        while opening == nil, !queue.isEmpty {
            let next = queue.removeFirst()
            if !next.isAbandoned { opening = (next, Date()) }
        }
        guard let request = opening?.request, let since = opening?.since else { return false }
        if !stalled, Date().timeIntervalSince(since) > Self.stallAfter {
            stalled = true
            for waiting in queue + shared.stall() { waiting.finish(.retry) }
            queue = []
        }
        let opened = libssh2_channel_direct_tcpip_ex(session.raw, request.host, Int32(request.port), "127.0.0.1", 22)
        guard let channel = opened else {
            let rc = session.lastErrno
            if rc == LIBSSH2_ERROR_EAGAIN {
                if blockedOutbound { pending = .open } else { socketDrained = true }
                return false
            }
            readPartly()
            opening = nil
            guard rc == LIBSSH2_ERROR_CHANNEL_FAILURE else { throw death(rc) }
            request.finish(.failed(SSHError(.connect, host: request.host, """
                the bastion could not open a connection to \(request.host) port \(request.port) \
                (\(session.lastErrorMessage))
                """)))
            return true
        }
        // It stopped at the packet it waited for: the rest may be in libssh2's buffer.
        readPartly()
        opening = nil
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            let reason = String(cString: strerror(errno))
            let tunnel = Tunnel(channel: channel, fd: -1)
            tunnel.targetClosed = true
            tunnels.append(tunnel)
            request.finish(.failed(SSHError(.connect, host: request.host, "socketpair: \(reason)")))
            return true
        }
        _ = fcntl(pair[1], F_SETFL, fcntl(pair[1], F_GETFL) | O_NONBLOCK)
        let tunnel = Tunnel(channel: channel, fd: pair[1])
        if !request.finish(.opened(pair[0])) {
            Glibc.close(pair[0])
            tunnel.targetClosed = true
        }
        tunnels.append(tunnel)
        return true
    }

    /// Polls the wake pipe, the bastion's socket (for what libssh2 waits on) and each
    /// tunnel's socket; returns whether the bastion's socket is readable.
    private func waitForWork(progressed: Bool) throws -> Bool {
        var events: Int16 = 0
        if wantsBastionInput { events |= Int16(POLLIN) }
        if pending != nil || blockedOutbound { events |= Int16(POLLOUT) }
        var fds = [pollfd(fd: shared.wakeFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: session.socket, events: events, revents: 0)]
        for tunnel in tunnels where !tunnel.freed {
            let wanted = tunnel.wantedEvents
            fds.append(pollfd(fd: wanted == 0 ? -1 : tunnel.fd, events: wanted, revents: 0))
        }
        let busy = progressed || needsDrain || hasQueuedWork
        let timeout: Int32 = busy ? 0 : opening != nil ? 100 : isIdle ? Int32(Self.idleLinger * 1000) : 1000
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        guard ready > 0 else { return false }
        if fds[0].revents != 0 { shared.clearWake() }
        let bastion = fds[1].revents
        if isIdle, bastion != 0 { try checkIdleSocket() }
        return bastion & Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Whether a libssh2 call this pump will make reads the socket (so POLLIN is worth waking
    /// for): opening, closing, writing, or reading a tunnel that has room.
    private var wantsBastionInput: Bool {
        opening != nil || tunnels.isEmpty || tunnels.contains { tunnel in
            !tunnel.freed && (tunnel.shouldClose || !tunnel.toBastion.isEmpty || (tunnel.toTarget.isEmpty && !tunnel.remoteClosed))
        }
    }

    /// With no tunnel to read through, a readable socket is the bastion closing (or saying
    /// something nobody waits for: the session is then closed as idle).
    private func checkIdleSocket() throws {
        var byte: UInt8 = 0
        let count = recv(session.socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) {
            throw SSHError(.disconnected, host: shared.name, "connection to the bastion lost (it was closed)")
        }
        if count > 0 { stalled = true }
    }
}
