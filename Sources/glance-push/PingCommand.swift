import ArgumentParser
import Deploy
import Foundation

struct PingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Connect to every host in parallel, authenticate and run `hostname`."
    )

    @OptionGroup var fleet: FleetOptions

    func run() throws {
        try ExitStatus.guarding {
            let hosts = try fleet.selectedHosts()
            let started = Date()
            let outcomes = Ping.run(hosts: hosts, options: fleet.connectionOptions, forks: fleet.forks)
            let wall = Int(Date().timeIntervalSince(started) * 1000)
            let nameWidth = outcomes.map(\.host.count).max() ?? 0
            let addressWidth = outcomes.map(\.address.count).max() ?? 0
            for outcome in outcomes {
                let name = outcome.host.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let address = outcome.address.padding(toLength: addressWidth, withPad: " ", startingAt: 0)
                let result = outcome.hostname.map { "ok      \($0)" } ?? "FAILED  \(outcome.failure ?? "")"
                print("\(name)  \(address)  \(result)  (\(outcome.milliseconds) ms)")
            }
            let failed = outcomes.filter { $0.failure != nil }
            print("\(outcomes.count) hosts: \(outcomes.count - failed.count) ok, \(failed.count) failed in \(wall) ms")
            if !failed.isEmpty {
                print("failed: " + failed.map(\.host).joined(separator: ", "))
                throw ExitStatus.hostFailed
            }
        }
    }
}
