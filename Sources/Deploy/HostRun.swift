import Foundation
import Planner
import Playbook
import SSH

/// One host's deploy, from connect to unlock, as one value moving through one state per phase:
///
///     connected ─► locked ─► planned ─► staged ─► written ─► activated ─► finished
///          └────────┴──────────┴─── converged, --check, or a failure ──────────┘
///
/// `prepare` (every host in parallel) goes as far as `written`; `activate` (batch by batch,
/// `Rollout`) restarts and health-checks; `finish` clears the pending marker, prunes releases,
/// releases the lock and closes. Each state holds what the later steps and the failure path
/// need: the connection to close, the lock to release, the release to remove.
struct HostRun: Sendable {
    enum State: Sendable {
        case idle
        case connected(any RemoteHost)
        /// Looked at under the lock, or without one (`lock` nil) when the first look found
        /// nothing to do or for `--check`.
        case locked(Locked)
        case planned(Planned)
        case staged(Staged)
        case written(Written)
        case activated(Written)
        case finished

        /// The phase's name, as the trail lists it.
        var name: String {
            switch self {
            case .idle: return "idle"
            case .connected: return "connected"
            case .locked: return "locked"
            case .planned: return "planned"
            case .staged: return "staged"
            case .written: return "written"
            case .activated: return "activated"
            case .finished: return "finished"
            }
        }
    }

    struct Locked: Sendable {
        var connection: any RemoteHost
        var lock: NodeLock?
        var host: PlannedHost
    }

    /// Packages are in; `host` is planned again from what they brought.
    struct Planned: Sendable {
        var locked: Locked
    }

    struct Staged: Sendable {
        var planned: Planned
        var files: [PlannedFile]
        var staging: ChangeStaging.Staged
    }

    /// Files are on the node; what is left needs the plan's services and one-shots, not the
    /// files' contents (hundreds of KB a host, held until every batch is done).
    struct Written: Sendable {
        var connection: any RemoteHost
        var lock: NodeLock
        var plan: HostPlan
        var changes: PlanChanges
        var manifest: ReleaseManifest?
        /// The convergence record to write at the end (`PlannedHost.record`).
        var record: String?
    }

    let input: DeployInput
    let options: DeployOptions
    let progress: DeployProgress
    /// Opens the host, and its load balancers when it is drained from them.
    let connector: HostConnector
    let started = Date()
    private(set) var state: State = .idle
    /// The states the run went through, in order, each once.
    private(set) var trail: [String] = []
    var report: HostReport
    /// Blanks the plan's secrets in free text (node stderr) before it reaches the report.
    private(set) var mask = SecretMask([])
    /// Restarts and one-shots an earlier run wrote files for and did not finish.
    private(set) var owed: [String] = []

    init(_ input: DeployInput, options: DeployOptions, progress: DeployProgress, connector: HostConnector) {
        self.input = input
        self.options = options
        self.progress = progress
        self.connector = connector
        report = HostReport(host: input.host.name, status: .failed)
    }

    var name: String { input.host.name }

    /// The host waits for `activate`.
    var written: Written? {
        if case .written(let written) = state { return written }
        return nil
    }

    mutating func move(to next: State) {
        state = next
        if trail.last != next.name { trail.append(next.name) }
    }

    mutating func remember(owed: [String], mask: SecretMask) {
        self.owed = owed
        self.mask = mask
    }

    /// Ends the run on the node: after an activation that did all the host owed (`completed`)
    /// the pending marker goes; old releases are pruned after a write; the lock is released.
    mutating func finish(completed: Bool = false) {
        if case .finished = state { return }
        progress.mark(name, "finish")
        switch state {
        case .connected(let connection):
            connection.close()
        case .locked(let locked):
            release(locked.lock, on: locked.connection)
        case .planned(let planned):
            release(planned.locked.lock, on: planned.locked.connection)
        case .staged(let staged):
            release(staged.planned.locked.lock, on: staged.planned.locked.connection)
        case .written(let written), .activated(let written):
            let script = (completed ? UnfinishedWork.clearScript : "")
                + (written.manifest == nil ? "" : ReleaseStore.pruneScript(keep: options.keepReleases))
                + (written.record == nil ? "" : ConvergenceRecord.writeInSubshell)
                + written.lock.releaseScript
            let stdin = written.record.map { Data(($0 + "\n").utf8) } ?? Data()
            _ = try? written.connection.exec(script, stdin: stdin, timeout: NodeTimeout.lockAndGather)
            written.connection.close()
        case .idle, .finished:
            break
        }
        let end = Date()
        report.seconds = end.timeIntervalSince(started)
        report.phases = progress.clock.phases(of: name, until: end)
        move(to: .finished)
    }

    /// Releasing removes only a lock this run holds, so it is safe on every failure path.
    private func release(_ lock: NodeLock?, on connection: any RemoteHost) {
        if let lock { try? lock.release(on: connection) }
        connection.close()
    }

    /// Records the failure (secrets masked) and finishes.
    mutating func fail(_ error: Error) {
        report.status = (error as? HostError)?.phase == "interrupted" ? .interrupted : .failed
        // A command past its timeout names no step: the host's current one does (a connect's
        // timeout names the connect, the handshake or the authentication itself).
        let current = progress.clock.currentStep(of: name)
        let step = (error as? SSHError)?.kind == .timeout && current != "connect" ? current : nil
        report.error = mask.apply((step.map { "\($0): " } ?? "") + HostError.describe(error))
        finish()
    }
}
