/// `plan` is offline: bad input exits 1; a good one prints the plan.
final class PlanCommandTests: SnapshotTestCase {
    func testFlagErrorsExit1WithUsage() throws {
        try assertSnapshots([
            ("plan-missing-inventory", "plan -p $S/site.yml"),
            ("plan-unknown-flag", "plan -i $S/hosts.ini -p $S/site.yml --bogus"),
        ])
    }

    func testInputErrorsExit1() throws {
        try assertSnapshots([
            ("plan-missing-inventory-file", "plan -i $S/missing.ini -p $S/site.yml"),
            ("plan-inventory-parse-error", "plan -i $S/bad.ini -p $S/site.yml"),
            ("plan-missing-playbook", "plan -i $S/hosts.ini -p $S/missing.yml"),
            ("plan-bad-playbook", "plan -i $S/hosts.ini -p $S/bad.yml"),
            ("plan-secrets-mode", "plan -i $S/hosts.ini -p $S/site.yml --secrets $S/open-secrets.yml"),
            ("plan-limit-matches-nothing", "plan -i $S/hosts.ini -p $S/site.yml --limit nothing"),
            ("plan-unknown-host", "plan -i $S/hosts.ini -p $S/site.yml --host nope"),
        ])
    }

    func testOneHostsPlanOnStdout() throws {
        try assertSnapshots([("plan-one-host", "plan -i $S/hosts.ini -p $S/site.yml --host ctl01")])
    }

    /// Upgrade readiness: Zed's options planned for 2025.1 list what must change (exit 2); the
    /// same playbook planned for Zed, and a playbook 2025.1 takes, plan as usual (exit 0).
    func testTargetReleaseListsWhatMustChange() throws {
        try assertSnapshots([
            ("plan-target-release-not-ready", "plan -i $S/hosts.ini -p $S/zed-options.yml --host ctl01 --target-release 2025.1"),
            ("plan-target-release-zed", "plan -i $S/hosts.ini -p $S/zed-options.yml --host ctl01 --target-release zed"),
            ("plan-target-release-ready", "plan -i $S/hosts.ini -p $S/site.yml --host ctl01 --target-release 30"),
            ("plan-target-release-unknown", "plan -i $S/hosts.ini -p $S/site.yml --target-release 2024.1"),
        ])
    }
}
