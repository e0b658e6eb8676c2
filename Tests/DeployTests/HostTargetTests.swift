import Basics
import Foundation
import Deploy
import Inventory
import LabSupport
import SSH
import Vault
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

    func testBatchModeAndThePassphraseSourceReachTheTarget() throws {
        let passphrases = KeyPassphrases { _ in "never asked here" }
        let options = ConnectionOptions(keyPassphrases: passphrases)
        XCTAssertTrue(try target([:], options: options).keyPassphrases === passphrases)
        XCTAssertTrue(try target([:]).keyPassphrases === KeyPassphrases.never)
        XCTAssertFalse(try target([:]).batchMode)
        XCTAssertTrue(try target(["ansible_ssh_common_args": "-o BatchMode=yes", "ansible_ssh_extra_args": "-o BatchMode=no"]).batchMode,
                      "the first value of an option wins")
        XCTAssertFalse(try target(["ansible_ssh_common_args": "-oBatchMode=no"]).batchMode)
    }

    func testServerAliveOptionsSetTheKeepalives() throws {
        let defaults = try target([:])
        XCTAssertEqual(defaults.serverAliveInterval, 15)
        XCTAssertEqual(defaults.serverAliveCountMax, 3)
        let made = try target(["ansible_ssh_common_args": "-o ServerAliveInterval=30 -o 'ServerAliveCountMax 5'",
                               "ansible_ssh_extra_args": "-o ServerAliveInterval=1 -o ServerAliveCountMax=9"])
        XCTAssertEqual(made.serverAliveInterval, 30, "the first value of an option wins")
        XCTAssertEqual(made.serverAliveCountMax, 5)
        XCTAssertEqual(try target(["ansible_ssh_common_args": "-oServerAliveInterval=0"]).serverAliveInterval, 0)
    }

    func testConnectRetriesComeFromTheInventoryThenConnectionAttemptsThenTheFlag() throws {
        XCTAssertEqual(try target([:]).connectRetries, 2, "--connect-retries' default")
        XCTAssertEqual(try target([:], options: ConnectionOptions(connectRetries: 0)).connectRetries, 0)
        let attempts = ["ansible_ssh_common_args": "-o ConnectionAttempts=4"]
        XCTAssertEqual(try target(attempts, options: ConnectionOptions(connectRetries: 0)).connectRetries, 3)
        XCTAssertEqual(try target(attempts.merging(["ansible_ssh_retries": "7"]) { $1 }).connectRetries, 7)
        XCTAssertThrowsError(try target(["ansible_ssh_retries": "many"])) {
            XCTAssertEqual("\($0)", "host ctl01: ansible_ssh_retries must be a whole number from 0 to 100, got 'many'")
        }
        XCTAssertThrowsError(try target(["ansible_ssh_common_args": "-o ConnectionAttempts=0"])) {
            XCTAssertEqual("\($0)", "host ctl01: ansible_ssh_common_args: ConnectionAttempts=0: ConnectionAttempts must be a whole number from 1 to 101")
        }
    }

    func testRefusalCarriesTheVariablesLocation() {
        let location = SourceLocation(file: "hosts.ini", line: 3, column: 9)
        let host = InventoryHost(name: "ctl01", vars: ["ansible_become": "yes", "ansible_become_method": "su"])
        XCTAssertThrowsError(try HostTarget.make(for: host, options: ConnectionOptions()) {
            $0 == "ansible_become_method" ? location : nil
        }) {
            XCTAssertEqual(($0 as? UserError)?.location, location)
            XCTAssertEqual("\($0)", "hosts.ini:3:9: host ctl01: ansible_become_method=su: \(suReason)")
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
    /// and timeout are the target's. (`-F /dev/null`: no ssh_config, whose HashKnownHosts would
    /// count under accept-new; SSHConfigTests reads configs.)
    func testJumpHostsTakeTheirOwnUserAndPortAndTheTargetsKeyAndKnownHosts() throws {
        let made = try hops("-F /dev/null -J gw.example.net -o UserKnownHostsFile=/k/one -o StrictHostKeyChecking=accept-new -o ConnectTimeout=3")
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

private let suReason = "su is not supported: it reads the password through PAM, which takes up to 512 bytes of stdin "
    + "at once, so a command's own input could not follow the password exactly; use sudo (ansible_become_method=sudo)"

/// `ansible_become` and its variables, as `BecomeSettings.make` reads and refuses them (pure).
final class BecomeSettingsTests: XCTestCase {
    private func settings(_ vars: [String: String], options: ConnectionOptions = ConnectionOptions()) throws -> BecomeSettings? {
        try BecomeSettings.make(for: InventoryHost(name: "ctl01", vars: vars), options: options)
    }

    private func assertRefused(_ vars: [String: String], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try HostTarget.make(for: InventoryHost(name: "ctl01", vars: vars), options: ConnectionOptions()),
                             file: file, line: line) {
            XCTAssertEqual("\($0)", "host ctl01: " + message, file: file, line: line)
            XCTAssertTrue($0 is UserError, file: file, line: line)
        }
    }

    func testOffUnlessAnsibleBecomeIsTrue() throws {
        XCTAssertNil(try settings([:]))
        XCTAssertNil(try settings(["ansible_become": "no", "ansible_become_user": "glance", "ansible_become_method": "su"]),
                     "as in Ansible, the other variables do not turn become on")
        XCTAssertNil(try settings(["ansible_su": "false", "ansible_sudo": "0"]))
        for yes in ["true", "yes", "on", "1", "True", "y"] {
            XCTAssertEqual(try settings(["ansible_become": yes]), BecomeSettings(), yes)
        }
        XCTAssertEqual(try settings(["ansible_sudo": "yes"]), BecomeSettings(), "the old sudo switch")
    }

    func testUserExecutableFlagsDirectoryAndTheirOldSpellings() throws {
        let made = try settings(["ansible_become": "true", "ansible_become_user": "glance", "ansible_become_exe": "/usr/local/bin/sudo",
                                 "ansible_become_flags": "-H -S -n", "ansible_sudo_chdir": "/tmp"])
        XCTAssertEqual(made, BecomeSettings(user: "glance", executable: "/usr/local/bin/sudo", setHome: true, directory: "/tmp"))
        let old = try settings(["ansible_become": "true", "ansible_sudo_user": "glance", "ansible_sudo_exe": "sudo",
                                "ansible_sudo_flags": "-Sn"])
        XCTAssertEqual(old, BecomeSettings(user: "glance"))
        XCTAssertEqual(try settings(["ansible_become": "true", "ansible_become_flags": "--set-home --non-interactive"])?.setHome, true)
        XCTAssertEqual(try settings(["ansible_become": "true", "ansible_become_flags": "-nHS"])?.setHome, true)
        XCTAssertEqual(try settings(["ansible_become": "true", "ansible_become_user": "root", "ansible_sudo_user": "root"])?.user,
                       "root", "two spellings with one value")
    }

    func testThePasswordOfTheInventoryBeatsTheCommandLines() throws {
        let asked = ConnectionOptions(becomePassword: Secret("typed"))
        let inventory = try XCTUnwrap(try settings(["ansible_become": "true", "ansible_become_pass": "from inv"], options: asked))
        XCTAssertEqual(inventory.password, Secret("from inv"))
        XCTAssertEqual(inventory.passwordSource, "ansible_become_pass")
        for name in ["ansible_become_password", "ansible_sudo_pass"] {
            XCTAssertEqual(try settings(["ansible_become": "true", name: "pw"])?.passwordSource, name)
        }
        let typed = try XCTUnwrap(try settings(["ansible_become": "true"], options: asked))
        XCTAssertEqual(typed.password, Secret("typed"))
        XCTAssertEqual(typed.passwordSource, "--ask-become-pass")
        let empty = try XCTUnwrap(try settings(["ansible_become": "true", "ansible_become_password": ""]))
        XCTAssertNil(empty.password, "an empty password is none, as in Ansible")
        XCTAssertNil(try settings(["ansible_become": "false"], options: asked), "-K does not turn become on")
    }

    func testWhatCannotBeHonouredIsRefused() {
        let on = ["ansible_become": "true"]
        assertRefused(on.merging(["ansible_become_method": "su"]) { $1 }, "ansible_become_method=su: \(suReason)")
        assertRefused(on.merging(["ansible_become_method": "doas"]) { $1 },
                      "ansible_become_method=doas: glance-push becomes another user with sudo only (ansible_become_method=sudo)")
        assertRefused(["ansible_su": "yes"], "ansible_su=yes: \(suReason)")
        assertRefused(["ansible_su_pass": "pw"], "ansible_su_pass=<secret>: \(suReason)")
        assertRefused(["ansible_su_user": "glance"], "ansible_su_user=glance: \(suReason)")
        assertRefused(["ansible_sudo_password": "pw"], """
            ansible_sudo_password=<secret>: Ansible has no such variable: the sudo password is ansible_become_password \
            (or ansible_become_pass, ansible_sudo_pass)
            """)
        assertRefused(on.merging(["ansible_become_flags": "-H -i"]) { $1 }, """
            ansible_become_flags=-H -i: '-i' is not supported: glance-push runs `sudo [-H] -n` (no password) or \
            `sudo [-H] -k -S -p ''` (the password on stdin) itself; only -H, -S and -n may be given
            """)
        assertRefused(on.merging(["ansible_sudo_flags": "-E"]) { $1 }, """
            ansible_sudo_flags=-E: '-E' is not supported: glance-push runs `sudo [-H] -n` (no password) or \
            `sudo [-H] -k -S -p ''` (the password on stdin) itself; only -H, -S and -n may be given
            """)
        assertRefused(on.merging(["ansible_become_flags": "'-H"]) { $1 },
                      "ansible_become_flags='-H: cannot split ''-H' into words: no closing quotation")
        assertRefused(on.merging(["ansible_become_exe": "sudo -E"]) { $1 },
                      "ansible_become_exe=sudo -E: must be the sudo program, one word (e.g. /usr/bin/sudo)")
        assertRefused(on.merging(["ansible_become_user": ""]) { $1 }, "ansible_become_user=: must name the user to become (default root)")
        assertRefused(on.merging(["ansible_sudo_chdir": ""]) { $1 }, "ansible_sudo_chdir=: must name a directory")
        assertRefused(on.merging(["ansible_become_user": "root", "ansible_sudo_user": "glance"]) { $1 },
                      "ansible_become_user and ansible_sudo_user are both set, to different values: set only one")
        assertRefused(on.merging(["ansible_become_password": "one", "ansible_sudo_pass": "two"]) { $1 },
                      "ansible_become_password and ansible_sudo_pass are both set, to different values: set only one")
        assertRefused(on.merging(["ansible_become_password": "two\nlines"]) { $1 },
                      "the become password (ansible_become_password) holds a line break or NUL: sudo reads a password up to the end of its line")
        assertRefused(["ansible_become": "false", "ansible_sudo": "true"],
                      "ansible_become=false and ansible_sudo=true disagree: set only ansible_become")
        assertRefused(["ansible_become": "maybe"], "ansible_become must be true or false, got 'maybe'")
        assertRefused(["ansible_becom": "true"], "unknown connection variable 'ansible_becom' (did you mean 'ansible_become'?)")
    }
}

/// Passwords may come from Ansible Vault (the other connection variables may not): a vaulted
/// `ansible_become_password` in group_vars is accepted and is the sudo password.
final class VaultedBecomePasswordTests: XCTestCase {
    func testAVaultedBecomePasswordIsAcceptedAndIsTheSudoPassword() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-vaulted-become-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("group_vars"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fixtures = Lab.repository.appendingPathComponent("Tests/InventoryTests/Fixtures/vault")
        // The fixture's `db_password: !vault |` block (ansible-vault 1.1, "db-pass-0f9c2e"), renamed.
        let block = try String(contentsOf: fixtures.appendingPathComponent("group_vars/controllers.yml"), encoding: .utf8)
            .components(separatedBy: "rabbit:")[0].components(separatedBy: "db_password:")[1]
        try ("ansible_become_password:" + block).write(to: scratch.appendingPathComponent("group_vars/controllers.yml"),
                                                      atomically: true, encoding: .utf8)
        let hosts = scratch.appendingPathComponent("hosts.ini")
        try "[controllers]\nctl01 ansible_host=10.0.0.5 ansible_user=deploy ansible_become=true\n"
            .write(to: hosts, atomically: true, encoding: .utf8)
        let keyring = VaultKeyring([.init(label: "default", password: VaultPassword("correct horse battery"))])
        let inventory = try Inventory.load(path: hosts.path, keyring: keyring)
        let host = try XCTUnwrap(inventory.host(named: "ctl01"))

        let target = try HostTarget.make(for: host, options: ConnectionOptions())
        XCTAssertEqual(target.loginName, "deploy@10.0.0.5")
        let become = try XCTUnwrap(try BecomeSettings.make(for: host, options: ConnectionOptions()))
        XCTAssertEqual(become.password?.revealed, "db-pass-0f9c2e")
        XCTAssertEqual(become.passwordSource, "ansible_become_password")
        XCTAssertNotNil(host.secrets["ansible_become_password"], "known as a vaulted value, masked wherever it is shown")
    }
}
