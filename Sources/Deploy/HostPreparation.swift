import Foundation
import Planner
import Playbook
import SSH

/// Phase one of a deploy on one host, in parallel with the others: connect, lock, gather,
/// plan, install packages, record a release and write the files. Nothing restarts yet.
struct HostPreparation: Sendable {
    /// A host that got through phase one and waits for one-shots, restarts and health checks.
    struct Pending: Sendable {
        var connection: any RemoteHost
        var lock: NodeLock
        var plan: HostPlan
        var changes: PlanChanges
        var manifest: ReleaseManifest?
        var keepReleases: Int
        var mask: SecretMask
        var started: Date
    }

    var report: HostReport
    var pending: Pending?

    static func run(_ input: DeployInput, options: DeployOptions, progress: DeployProgress,
                    connector: HostConnector = .ssh) -> HostPreparation {
        var steps = PhaseOne(input: input, options: options, progress: progress)
        do {
            return try steps.run(connector)
        } catch {
            return steps.failed(error)
        }
    }
}

/// What one gather-and-plan round found on a host.
struct PlannedHost: Sendable {
    var facts: HostFacts
    var plan: HostPlan
    var changes: PlanChanges
}

/// Phase one's steps on one host, in order: connect → look (no lock) → lock (gather again under
/// it) → packages (plan again) → stage a release → write. What a step learned stays here for the
/// failure path (the lock to release, the mask for the message).
private struct PhaseOne {
    let input: DeployInput
    let options: DeployOptions
    let progress: DeployProgress
    let started = Date()
    var report: HostReport
    var connection: (any RemoteHost)?
    var lock: NodeLock?
    var mask = SecretMask([])
    /// Restarts and one-shots an earlier run wrote files for and did not finish.
    var owed: [String] = []

    init(input: DeployInput, options: DeployOptions, progress: DeployProgress) {
        self.input = input
        self.options = options
        self.progress = progress
        report = HostReport(host: input.host.name, status: .failed)
    }

    var name: String { input.host.name }

    mutating func run(_ connector: HostConnector) throws -> HostPreparation {
        try progress.step(name, "connect")
        let host = try connector.open(input.host, options.connection)
        connection = host
        try progress.step(name, "gather")
        var lockFree = false
        // A first look without the lock: a converged host answers in this one round trip.
        var planned = try look(host, prelude: NodeLock.peekScript) { lines in lockFree = NodeLock.isFree(lines) }
        if !options.check && !(planned.changes.isEmpty && lockFree) {
            try progress.step(name, "lock")
            // Releasing removes only a lock this run holds, so it is safe on every failure path.
            let nodeLock = NodeLock()
            lock = nodeLock
            var recovered: String?
            let hostName = name
            planned = try look(host, prelude: nodeLock.acquireScript()) { lines in
                recovered = try nodeLock.interpret(lines, host: hostName)
            }
            report.recoveredLock = recovered
        }
        report.warnings = planned.plan.warnings
        if options.diff || options.check { report.diff = planned.plan.diff(against: planned.facts) }
        if planned.changes.isEmpty || options.check { return try concludeUnchanged(planned, on: host) }
        planned = try installPackages(planned, on: host)
        try removePackages(planned, on: host)
        let manifest = try stageAndWrite(planned, on: host)
        report.status = .changed
        // Written: what is left of the deploy needs the plan's services and one-shots, not
        // the files' contents (hundreds of KB a host, held until every batch is done).
        planned.plan.files = []
        return HostPreparation(report: report, pending: HostPreparation.Pending(
            connection: host, lock: lock ?? NodeLock(), plan: planned.plan, changes: planned.changes, manifest: manifest,
            keepReleases: options.keepReleases, mask: mask, started: started))
    }

    /// Gathers after `prelude` (whose lock and pending lines `inspect` and the owed work read),
    /// plans, and merges the owed work into the changes.
    private mutating func look(_ host: any RemoteHost, prelude: String,
                               inspect: ([String]) throws -> Void = { _ in }) throws -> PlannedHost {
        var owedNow: [String] = []
        var planned = try HostPreparation.gatherAndPlan(input, connection: host, prelude: prelude) { lines in
            try inspect(lines)
            owedNow = UnfinishedWork.lines(of: lines)
        }
        owed = owedNow
        mask = SecretMask(freeTextOf: planned.plan)
        UnfinishedWork.merge(owed, into: &planned.changes, plan: planned.plan)
        return planned
    }

    private mutating func concludeUnchanged(_ planned: PlannedHost, on host: any RemoteHost) throws -> HostPreparation {
        report.status = planned.changes.isEmpty ? .unchanged : .wouldChange
        report.changedFiles = planned.changes.files.map(\.path)
        report.packagesInstalled = planned.changes.packagesToInstall.map(\.name)
        report.restarted = planned.changes.servicesToRestart
        if let lock { try lock.release(on: host) }
        host.close()
        report.seconds = Date().timeIntervalSince(started)
        return HostPreparation(report: report, pending: nil)
    }

