/// `deploy`'s bad input exits 1 before any connection; an unreachable host exits 2.
final class DeployCommandTests: SnapshotTestCase {
    func testFlagErrorsExit1WithUsage() throws {
        try assertSnapshots([
            ("deploy-missing-inventory", "deploy -p $S/site.yml"),
            ("deploy-unknown-flag", "deploy -i $S/hosts.ini -p $S/site.yml --bogus"),
            ("deploy-forks-zero", "deploy -i $S/hosts.ini -p $S/site.yml --forks 0"),
            ("deploy-forks-word", "deploy -i $S/hosts.ini -p $S/site.yml --forks x"),
            ("deploy-connect-timeout-zero", "deploy -i $S/hosts.ini -p $S/site.yml --connect-timeout 0"),
            ("deploy-connect-timeout-word", "deploy -i $S/hosts.ini -p $S/site.yml --connect-timeout soon"),
            ("deploy-host-key-policy-unknown", "deploy -i $S/hosts.ini -p $S/site.yml --host-key-policy yolo"),
        ])
    }

    func testInputFileErrorsExit1NamingTheFile() throws {
        try assertSnapshots([
            ("deploy-missing-inventory-file", "deploy -i $S/missing.ini -p $S/site.yml"),
            ("deploy-inventory-parse-error", "deploy -i $S/bad.ini -p $S/site.yml"),
            ("deploy-missing-playbook", "deploy -i $S/hosts.ini -p $S/missing.yml"),
            ("deploy-bad-playbook", "deploy -i $S/hosts.ini -p $S/bad.yml"),
            ("deploy-secrets-mode", "deploy -i $S/hosts.ini -p $S/site.yml --secrets $S/open-secrets.yml"),
        ])
    }

    func testBadValuesExit1() throws {
        try assertSnapshots([
            ("deploy-limit-matches-nothing", "deploy -i $S/hosts.ini -p $S/site.yml --limit nothing"),
            ("deploy-serial-word", "deploy -i $S/hosts.ini -p $S/site.yml --serial one"),
            ("deploy-max-fail-word", "deploy -i $S/hosts.ini -p $S/site.yml --max-fail x"),
        ])
    }

    func testUnreachableHostExits2WithTheTable() throws {
        try assertSnapshots([("deploy-unreachable", "deploy -i $S/hosts.ini -p $S/site.yml --limit ctl01")],
                            normalizing: [(#"(?m) [0-9]+\.[0-9](s?)$"#, " S.S$1")])
    }
}
