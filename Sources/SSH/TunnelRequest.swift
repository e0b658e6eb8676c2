import Foundation

/// One forwarded connection (`direct-tcpip`) a target asks of a bastion session: made by the
/// target's thread, answered by the bastion's pump thread.
final class TunnelRequest: @unchecked Sendable {
    enum Outcome {
        /// The target's end of a socket pair the pump forwards to and from the channel.
        case opened(Int32)
        case failed(SSHError)
        /// The session cannot take it after all (it stalled or retired): ask the pool again.
        case retry
    }

    let host: String
    let port: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var outcome: Outcome?
    private var abandoned = false

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The pump's answer, or nil when `deadline` passed first; the request is then abandoned and
    /// whatever the pump opens later for it is closed again.
    func wait(until deadline: Date) -> Outcome? {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil {
            if !condition.wait(until: deadline) && outcome == nil {
                abandoned = true
                return nil
            }
        }
        return outcome
    }

    /// False when the target has given up: the caller keeps what it opened and closes it.
    @discardableResult
    func finish(_ answer: Outcome) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !abandoned, outcome == nil else { return false }
        outcome = answer
        condition.broadcast()
        return true
    }

    var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return abandoned
    }
}

/// A target's stream through a bastion: its end of the socket pair the bastion's pump forwards.
/// Closing it is the whole protocol: the pump sees end-of-file and closes the channel.
final class TunnelTransport: StreamTransport {
    let fd: Int32
    let bastion: BastionSession

    init(fd: Int32, bastion: BastionSession) {
        self.fd = fd
        self.bastion = bastion
    }

    /// When the bastion's own connection died, that is why this stream broke.
    func explain(_ error: SSHError) -> SSHError {
        guard let reason = bastion.deathReason else { return error }
        return reason.seen(from: error.host, via: bastion.name)
    }

    func close() {
        Glibc.close(fd)
    }
}
