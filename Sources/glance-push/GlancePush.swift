import ArgumentParser

@main
struct GlancePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glance-push",
        abstract: "Push OpenStack Glance to controller nodes over SSH.",
        subcommands: [
            DeployCommand.self, PlanCommand.self, RestartCommand.self, RollbackCommand.self, ReleasesCommand.self,
            PingCommand.self, InventoryCommand.self, ImportCommand.self,
        ]
    )
}
