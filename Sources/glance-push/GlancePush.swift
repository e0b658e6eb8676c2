import ArgumentParser

@main
struct GlancePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glance-push",
        abstract: "Push OpenStack Glance to controller nodes over SSH.",
        subcommands: [PlanCommand.self, PingCommand.self, InventoryCommand.self]
    )
}
