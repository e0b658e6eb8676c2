import Foundation
import Planner
import Playbook
import SSH

/// Phase one of a deploy, every host in parallel: connect → look (no lock) → lock (gather
/// again under it) → packages (plan again) → stage a release → write. Nothing restarts yet.
extension HostRun {
    /// Runs phase one; the result is `written`, or `finished` with its report.
    static func prepare(_ input: DeployInput, options: DeployOptions, progress: DeployProgress,
                        connector: HostConnector) -> HostRun {
        var run = HostRun(input, options: options, progress: progress, connector: connector)
        do {
            try run.connect()
            try run.lock()
            guard case .locked(let locked) = run.state else { return run }
            try run.installPackages(locked)
            guard case .planned(let planned) = run.state else { return run }
            try run.stage(planned)
            guard case .staged(let staged) = run.state else { return run }
            try run.write(staged)
            progress.mark(run.name, "waiting")
        } catch {
            run.fail(error)
        }
        return run
    }

    private mutating func connect() throws {
        try progress.step(name, "connect")
        do {
            let connection = try connector.open(input.host, options.connection)
            report.connectAttempts = connection.connectAttempts
            move(to: .connected(connection))
        } catch let error as SSHError {
            report.connectAttempts = error.connectAttempts
            throw error
        }
    }

    /// One look: a host whose convergence record vouches for its files answers without the
    /// lock (and, with nothing else to do, finishes); any other host takes the lock in the same
    /// round trip and is gathered under it. `--check` only peeks at the lock.
    private mutating func lock() throws {
        guard case .connected(let connection) = state else { return }
        try progress.step(name, "gather")
        let nodeLock = NodeLock()
        var vouched = false, lockFree = false, recovered: String?
        let check = options.check, hostName = name
        var planned: PlannedHost
        do {
            planned = try look(connection, lock: check ? .peek : .acquireUnlessConverged(nodeLock)) { lines in
                vouched = !NodeWord.converged.lines(in: lines).isEmpty
                if check || vouched {
                    lockFree = NodeLock.isFree(lines)
                } else {
                    recovered = try nodeLock.interpret(lines, host: hostName)
                }
            }
        } catch {
            // The lock may have been taken before the look failed: release what this run holds.
            if !check && !vouched { try? nodeLock.release(on: connection) }
            throw error
        }
        var lock: NodeLock? = check || vouched ? nil : nodeLock
        report.recoveredLock = recovered
        if !check && lock == nil && !(planned.changes.isEmpty && lockFree) {
            // The record vouched for the files, but there is other work (or a lock to wait for).
            try progress.step(name, "lock")
            move(to: .locked(Locked(connection: connection, lock: nodeLock, host: planned)))
            lock = nodeLock
            planned = try look(connection, lock: .acquire(nodeLock)) { lines in
                recovered = try nodeLock.interpret(lines, host: hostName)
            }
            report.recoveredLock = recovered
        }
        move(to: .locked(Locked(connection: connection, lock: lock, host: planned)))
        report.warnings = planned.plan.warnings
        report.system = planned.facts.release.summary
        if planned.vouchedByRecord { report.convergedByRecord = true }
        if options.diff || options.check { report.diff = planned.plan.diff(against: planned.facts) }
        if planned.changes.isEmpty || options.check { try conclude(planned, lock: lock, on: connection) }
    }

    /// Gathers with `lock`'s step (whose lock, pending and converged lines `inspect` and the
    /// owed work read), plans, and merges the owed work into the changes.
    private mutating func look(_ connection: any RemoteHost, lock: FactGatherer.LockStep,
                               inspect: ([String]) throws -> Void = { _ in }) throws -> PlannedHost {
        var owedNow: [String] = []
        var planned = try PlannedHost.gather(input, connection: connection, lock: lock, useRecord: !options.diff) { lines in
            try inspect(lines)
            owedNow = UnfinishedWork.lines(of: lines)
        }
        remember(owed: owedNow, mask: SecretMask(freeTextOf: planned.plan))
        UnfinishedWork.merge(owedNow, into: &planned.changes, plan: planned.plan)
        return planned
    }

    /// Nothing to write (or `--check`): the report says what is or would be changed.
    private mutating func conclude(_ planned: PlannedHost, lock: NodeLock?, on connection: any RemoteHost) throws {
        if !options.check, let record = planned.record {
            try recordConvergence(record, then: lock, on: connection)
        } else if let lock {
            try lock.release(on: connection)
        }
        move(to: .locked(Locked(connection: connection, lock: nil, host: planned)))
        report.status = planned.changes.isEmpty ? .unchanged : .wouldChange
        report.changedFiles = planned.changes.files.map(\.path)
        report.packagesInstalled = planned.changes.packagesToInstall.map(\.name)
        report.restarted = planned.changes.servicesToRestart
        if options.check, let balancing = input.balancing, planned.changes.touchesServices {
            report.loadBalancer = "would " + balancing.plannedSteps
        }
        finish()
    }

