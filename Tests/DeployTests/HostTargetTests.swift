import Deploy
import Inventory
import SSH
import XCTest

/// The connection settings glance-push honours end up in the SSH target (pure: no connection).
final class HostTargetTests: XCTestCase {
    private func target(_ vars: [String: String], options: ConnectionOptions = ConnectionOptions()) throws -> SSHTarget {
        try HostTarget.make(for: InventoryHost(name: "ctl01", vars: vars), options: options)
    }

    func testAddressPortUserKeyAndTimeout() throws {
        let made = try target(["ansible_ssh_host": "10.0.0.5", "ansible_ssh_port": "2222", "ansible_ssh_user": "admin",
                               "ansible_private_key_file": "/keys/id", "ansible_timeout": "7"])
        XCTAssertEqual(made.host, "10.0.0.5")
        XCTAssertEqual(made.port, 2222)
        XCTAssertEqual(made.user, "admin")
        XCTAssertEqual(made.identityFile, "/keys/id")
        XCTAssertEqual(made.connectTimeout, 7)
        XCTAssertEqual(try target(["ansible_host": "a", "ansible_ssh_host": "b"]).host, "a")
    }

    func testKnownHostsFilesAndPolicyFromSSHArguments() throws {
        let made = try target(["ansible_ssh_common_args": """
            -o 'UserKnownHostsFile=/k/one /k/two' -oGlobalKnownHostsFile=/k/global -o StrictHostKeyChecking=accept-new \
            -o "ConnectTimeout 4"
            """, "ansible_ssh_extra_args": "-o UserKnownHostsFile=/k/ignored -o StrictHostKeyChecking=yes"])
        XCTAssertEqual(made.knownHostsFiles, ["/k/one", "/k/two"], "the first value of an option wins, as in ssh")
        XCTAssertEqual(made.globalKnownHostsFiles, ["/k/global"])
        XCTAssertEqual(made.hostKeyPolicy, .acceptNew)
        XCTAssertEqual(made.connectTimeout, 4)
    }

    func testCommandLineBeatsInventoryAndInventoryVariablesBeatSSHArguments() throws {
        let vars = ["ansible_ssh_common_args": "-o UserKnownHostsFile=/k/inv -o ConnectTimeout=4", "ansible_timeout": "9"]
        let made = try target(vars, options: ConnectionOptions(knownHostsFile: "/k/flag", hostKeyPolicy: .strict))
        XCTAssertEqual(made.knownHostsFiles, ["/k/flag"])
        XCTAssertEqual(made.connectTimeout, 9)
        XCTAssertEqual(try target(["ansible_host_key_checking": "True"]).hostKeyPolicy, .strict)
    }

    func testRefusalCarriesTheVariablesLocation() {
        let location = SourceLocation(file: "hosts.ini", line: 3, column: 9)
        XCTAssertThrowsError(try HostTarget.make(for: InventoryHost(name: "ctl01", vars: ["ansible_become": "yes"]),
                                                 options: ConnectionOptions()) { $0 == "ansible_become" ? location : nil }) {
            XCTAssertEqual(($0 as? UserError)?.location, location)
            XCTAssertTrue("\($0)".hasPrefix("hosts.ini:3:9: host ctl01: ansible_become=yes: become (sudo/su) is not supported yet"), "\($0)")
        }
    }

    private func hops(_ args: String, vars extra: [String: String] = [:]) throws -> [SSHTarget] {
        let made = try target(["ansible_host": "10.0.0.5", "ansible_user": "deploy", "ansible_port": "2200",
                               "ansible_ssh_private_key_file": "/keys/id", "ansible_ssh_common_args": args].merging(extra) { $1 })
        guard case .jump(let hops) = made.proxy else {
            XCTFail("no jump route: \(made.proxy)")
            return []
        }
        return hops
    }

