import ArgumentParser

@main
struct GlancePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glance-push",
        abstract: "Push OpenStack Glance to controller nodes over SSH.",
        subcommands: [DeployCommand.self, PlanCommand.self, PingCommand.self, InventoryCommand.self,
                      ReleasesCommand.self, RollbackCommand.self, RestartCommand.self]
    )
}
