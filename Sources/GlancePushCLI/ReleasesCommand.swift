import ArgumentParser
import Deploy

/// `glance-push releases`: what each host has recorded, newest first.
struct ReleasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the releases recorded on each host (id, time, kind, services restarted, files)."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var logOptions: LogOptions

    @Option(help: "Show only this host.")
    var host: String?

    func run() throws {
        logOptions.bootstrap()
        let hosts = try fleet.selectedHosts(named: host)
        let listings = ReleaseListing.run(hosts: hosts, options: fleet.connectionOptions, forks: fleet.forks)
        Console.current.write(ReleasesTable.render(listings))
        if listings.contains(where: \.failed) { throw CommandFailure.hostsFailed }
    }
}
