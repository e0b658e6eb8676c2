/// `inventory` needs exactly one of --list and --host; a bad inventory exits 1 naming file:line.
final class InventoryCommandTests: SnapshotTestCase {
    func testBadInputExits1() throws {
        try assertSnapshots([
            ("inventory-missing-inventory", "inventory --list"),
            ("inventory-neither-list-nor-host", "inventory -i $S/hosts.ini"),
            ("inventory-both-list-and-host", "inventory -i $S/hosts.ini --list --host ctl01"),
            ("inventory-unknown-flag", "inventory -i $S/hosts.ini --list --bogus"),
            ("inventory-missing-inventory-file", "inventory -i $S/missing.ini --list"),
            ("inventory-parse-error", "inventory -i $S/bad.ini --list"),
            ("inventory-unknown-host", "inventory -i $S/hosts.ini --host nope"),
        ])
    }

    func testHostVariablesOnStdout() throws {
        try assertSnapshots([("inventory-host", "inventory -i $S/hosts.ini --host ctl01")])
    }
}