    /// A hop's user and port come from its spec, else glance-push's default login user and 22
    /// (ssh does not give a jump host the target's User); key file, known_hosts files, policy
    /// and timeout are the target's.
    func testJumpHostsTakeTheirOwnUserAndPortAndTheTargetsKeyAndKnownHosts() throws {
        let made = try hops("-J gw.example.net -o UserKnownHostsFile=/k/one -o StrictHostKeyChecking=accept-new -o ConnectTimeout=3")
        XCTAssertEqual(made, [SSHTarget(host: "gw.example.net", port: 22, user: "root", identityFile: "/keys/id",
                                        knownHostsFiles: ["/k/one"], hostKeyPolicy: .acceptNew, connectTimeout: 3)])
        XCTAssertEqual(try hops("-J admin@gw:2022").map(\.loginName), ["admin@[gw]:2022"])
        XCTAssertEqual(try hops("-J gw", vars: [:]).first?.user, "root")
        let fromFlag = try HostTarget.make(for: InventoryHost(name: "ctl01", vars: ["ansible_ssh_common_args": "-J gw"]),
                                           options: ConnectionOptions(defaultUser: "ops"))
        XCTAssertEqual(fromFlag.proxy, .jump([SSHTarget(host: "gw", user: "ops", knownHostsFiles: [SSHTarget.defaultKnownHostsFile])]))
    }

    func testJumpListsURIsIPv6AndTokensAreReadAsSSHReadsThem() throws {
        XCTAssertEqual(try hops("-J a@gw1,ssh://b@gw2:2222,[fd00::7]:23,u@@gw4").map(\.loginName),
                       ["a@gw1", "b@[gw2]:2222", "root@[fd00::7]:23", "u@@gw4"])
        XCTAssertEqual(try hops("-J%r@gw-%h%%").map(\.loginName), ["deploy@gw-10.0.0.5%"])
        XCTAssertEqual(try hops("-o ProxyJump=gw1,gw2").map(\.host), ["gw1", "gw2"])
        XCTAssertEqual(try hops("-J gw:").map(\.port), [22])
    }

    /// As ssh 9.2: the first ProxyJump or ProxyCommand wins; ProxyJump=none before a
    /// ProxyCommand does not stop it; ProxyCommand=none stops a later ProxyJump.
    func testTheFirstProxySettingWinsAsInSSH() throws {
        func route(_ common: String, _ extra: String? = nil) throws -> ProxyRoute {
            var vars = ["ansible_ssh_common_args": common]
            vars["ansible_ssh_extra_args"] = extra
            return try target(vars).proxy
        }
        let gw = SSHTarget(host: "gw", knownHostsFiles: [SSHTarget.defaultKnownHostsFile])
        XCTAssertEqual(try route("-J gw -o ProxyJump=other"), .jump([gw]))
        XCTAssertEqual(try route("-o ProxyJump=gw", "-o ProxyJump=other"), .jump([gw]))
        XCTAssertEqual(try route("-J gw", "-o 'ProxyCommand=nc %h %p'"), .jump([gw]))
        XCTAssertEqual(try route("-o ProxyJump=none -o ProxyJump=gw"), .direct)
        XCTAssertEqual(try route("-o ProxyJump=NONE -o 'ProxyCommand nc %h %p'"), .command(try ProxyCommand("nc %h %p")))
        XCTAssertEqual(try route("-o 'ProxyCommand=nc %h %p' -o ProxyCommand=other -o ProxyJump=gw"),
                       .command(try ProxyCommand("nc %h %p")))
        XCTAssertEqual(try route("-o ProxyCommand=none -o ProxyJump=gw"), .direct)
        XCTAssertEqual(try route("-o ConnectTimeout=3"), .direct)
    }

    func testProxyCommandTokensAreTheTargetsValues() throws {
        let made = try target(["ansible_host": "10.0.0.5", "ansible_port": "2200", "ansible_user": "deploy",
                               "ansible_ssh_common_args": "-o 'ProxyCommand=ssh -W %h:%p %r@gw # %n %%'"])
        guard case .command(let command) = made.proxy else { return XCTFail("\(made.proxy)") }
        XCTAssertEqual(command.command(for: made), "ssh -W 10.0.0.5:2200 deploy@gw # 10.0.0.5 %")
    }
}
