import Foundation
import Planner
import Playbook

/// What one gather-and-plan round found on a host.
struct PlannedHost: Sendable {
    var facts: HostFacts
    var plan: HostPlan
    var changes: PlanChanges

    /// Renders with the default release, gathers (after `prelude`, whose output `inspect` reads),
    /// renders again if the host runs another release (package names and removed roles depend
    /// on it), then parses and plans inside `PlanningGate`.
    static func gather(_ input: DeployInput, connection: any RemoteHost, prelude: String = "",
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