    /// Packages bring users, groups and packaged files: after installing, plan again from what
    /// is there now; services the packages restart are restarted.
    private mutating func installPackages(_ planned: PlannedHost, on host: any RemoteHost) throws -> PlannedHost {
        let installed = planned.changes.packagesToInstall
        guard !installed.isEmpty else { return planned }
        try progress.step(name, "packages")
        try NodeCommands.installPackages(installed, on: host, host: name)
        report.packagesInstalled = installed.map(\.name)
        var again = try HostPreparation.gatherAndPlan(input, connection: host)
        UnfinishedWork.merge(owed, into: &again.changes, plan: again.plan)
        let restartedByPackages = installed.flatMap(\.restarts).filter { service in
            again.plan.services.contains { $0.name == service && $0.running }
        }
        again.changes.servicesToRestart = Array(Set(again.changes.servicesToRestart).union(restartedByPackages)).sorted()
        return again
    }

    private func removePackages(_ planned: PlannedHost, on host: any RemoteHost) throws {
        guard !planned.changes.packagesToRemove.isEmpty else { return }
        try progress.step(name, "packages")
        try NodeCommands.removePackages(planned.changes.packagesToRemove, on: host, host: name)
    }

    /// Records a release of the files that change (the manifest names the services this deploy
    /// restarts, for a rollback to restart), then writes them. A failed write removes the release:
    /// it would describe a change that never happened.
    private mutating func stageAndWrite(_ planned: PlannedHost, on host: any RemoteHost) throws -> ReleaseManifest? {
        let changedFiles = planned.plan.files.filter { file in planned.changes.files.contains { $0.path == file.path } }
        guard !changedFiles.isEmpty else { return nil }
        try progress.step(name, "release")
        let services = planned.changes.servicesToRestart + planned.changes.servicesToStart
        let staged = try ChangeStaging.stage(
            HostPreparation.makeManifest(changedFiles, facts: planned.facts, options: options, services: services),
            changes: planned.changes, files: changedFiles, on: host, host: name)
        report.release = staged.manifest.id
        try progress.step(name, "files")
        do {
            try host.writeFilesAtomically(changedFiles.map { file in
                FileWrite(path: file.path, contents: Data(file.content.utf8), mode: file.mode,
                          owner: staged.owners["\(file.owner):\(file.group)"])
            })
        } catch {
            try? ReleaseStore.remove(staged.manifest.id, on: host)
            report.release = nil
            // Root is the usual login; another user's rights are the first thing to look at.
            guard let failure = error as? SSHError, host.user != "root" else { throw error }
            throw HostError(host: name, phase: "files", "cannot write as user \(host.user): \(failure.message)")
        }
        report.changedFiles = changedFiles.map(\.path)
        return staged.manifest
    }

    func failed(_ error: Error) -> HostPreparation {
        var report = report
        if (error as? HostError)?.phase == "interrupted" { report.status = .interrupted }
        report.error = mask.apply(HostPreparation.describe(error))
        if let connection {
            if let lock { try? lock.release(on: connection) }
            connection.close()
        }
        report.seconds = Date().timeIntervalSince(started)
        return HostPreparation(report: report, pending: nil)
    }
}

extension HostPreparation {
    /// Renders with the default release, gathers (after `prelude`, whose output `inspect` reads),
    /// renders again if the host runs another release (package names and removed roles depend
    /// on it), then parses and plans inside `PlanningGate`.
    static func gatherAndPlan(_ input: DeployInput, connection: any RemoteHost, prelude: String = "",
                              inspect: ([String]) throws -> Void = { _ in }) throws -> PlannedHost {
        let name = input.host.name
        var outputs = try input.render(.debian12Zed)
        let request = FactGatherer.Request(outputs: outputs)
        var output = try FactGatherer.fetch(request, on: connection, host: name, prelude: prelude, inspect: inspect)
        let release = FactGatherer.release(in: output)
        if release != .debian12Zed {
            outputs = try input.render(release)
            let other = FactGatherer.Request(outputs: outputs)
            if other != request { output = try FactGatherer.fetch(other, on: connection, host: name, prelude: "") { _ in } }
        }
        return try PlanningGate.run {
            let facts = try FactGatherer.parse(output, host: name)
            let plan = try Planner.plan(host: name, outputs: outputs, facts: facts)
            return PlannedHost(facts: facts, plan: plan, changes: plan.changes(against: facts))
        }
    }

    static func makeManifest(_ files: [PlannedFile], facts: HostFacts, options: DeployOptions,
                                     services: [String]) -> ReleaseManifest {
        let entries = files.enumerated().map { index, file -> ReleaseManifest.File in
            guard let current = facts.files[file.path] else { return ReleaseManifest.File(path: file.path, existed: false) }
            return ReleaseManifest.File(path: file.path, existed: true, owner: current.owner, group: current.group,
                                        mode: current.mode, savedAs: "\(index)-" + (file.path as NSString).lastPathComponent)
        }
        return ReleaseManifest(id: ReleaseManifest.newID(), time: ISO8601DateFormatter().string(from: Date()),
                               toolVersion: ToolVersion.current, playbookChecksum: options.playbookChecksum,
                               kind: "deploy", files: entries, servicesRestarted: services)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let error as HostError: return "\(error.phase): \(error.message)"
        case let error as SSHError: return "ssh: \(error.message)"
        default: return "\(error)"
        }
    }
}
