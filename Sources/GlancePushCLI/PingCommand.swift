import ArgumentParser
import Deploy
import Foundation

struct PingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Connect to every host in parallel, authenticate and run `hostname`."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var logOptions: LogOptions

    func run() throws {
        logOptions.bootstrap()
        let hosts = try fleet.selectedHosts()
        let connection = try fleet.connection()
        let started = Date()
        let checked = try fleet.checkBecome(hosts, options: connection)
        defer { checked.closeUnused() }
        let outcomes = Ping.run(hosts: hosts, options: connection, forks: fleet.forks, connector: checked.connector)
        let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
        Console.current.write(PingTable.render(outcomes, milliseconds: milliseconds))
        if outcomes.contains(where: \.failed) { throw CommandFailure.hostsFailed }
    }
}
