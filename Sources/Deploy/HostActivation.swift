import Foundation
import Planner
import Playbook
import SSH

/// Phase two on one host: its own one-shots, `pre_restart` commands, service
/// enable/start/restart/stop, health checks, `post_restart` commands; then, in one command, the
/// pending marker goes (if all went well), old releases are pruned and the lock is released.
/// The hooks run only when a service is started, stopped or restarted.
enum HostActivation {
    static func run(_ work: HostPreparation.Pending, hooks: RestartHooks, report: HostReport, options: DeployOptions,
                    progress: DeployProgress) -> HostReport {
        var report = report
        let host = work.plan.host
        let connection = work.connection
        var completed = false
        defer { Deployment.finish(work, completed: completed) }
        do {
            for oneShot in work.plan.oneShots where !oneShot.onceAcrossHosts && work.changes.oneShots.contains(oneShot.id) {
                try progress.step(host, "one-shot \(oneShot.id)")
                try NodeCommands.runOneShot(oneShot, on: connection, host: host)
                report.oneShots.append(oneShot.id)
            }
            let changes = work.changes
            let touchesServices = !(changes.servicesToStop + changes.servicesToRestart + changes.servicesToStart).isEmpty
            if touchesServices {
                for command in hooks.pre { try NodeCommands.hook(command, .pre, on: connection, host: host, progress: progress) }
            }
            try progress.step(host, "services")
            for name in work.changes.servicesToStop { try NodeCommands.service(name, .stop, on: connection, host: host) }
            for name in work.changes.servicesToDisable { try NodeCommands.setEnabled(name, false, on: connection, host: host) }
            for name in work.changes.servicesToEnable { try NodeCommands.setEnabled(name, true, on: connection, host: host) }
            for name in work.changes.servicesToRestart { try NodeCommands.service(name, .restart, on: connection, host: host) }
            for name in work.changes.servicesToStart { try NodeCommands.service(name, .start, on: connection, host: host) }
            report.restarted = work.changes.servicesToRestart
            report.started = work.changes.servicesToStart
            let touched = Set(report.restarted + report.started)
            for service in work.plan.services where touched.contains(service.name) {
                guard let health = service.health else { continue }
                try progress.step(host, "health \(service.name)")
                try NodeCommands.waitHealthy(url: health.url, timeout: options.healthTimeout, on: connection, host: host,
                                             cancellation: progress.cancellation)
                if let validation = health.validationCommand {
                    try progress.step(host, "validate \(service.name)")
                    try NodeCommands.validate(validation, on: connection, host: host)
                }
                report.health = "ok"
            }
            if touchesServices {
                for command in hooks.post { try NodeCommands.hook(command, .post, on: connection, host: host, progress: progress) }
            }
            completed = true
        } catch {
            report.status = (error as? HostError)?.phase == "interrupted" ? .interrupted : .failed
            report.error = work.mask.apply(HostPreparation.describe(error))
        }
        report.seconds = Date().timeIntervalSince(work.started)
        return report
    }
}
