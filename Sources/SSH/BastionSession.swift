import Foundation

/// One authenticated connection to a bastion, shared by every target tunnelled through it.
/// Targets hand it requests; its pump thread (`BastionPump`) alone uses the libssh2 session.
///
/// Thread rule: every method may be called from any thread; the state is guarded by `lock`.
final class BastionSession: @unchecked Sendable {
    enum State {
        /// Takes new tunnels.
        case running
        /// A channel open has waited too long (the bastion cannot reach that target yet): no new
        /// tunnels, since libssh2 opens one channel at a time; the open ones go on.
        case stalled
        /// Its connection broke; every tunnel through it ended with this reason.
        case dead(SSHError)
        /// Idle, closed by its pump.
        case retired
    }

    /// The route to this bastion: the hops before it, then itself.
    let hops: [SSHTarget]
    /// `user@host` of the bastion, as messages name it.
    let name: String
    /// The read end of a pipe the pump polls; a request writes a byte to the other end.
    let wakeFD: Int32
    private let wakeWriteFD: Int32
    // Guarded by `lock`.
    private let lock = NSLock()
    private var inbox: [TunnelRequest] = []
    private var state = State.running
    private var stopRequested = false
    private var pumpFinished = false

    init(hops: [SSHTarget], name: String) throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw SSHError(.connect, host: name, "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        self.hops = hops
        self.name = name
        wakeFD = ends[0]
        wakeWriteFD = ends[1]
    }

    deinit {
        Glibc.close(wakeFD)
        Glibc.close(wakeWriteFD)
    }

    var isUsable: Bool {
        withLock { if case .running = state { return true } else { return false } }
    }

    var deathReason: SSHError? {
        withLock { if case .dead(let reason) = state { return reason } else { return nil } }
    }

    /// False unless the session takes new tunnels.
    func enqueue(_ request: TunnelRequest) -> Bool {
        let taken: Bool = withLock {
            guard case .running = state else { return false }
            inbox.append(request)
            return true
        }
        if taken { wake() }
        return taken
    }

    /// The pump takes the requests that arrived since it last looked.
    func takeInbox() -> [TunnelRequest] {
        withLock {
            defer { inbox = [] }
            return inbox
        }
    }

    /// No new tunnels; returns the requests still waiting, for the pump to send back.
    func stall() -> [TunnelRequest] {
        withLock {
            if case .running = state { state = .stalled }
            defer { inbox = [] }
            return inbox
        }
    }

    /// Records why the connection broke (before the pump closes the tunnels, so that a target
    /// that sees its stream end finds the reason); returns the requests still waiting.
    func die(_ reason: SSHError) -> [TunnelRequest] {
        withLock {
            state = .dead(reason)
            defer { inbox = [] }
            return inbox
        }
    }

    /// Retires the session if no request is waiting; false if one arrived meanwhile.
    func retireIfIdle() -> Bool {
        withLock {
            guard inbox.isEmpty else { return false }
            if case .dead = state { return true }
            state = .retired
            return true
        }
    }

    /// Process exit: the pump closes the session now (OpenSSL's exit handlers must not run
    /// under a pump still encrypting). Returns once it has, or after `seconds`.
    func stopPump(waitingUpTo seconds: Double) {
        withLock { stopRequested = true }
        wake()
        let deadline = Date().addingTimeInterval(seconds)
        while !withLock({ pumpFinished }), Date() < deadline { usleep(5_000) }
    }

    var shouldStop: Bool { withLock { stopRequested } }

    var isFinished: Bool { withLock { pumpFinished } }

    /// The pump has closed the session and ended.
    func markPumpFinished() {
        withLock {
            if case .running = state { state = .retired }
            pumpFinished = true
        }
    }

    /// A full pipe already wakes the pump, so a failed write is fine.
    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }

    /// The pump drains the pipe before it polls again.
    func clearWake() {
        var bytes = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &bytes, bytes.count) > 0 {}
    }

    private func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
