import Foundation
import XCTest

/// `-e` on the commands: above the inventory's variables in plans and `inventory` (`{debug:true}` is
/// YAML's key `debug:true`, as ansible-inventory prints it too), bad input
/// exits 1 naming the argument or the file.
final class ExtraVarsCommandTests: SnapshotTestCase {
    func testExtraVarsBeatHostVariables() throws {
        try assertSnapshots([
            ("plan-extra-vars", "plan -i $S/hosts.ini -p $S/site.yml --host ctl01 -e ansible_host=10.0.0.99"),
            ("inventory-host-extra-vars", "inventory -i $S/hosts.ini --host ctl01 -e ansible_port=2222 --extra-vars {debug:true}"),
        ])
    }

    func testBadExtraVarsExit1() throws {
        try assertSnapshots([
            ("plan-extra-vars-not-a-mapping", "plan -i $S/hosts.ini -p $S/site.yml -e a=1 -e justaword"),
            ("deploy-extra-vars-missing-file", "deploy -i $S/hosts.ini -p $S/site.yml -e @$S/missing.yml"),
            ("inventory-extra-vars-unbalanced", "inventory -i $S/hosts.ini --list -e a='open"),
            ("ping-extra-vars-file-without-at", "ping -i $S/hosts.ini -e $S/vars.yml"),
            ("plan-extra-vars-file-not-a-mapping", "plan -i $S/hosts.ini -p $S/site.yml -e @$S/bad.yml"),
        ])
    }
}
