/// `--help` of the root and of every subcommand: exit 0, ArgumentParser's help on stdout.
final class HelpTests: SnapshotTestCase {
    func testRootHelpAndNoArguments() throws {
        try assertSnapshots([
            ("root-help", "--help"),
            ("root-no-arguments", ""),
            ("root-help-subcommand", "help deploy"),
        ])
    }

    func testEverySubcommandsHelp() throws {
        let commands = ["deploy", "plan", "restart", "rollback", "releases", "ping", "inventory", "import"]
        try assertSnapshots(commands.map { ("\($0)-help", "\($0) --help") })
    }

    func testUnknownSubcommandIsBadInput() throws {
        try assertSnapshots([("root-unknown-subcommand", "frobnicate")])
    }
}