    /// Packages bring users, groups and packaged files: after installing, plan again from what
    /// is there now; services the packages restart are restarted.
    private mutating func installPackages(_ locked: Locked) throws {
        var locked = locked
        let installed = locked.host.changes.packagesToInstall
        if !installed.isEmpty {
            try progress.step(name, "packages")
            try NodeCommands.installPackages(installed, on: locked.connection, host: name)
            report.packagesInstalled = installed.map(\.name)
            var again = try PlannedHost.gather(input, connection: locked.connection, useRecord: !options.diff)
            UnfinishedWork.merge(owed, into: &again.changes, plan: again.plan)
            let restartedByPackages = installed.flatMap(\.restarts).filter { service in
                again.plan.services.contains { $0.name == service && $0.running }
            }
            again.changes.servicesToRestart = Array(Set(again.changes.servicesToRestart).union(restartedByPackages)).sorted()
            locked.host = again
        }
        let removed = locked.host.changes.packagesToRemove
        if !removed.isEmpty {
            try progress.step(name, "packages")
            try NodeCommands.removePackages(removed, on: locked.connection, host: name)
        }
        move(to: .planned(Planned(locked: locked)))
    }

    /// Records a release of the files that change (the manifest names the services this deploy
    /// restarts, for a rollback to restart), with the pending marker, in one round trip.
    private mutating func stage(_ planned: Planned) throws {
        let host = planned.locked.host
        let files = host.plan.files.filter { file in host.changes.files.contains { $0.path == file.path } }
        guard !files.isEmpty else {
            report.status = .changed
            return move(to: .written(written(planned, manifest: nil)))
        }
        try progress.step(name, "release")
        let services = host.changes.servicesToRestart + host.changes.servicesToStart
        let manifest = PlannedHost.manifest(files, facts: host.facts, options: options, services: services)
        let staging = try ChangeStaging.stage(manifest, changes: host.changes, files: files,
                                              on: planned.locked.connection, host: name)
        report.release = staging.manifest.id
        move(to: .staged(Staged(planned: planned, files: files, staging: staging)))
    }

    /// Writes the files. A failed write removes the release: it would describe a change that
    /// never happened.
    private mutating func write(_ staged: Staged) throws {
        let connection = staged.planned.locked.connection
        try progress.step(name, "files")
        do {
            try connection.writeFilesAtomically(staged.files.map { file in
                FileWrite(path: file.path, contents: Data(file.content.utf8), mode: file.mode,
                          owner: staged.staging.owners["\(file.owner):\(file.group)"])
            })
        } catch {
            try? ReleaseStore.remove(staged.staging.manifest.id, on: connection)
            report.release = nil
            // Root is the usual login; another user's rights are the first thing to look at.
            guard let failure = error as? SSHError, connection.user != "root" else { throw error }
            throw HostError(host: name, phase: "files", "cannot write as user \(connection.user): \(failure.message)")
        }
        report.changedFiles = staged.files.map(\.path)
        report.status = .changed
        move(to: .written(written(staged.planned, manifest: staged.staging.manifest)))
    }

    private func written(_ planned: Planned, manifest: ReleaseManifest?) -> Written {
        var plan = planned.locked.host.plan
        plan.files = []
        return Written(connection: planned.locked.connection, lock: planned.locked.lock ?? NodeLock(),
                       plan: plan, changes: planned.locked.host.changes, manifest: manifest, record: planned.locked.host.record)
    }

    /// Files already as planned: the next look may skip them. A record that cannot be written
    /// only costs that look its files, so it warns. The lock, if given, is released in the same
    /// command; a connection lost on the way fails the host, as a failed release would.
    private mutating func recordConvergence(_ record: String, then lock: NodeLock?, on connection: any RemoteHost) throws {
        let script = ConvergenceRecord.writeInSubshell + "recorded=$?\n" + (lock?.releaseScript ?? "") + "exit $recorded\n"
        let reason: String
        do {
            let result = try connection.exec(script, stdin: Data((record + "\n").utf8), timeout: NodeTimeout.bookkeeping)
            guard !result.succeeded else { return }
            reason = NodeCommands.lastLines(result.stderrText)
        } catch {
            if lock != nil { throw error }
            reason = HostError.describe(error)
        }
        report.warnings.append("cannot record that the files are as planned in \(ConvergenceRecord.path) "
            + "(the next run reads them again): " + mask.apply(reason))
    }
}
