import Foundation
internal import CLibSSH2
import Logging

extension SSHConnection {
    /// `connect`, tried again up to `target.connectRetries` times when the failure may pass
    /// (`SSHError.isTransient`: refused, reset or timed out before or during the handshake),
    /// never after a host-key or authentication failure. Each retry waits `backoff` and is
    /// logged at info level (`-v`) with its reason. The connection (or the final error) tells
    /// how many attempts were made (`connectAttempts`); a transient failure that outlasts every
    /// retry says so in its message.
    public static func connectRetrying(to target: SSHTarget, backoff: ConnectBackoff = .standard,
                                       logger: Logger = Logger(label: "glance-push.ssh")) throws -> SSHConnection {
        let attempts = 1 + max(0, target.connectRetries)
        var attempt = 1
        while true {
            do {
                let connection = try connect(to: target, logger: logger)
                connection.connectAttempts = attempt
                return connection
            } catch var error as SSHError {
                error.connectAttempts = attempt
                guard error.isTransient, attempt < attempts else {
                    if error.isTransient && attempt > 1 { error.message += " (\(attempt) attempts)" }
                    throw error
                }
                let delay = backoff.delay(beforeRetry: attempt)
                logger.info("connect failed; retrying", metadata: [
                    "host": "\(target.host)", "attempt": "\(attempt) of \(attempts)", "reason": "\(error.message)",
                    "retry in": "\(String(format: "%.1f", delay)) s",
                ])
                backoff.sleep(delay)
                attempt += 1
            }
        }
    }

    /// The SSH handshake. A connection dropped or timed out here is transient (a server
    /// starting up, MaxStartups shedding load); a failed negotiation is not.
    static func handshake(_ session: Session, socket: Int32, target: SSHTarget, deadline: Date) throws {
        do {
            let handshake = try session.call("during the SSH handshake with \(target.displayName)", deadline: deadline) {
                libssh2_session_handshake(session.raw, socket)
            }
            try session.check(handshake, .handshake, "SSH handshake with \(target.displayName)")
        } catch var error as SSHError {
            if error.kind == .disconnected || error.kind == .timeout { error.isTransient = true }
            throw error
        }
    }
}

/// Waits between connect attempts: exponential (`base`, doubling, at most `cap` seconds) with
/// jitter (each wait a random part between half and all of it), so that many hosts refused at
/// once do not come back at once.
public struct ConnectBackoff: Sendable {
    public var base: Double
    public var cap: Double
    /// Sleeps this many seconds (a fake in tests).
    public var sleep: @Sendable (Double) -> Void

    public init(base: Double, cap: Double, sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.base = base
        self.cap = cap
        self.sleep = sleep
    }

    /// 0.5 s, 1 s, 2 s … up to 8 s, each jittered down to half.
    public static let standard = ConnectBackoff(base: 0.5, cap: 8)

    /// Seconds to wait after failed attempt `attempt` (1 for the first).
    public func delay(beforeRetry attempt: Int) -> Double {
        let full = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return full * Double.random(in: 0.5...1)
    }
}
