import Foundation
import Logging

/// The bastion sessions of this process, one per route (list of hops), shared by every target
/// behind it: a deploy to 100 controllers through one bastion makes one SSH connection to the
/// bastion and 100 forwarded channels in it. A session closes itself about a second after its
/// last tunnel ends; a session whose connection broke is replaced by the next request.
///
/// Thread rule: any thread; the lists are guarded by `condition`. Connecting to a bastion
/// happens outside it, once for all the targets that ask meanwhile (they share the outcome).
final class BastionPool: @unchecked Sendable {
    static let shared = BastionPool()

    /// One connection being made to a route, and what came of it.
    private final class Attempt {
        let hops: [SSHTarget]
        var failure: SSHError?
        var done = false
        init(hops: [SSHTarget]) { self.hops = hops }
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var sessions: [BastionSession] = []
    private var attempts: [Attempt] = []
    /// Every session whose pump was started, until process exit (they are small).
    private var started: [BastionSession] = []
    private var exitHandlerInstalled = false
    private let logger = Logger(label: "glance-push.ssh")

    /// A forwarded connection from the last of `hops` to `target`'s host and port. A failure of
    /// a bastion is thrown as the target's, naming the bastion ("via bastion root@gw: …").
    func tunnel(to target: SSHTarget, through hops: [SSHTarget]) throws -> StreamTransport {
        guard let last = hops.last else { return try TCPTransport.connect(to: target) }
        var retries = 0
        while true {
            let bastion: BastionSession
            do {
                bastion = try session(for: hops)
            } catch let error as SSHError {
                throw error.seen(from: target.host, via: last.loginName)
            }
            let request = TunnelRequest(host: target.host, port: target.port)
            let deadline = Date().addingTimeInterval(target.connectTimeout)
            guard bastion.enqueue(request) else { continue }
            switch request.wait(until: deadline) {
            case .opened(let fd)?:
                return TunnelTransport(fd: fd, bastion: bastion)
            case .failed(let error)?:
                throw error.seen(from: target.host, via: bastion.name)
            case .retry? where retries < 3:
                retries += 1
            case .retry?, nil:
                throw SSHError(.connectTimeout, host: target.host, """
                    via bastion \(bastion.name): no forwarded connection to \(target.host) port \(target.port) \
                    within \(Int(target.connectTimeout)) s
                    """, hop: bastion.name)
            }
        }
    }

    /// A usable session for `hops`: an open one, the one being made, or a new one.
    private func session(for hops: [SSHTarget]) throws -> BastionSession {
        condition.lock()
        defer { condition.unlock() }
        while true {
            sessions.removeAll { !$0.isUsable }
            if let open = sessions.first(where: { $0.hops == hops }) { return open }
            if let attempt = attempts.first(where: { $0.hops == hops }) {
                while !attempt.done { condition.wait() }
                if let failure = attempt.failure { throw failure }
                continue
            }
            let attempt = Attempt(hops: hops)
            attempts.append(attempt)
            condition.unlock()
            let made = Result { try connect(hops) }
            condition.lock()
            attempts.removeAll { $0 === attempt }
            attempt.done = true
            switch made {
            case .success(let session): sessions.append(session)
            case .failure(let error as SSHError): attempt.failure = error
            case .failure(let error): attempt.failure = SSHError(.connect, host: hops.last?.host ?? "", "\(error)")
            }
            condition.broadcast()
            if let failure = attempt.failure { throw failure }
        }
    }

    /// Connects to the last of `hops` (directly, or through the hops before it), checks its
    /// host key, authenticates, and starts its pump.
    private func connect(_ hops: [SSHTarget]) throws -> BastionSession {
        guard let bastion = hops.last else { preconditionFailure("a route has at least one hop") }
        let credentials = try Authentication.prepare(bastion)
        let started = Date()
        let transport = try tunnel(to: bastion, through: Array(hops.dropLast()))
        let deadline = (hops.count == 1 ? started : Date()).addingTimeInterval(bastion.connectTimeout)
        var hopLogger = logger
        hopLogger[metadataKey: "bastion"] = "\(bastion.loginName)"
        do {
            let (session, _) = try Session.start(over: transport, target: bastion, credentials: credentials,
                                                deadline: deadline, logger: hopLogger)
            let shared = try BastionSession(hops: hops, name: bastion.loginName)
            register(shared)
            BastionPump.start(session: session, shared: shared)
            hopLogger.debug("bastion connected")
            return shared
        } catch let error as SSHError {
            throw transport.explain(error)
        }
    }

    /// Remembers a session for `stopAll`, and installs the exit handler once. It is installed
    /// after libssh2 (and so OpenSSL) initialised, so it runs before OpenSSL's own exit handler.
    private func register(_ session: BastionSession) {
        condition.lock()
        defer { condition.unlock() }
        started.removeAll { $0.isFinished }
        started.append(session)
        if !exitHandlerInstalled {
            exitHandlerInstalled = true
            atexit { BastionPool.shared.stopAll() }
        }
    }

    /// At process exit: every pump closes its session (at most 2 s in all).
    func stopAll() {
        condition.lock()
        let running = started
        condition.unlock()
        let deadline = Date().addingTimeInterval(2)
        for session in running { session.stopPump(waitingUpTo: max(0, deadline.timeIntervalSinceNow)) }
    }
}
