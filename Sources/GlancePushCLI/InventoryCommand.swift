import ArgumentParser
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

    @OptionGroup var vault: VaultOptions
    @OptionGroup var extraVars: ExtraVarsOptions

    func validate() throws {
        if list == (host != nil) {
            throw ValidationError("pass exactly one of --list or --host NAME")
        }
    }

    func run() throws {
        let parsed = try Inventory.load(path: inventory, keyring: try vault.keyring(), extraVars: extraVars)
        Console.current.print(try host.map(parsed.ansibleHostJSON) ?? parsed.ansibleListJSON())
    }
}
