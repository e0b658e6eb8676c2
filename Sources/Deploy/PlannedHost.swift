import Foundation
import Planner
import Playbook

/// What one gather-and-plan round found on a host.
struct PlannedHost: Sendable {
    var facts: HostFacts
    var plan: HostPlan
    var changes: PlanChanges
    /// The node's convergence record vouched for the files: none was sent, `plan`'s files have
    /// no contents (and no changes).
    var vouchedByRecord = false
    /// The convergence record to write once the files are as planned, when the node's differs.
    var record: String?

    /// Renders with the default release, gathers (with `lock`'s step, whose output `inspect` reads),
    /// renders again if the host runs another release (package names and removed roles depend
    /// on it), then parses and plans inside `PlanningGate`. With `useRecord` the node may answer
    /// from its convergence record instead of sending the files.
    static func gather(_ input: DeployInput, connection: any RemoteHost, lock: FactGatherer.LockStep = .none, useRecord: Bool = true,
                       inspect: ([String]) throws -> Void = { _ in }) throws -> PlannedHost {
        let name = input.host.name
        var outputs = try input.render(.debian12Zed)
        let digests = ConvergenceRecord.Digests(host: name, render: input.render, rendered: [.debian12Zed: outputs])
        let request = FactGatherer.Request(outputs: outputs)
        var output = try FactGatherer.fetch(request, digests: useRecord ? digests : nil, on: connection, host: name,
                                            lock: lock, inspect: inspect)
        var header = FactGatherer.header(in: output)
        var current = request
        if header.release != .debian12Zed {
            // A release that did not render for the digests renders again here, to report why.
            outputs = try digests.outputs[header.release] ?? input.render(header.release)
            current = FactGatherer.Request(outputs: outputs)
            if current != request {
                output = try FactGatherer.fetch(current, digests: useRecord ? digests : nil, on: connection, host: name, lock: .none) { _ in }
                header = FactGatherer.header(in: output)
            }
        }
        if let vouched = header.converged, vouched != digests.byRelease[header.release] {
            // The node read its release otherwise than this side does: ask for the files.
            output = try FactGatherer.fetch(current, digests: nil, on: connection, host: name, lock: .none) { _ in }
            header = FactGatherer.header(in: output)
        }
        return try PlanningGate.run {
            let gathered = try FactGatherer.parse(output, host: name)
            if header.converged != nil {
                let plan = try ConvergenceRecord.convergedPlan(host: name, outputs: outputs, release: gathered.release)
                let facts = ConvergenceRecord.facts(vouchedFor: plan, gathered: gathered)
                return PlannedHost(facts: facts, plan: plan, changes: plan.changes(against: facts), vouchedByRecord: true)
            }
            let plan = try Planner.plan(host: name, outputs: outputs, facts: gathered)
            let line = ConvergenceRecord.line(for: plan, outputs: outputs, release: gathered.release, paths: current.paths,
                                              digest: digests.byRelease[gathered.release])
            return PlannedHost(facts: gathered, plan: plan, changes: plan.changes(against: gathered),
                               record: line == header.record ? nil : line)
        }
    }

    /// The release record of a deploy that replaces `files`.
    static func manifest(_ files: [PlannedFile], facts: HostFacts, options: DeployOptions,
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
}
