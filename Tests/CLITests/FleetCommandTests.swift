/// `restart`, `rollback`, `releases` and `ping` refuse bad input with exit 1 before connecting;
/// hosts that cannot be reached exit 2.
final class FleetCommandTests: SnapshotTestCase {
    func testRestartBadInput() throws {
        try assertSnapshots([
            ("restart-missing-inventory", "restart --rolling"),
            ("restart-unknown-flag", "restart -i $S/hosts.ini --bogus"),
            ("restart-batch-without-rolling", "restart -i $S/hosts.ini --batch 2"),
            ("restart-forks-zero", "restart -i $S/hosts.ini --forks 0"),
            ("restart-health-timeout-zero", "restart -i $S/hosts.ini --health-timeout 0"),
            ("restart-max-fail-word", "restart -i $S/hosts.ini --rolling --max-fail x"),
            ("restart-limit-matches-nothing", "restart -i $S/hosts.ini --limit nothing"),
            ("restart-missing-inventory-file", "restart -i $S/missing.ini"),
            ("restart-inventory-parse-error", "restart -i $S/bad.ini"),
            ("restart-bad-playbook", "restart -i $S/hosts.ini -p $S/bad.yml"),
            ("restart-secrets-mode", "restart -i $S/hosts.ini -p $S/site.yml --secrets $S/open-secrets.yml"),
        ])
    }

    func testRollbackBadInput() throws {
        try assertSnapshots([
            ("rollback-missing-host", "rollback -i $S/hosts.ini"),
            ("rollback-missing-inventory", "rollback --host ctl01"),
            ("rollback-unknown-flag", "rollback -i $S/hosts.ini --host ctl01 --bogus"),
            ("rollback-unknown-host", "rollback -i $S/hosts.ini --host nope"),
            ("rollback-missing-inventory-file", "rollback -i $S/missing.ini --host ctl01"),
            ("rollback-inventory-parse-error", "rollback -i $S/bad.ini --host ctl01"),
            ("rollback-limit-matches-nothing", "rollback -i $S/hosts.ini --host ctl01 --limit nothing"),
            ("rollback-bad-playbook", "rollback -i $S/hosts.ini --host ctl01 -p $S/bad.yml"),
        ])
    }

    func testReleasesBadInput() throws {
        try assertSnapshots([
            ("releases-missing-inventory", "releases"),
            ("releases-unknown-flag", "releases -i $S/hosts.ini --bogus"),
            ("releases-unknown-host", "releases -i $S/hosts.ini --host nope"),
            ("releases-host-outside-limit", "releases -i $S/hosts.ini --host ctl02 --limit ctl01"),
            ("releases-connect-timeout-negative", "releases -i $S/hosts.ini --connect-timeout=-1"),
            ("releases-missing-inventory-file", "releases -i $S/missing.ini"),
            ("releases-inventory-parse-error", "releases -i $S/bad.ini"),
            ("releases-limit-matches-nothing", "releases -i $S/hosts.ini --limit nothing"),
        ])
    }

    func testPingBadInput() throws {
        try assertSnapshots([
            ("ping-missing-inventory", "ping"),
            ("ping-unknown-flag", "ping -i $S/hosts.ini --bogus"),
            ("ping-forks-word", "ping -i $S/hosts.ini --forks x"),
            ("ping-forks-zero", "ping -i $S/hosts.ini --forks 0"),
            ("ping-missing-inventory-file", "ping -i $S/missing.ini"),
            ("ping-inventory-parse-error", "ping -i $S/bad.ini"),
            ("ping-limit-matches-nothing", "ping -i $S/hosts.ini --limit nothing"),
            ("ping-bad-jump-host", "ping -i $S/bad-jump.ini"),
        ])
    }

    func testUnreachableHostsExit2() throws {
        try assertSnapshots([("releases-unreachable", "releases -i $S/hosts.ini")])
        try assertSnapshots([("ping-unreachable", "ping -i $S/hosts.ini")], normalizing: [(#"[0-9]+ ms"#, "N ms")])
        try assertSnapshots([("ping-unreachable-bastion", "ping -i $S/behind-dead-bastion.ini")],
                            normalizing: [(#"[0-9]+ ms"#, "N ms")])
    }
}
