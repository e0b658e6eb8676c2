import ArgumentParser

/// The root command. `exitStatus(for:)` is the whole program: parse, run, map the outcome.
public struct GlancePush: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "glance-push",
        abstract: "Push OpenStack Glance to controller nodes over SSH.",
        subcommands: [
            DeployCommand.self, PlanCommand.self, RestartCommand.self, RollbackCommand.self, ReleasesCommand.self,
            PingCommand.self, InventoryCommand.self, ImportCommand.self,
        ]
    )

    public init() {}

    /// Runs the command `arguments` name (without the program name), writing to `console`, and
    /// returns the exit status. Help and usage wrap at `columns` (nil: the terminal's width).
    public static func exitStatus(for arguments: [String], console: Console = .standard, columns: Int? = nil) -> Int32 {
        Console.$current.withValue(console) {
            do {
                var command = try parseAsRoot(arguments)
                try command.run()
                return ExitStatus.success
            } catch {
                let termination = ExitStatus.termination(for: error, columns: columns)
                console.write(termination.standardOutput)
                console.writeError(termination.standardError)
                return termination.status
            }
        }
    }
}
