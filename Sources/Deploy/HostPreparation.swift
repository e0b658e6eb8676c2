import Foundation
import Planner
import Playbook
import SSH

/// Phase one of a deploy on one host, in parallel with the others: connect, lock, gather,
/// plan, install packages, record a release and write the files. Nothing restarts yet.
struct HostPreparation: Sendable {
    /// A host that got through phase one and waits for one-shots, restarts and health checks.
    struct Pending: Sendable {
        var connection: SSHConnection
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

    static func run(_ input: DeployInput, options: DeployOptions, progress: DeployProgress) -> HostPreparation {
        let started = Date()
        let name = input.host.name
        var report = HostReport(host: name, status: .failed)
        var connection: SSHConnection?
        var lock: NodeLock?
        var mask = SecretMask([])
        do {
            try progress.step(name, "connect")
            let opened = try SSHConnection.connect(to: try HostTarget.make(for: input.host, options: options.connection))
            connection = opened
            try progress.step(name, "gather")
            let nodeLock = NodeLock()
            var owed: [String] = []
            var lockFree = false
            // A first look without the lock: a converged host answers in this one round trip.
            var (facts, plan, changes) = try gatherAndPlan(input, connection: opened, prelude: NodeLock.peekScript) { lines in
                lockFree = NodeLock.isFree(lines)
                owed = UnfinishedWork.lines(of: lines)
            }
            mask = SecretMask(freeTextOf: plan)
            UnfinishedWork.merge(owed, into: &changes, plan: plan)
            if !options.check && !(changes.isEmpty && lockFree) {
                try progress.step(name, "lock")
                // Releasing removes only a lock this run holds, so it is safe on every failure path.
                lock = nodeLock
                (facts, plan, changes) = try gatherAndPlan(input, connection: opened, prelude: nodeLock.acquireScript()) { lines in
                    report.recoveredLock = try nodeLock.interpret(lines, host: name)
                    owed = UnfinishedWork.lines(of: lines)
                }
                mask = SecretMask(freeTextOf: plan)
                UnfinishedWork.merge(owed, into: &changes, plan: plan)
            }
            report.warnings = plan.warnings
            if options.diff || options.check { report.diff = plan.diff(against: facts) }
            if changes.isEmpty || options.check {
                report.status = changes.isEmpty ? .unchanged : .wouldChange
                report.changedFiles = changes.files.map(\.path)
                report.packagesInstalled = changes.packagesToInstall.map(\.name)
                report.restarted = changes.servicesToRestart
                if lock != nil { try nodeLock.release(on: opened) }
                opened.close()
                report.seconds = Date().timeIntervalSince(started)
                return HostPreparation(report: report, pending: nil)
            }
            if !changes.packagesToInstall.isEmpty {
                try progress.step(name, "packages")
                try NodeCommands.installPackages(changes.packagesToInstall, on: opened, host: name)
                report.packagesInstalled = changes.packagesToInstall.map(\.name)
                // Packages bring users, groups and packaged files: plan again from what is there now.
                let installed = changes.packagesToInstall
                (facts, plan, changes) = try gatherAndPlan(input, connection: opened)
                UnfinishedWork.merge(owed, into: &changes, plan: plan)
                changes.servicesToRestart = Array(Set(changes.servicesToRestart).union(
                    installed.flatMap(\.restarts).filter { name in plan.services.contains { $0.name == name && $0.running } })).sorted()
            }
            if !changes.packagesToRemove.isEmpty {
                try progress.step(name, "packages")
                try NodeCommands.removePackages(changes.packagesToRemove, on: opened, host: name)
            }
            var manifest: ReleaseManifest?
            let changedFiles = plan.files.filter { file in changes.files.contains { $0.path == file.path } }
            if !changedFiles.isEmpty {
                try progress.step(name, "release")
                // The manifest names the services this deploy restarts, for a rollback to restart.
                let staged = try ChangeStaging.stage(
                    makeManifest(changedFiles, facts: facts, options: options,
                                 services: changes.servicesToRestart + changes.servicesToStart),
                    changes: changes, files: changedFiles, on: opened, host: name)
                manifest = staged.manifest
                report.release = staged.manifest.id
                try progress.step(name, "files")
                do {
                    try opened.writeFilesAtomically(changedFiles.map { file in
                        FileWrite(path: file.path, contents: Data(file.content.utf8), mode: file.mode,
                                  owner: staged.owners["\(file.owner):\(file.group)"])
                    })
                } catch {
                    // Nothing was replaced: the release would describe a change that never happened.
                    try? ReleaseStore.remove(staged.manifest.id, on: opened)
                    report.release = nil
                    // Root is the usual login; another user's rights are the first thing to look at.
                    guard let failure = error as? SSHError, opened.target.user != "root" else { throw error }
                    throw HostError(host: name, phase: "files", "cannot write as user \(opened.target.user): \(failure.message)")
                }
                report.changedFiles = changedFiles.map(\.path)
            }
            report.status = .changed
            // Written: what is left of the deploy needs the plan's services and one-shots, not
            // the files' contents (hundreds of KB a host, held until every batch is done).
            plan.files = []
            return HostPreparation(report: report, pending: Pending(
                connection: opened, lock: nodeLock, plan: plan, changes: changes, manifest: manifest,
                keepReleases: options.keepReleases, mask: mask, started: started))
        } catch {
            if (error as? HostError)?.phase == "interrupted" { report.status = .interrupted }
            report.error = mask.apply(Self.describe(error))
            if let connection {
                if let lock { try? lock.release(on: connection) }
                connection.close()
            }
            report.seconds = Date().timeIntervalSince(started)
            return HostPreparation(report: report, pending: nil)
        }
    }

    /// Renders with the default release, gathers (after `prelude`, whose output `inspect` reads),
    /// renders again if the host runs another release (package names and removed roles depend
    /// on it), then parses and plans inside `PlanningGate`.
    private static func gatherAndPlan(_ input: DeployInput, connection: SSHConnection, prelude: String = "",
                                      inspect: ([String]) throws -> Void = { _ in }) throws -> (HostFacts, HostPlan, PlanChanges) {
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
            return (facts, plan, plan.changes(against: facts))
        }
    }

    private static func makeManifest(_ files: [PlannedFile], facts: HostFacts, options: DeployOptions,
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
