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
        let hosts = try fleet.selectedHosts(named: host, in: try fleet.loadInventory(keyring: try fleet.vault.keyring()))
        let connection = try fleet.connection()
        let checked = try fleet.checkBecome(hosts, options: connection)
        defer { checked.closeUnused() }
        let listings = ReleaseListing.run(hosts: hosts, options: connection, forks: fleet.forks, connector: checked.connector)
        Console.current.write(ReleasesTable.render(listings))
        if listings.contains(where: \.failed) { throw CommandFailure.hostsFailed }
    }
}
