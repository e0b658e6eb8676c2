import Foundation
import Planner
import Playbook

/// Phase two on one host of a batch: its own one-shots, `pre_restart` commands, service
/// stop/disable/enable/restart/start, health checks and validations, `post_restart` commands;
/// then `finish`. The hooks run only when a service is started, stopped or restarted.
extension HostRun {
    mutating func activate(hooks: RestartHooks) {
        guard let work = written else { return }
        do {
            try runOneShots(work)
            let touchesServices = work.changes.touchesServices
            let drain = try touchesServices ? input.balancing.map {
                try BalancerDrain.open($0, host: name, connector: connector, options: options.connection, progress: progress)
            } : nil
            defer { drain?.close() }
            try drain?.drain()
            if touchesServices { try run(hooks.pre, .pre, work) }
            try changeServices(work)
            try checkHealth(work)
            if touchesServices { try run(hooks.post, .post, work) }
            if let drain {
                try drain.ready()
                report.loadBalancer = "drained from \(drain.runtimes.map(\.balancer).joined(separator: ", ")), ready again"
            }
            move(to: .activated(work))
            finish(completed: true)
        } catch {
            fail(error)
        }
    }

    /// Stops a host that waits for activation without activating it (`reason` says why).
    mutating func skip(_ status: HostStatus, reason: String) {
        report.status = status
        report.error = reason
        finish()
    }

    private mutating func runOneShots(_ work: Written) throws {
        for oneShot in work.plan.oneShots where !oneShot.onceAcrossHosts && work.changes.oneShots.contains(oneShot.id) {
            try progress.step(name, "one-shot \(oneShot.id)")
            try NodeCommands.runOneShot(oneShot, on: work.connection, host: name)
            report.oneShots.append(oneShot.id)
        }
    }

    private func run(_ commands: [String], _ when: NodeCommands.HookPhase, _ work: Written) throws {
        for command in commands { try NodeCommands.hook(command, when, on: work.connection, host: name, progress: progress) }
    }

    private mutating func changeServices(_ work: Written) throws {
        let changes = work.changes
        let connection = work.connection
        try progress.step(name, "services")
        for service in changes.servicesToStop { try NodeCommands.service(service, .stop, on: connection, host: name) }
        for service in changes.servicesToDisable { try NodeCommands.setEnabled(service, false, on: connection, host: name) }
        for service in changes.servicesToEnable { try NodeCommands.setEnabled(service, true, on: connection, host: name) }
        for service in changes.servicesToRestart { try NodeCommands.service(service, .restart, on: connection, host: name) }
        for service in changes.servicesToStart { try NodeCommands.service(service, .start, on: connection, host: name) }
        report.restarted = changes.servicesToRestart
        report.started = changes.servicesToStart
    }

    private mutating func checkHealth(_ work: Written) throws {
        let touched = Set(report.restarted + report.started)
        for service in work.plan.services where touched.contains(service.name) {
            guard let health = service.health else { continue }
            try progress.step(name, "health \(service.name)")
            try NodeCommands.waitHealthy(url: health.url, timeout: options.healthTimeout, on: work.connection, host: name,
                                         cancellation: progress.cancellation)
            if let validation = health.validationCommand {
                try progress.step(name, "validate \(service.name)")
                try NodeCommands.validate(validation, on: work.connection, host: name)
            }
            report.health = "ok"
        }
    }
}
