import ArgumentParser
import Foundation
import Inventory

/// `glance-push inventory`: the inventory as Ansible sees it, in `ansible-inventory`'s JSON.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Print the inventory as JSON, like ansible-inventory --list or --host."
    )

    @Option(name: .shortAndLong, help: "The Ansible INI inventory file (group_vars/ and host_vars/ beside it are read).")
    var inventory: String

    @Flag(help: "Print every group, host and host variable (ansible-inventory --list).")
    var list = false

    @Option(help: "Print one host's merged variables (ansible-inventory --host).")
    var host: String?

    func validate() throws {
        if list == (host != nil) {
            throw ValidationError("pass exactly one of --list or --host NAME")
        }
    }

    func run() throws {
        do {
            let parsed = try Inventory.load(path: inventory)
            if let host {
                print(try parsed.ansibleHostJSON(host))
            } else {
                print(parsed.ansibleListJSON())
            }
        } catch let error as UserError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
