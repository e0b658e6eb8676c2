@testable import Deploy
import Basics
import Foundation
import Inventory
import LabSupport
import SSH
import XCTest

/// ssh_config read as OpenSSH reads it (the real `ssh -G` resolves it), the inventory winning;
/// then real connections that only the config says how to make: node 91 by an alias with
/// accept-new and HashKnownHosts, and node 71 behind the bastion by `ProxyJump bastion`.
final class SSHConfigTests: XCTestCase {
    private var scratch = ""
    private let node = 91

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-sshconfig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch + "/conf.d", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let path = scratch + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func hosts(_ lines: [String]) throws -> Inventory {
        try Inventory.load(path: try write("[controllers]\n" + lines.joined(separator: "\n") + "\n", "hosts-\(UUID().uuidString).ini"))
    }

    private func target(_ name: String, in inventory: Inventory, _ options: ConnectionOptions = ConnectionOptions()) throws -> SSHTarget {
        let host = try XCTUnwrap(inventory.host(named: name))
        let variables = inventory.variables(of: name)
        return try HostTarget.make(for: host, options: options) { variables[$0]?.location }
    }

    private func refusal(_ name: String, in inventory: Inventory) -> UserError? {
        do {
            _ = try target(name, in: inventory)
            return nil
        } catch {
            return error as? UserError
        }
    }

    private var home: String { SSHConfigFiles.userHome }

    // MARK: - Resolution

    func testAnAliasGetsEverythingItsConfigSaysAndTheInventoryWins() throws {
        _ = try write("Host ctl-1\n  HostName 127.0.0.61\n", "conf.d/one.conf")
        let config = try write("""
            Include \(scratch)/conf.d/*.conf
            Host ctl-*
              User deploy
              Port 2200
              IdentityFile ~/keys/%h-%r
              UserKnownHostsFile \(scratch)/kh
              StrictHostKeyChecking accept-new
              ServerAliveInterval 7
              ConnectTimeout 4
              ConnectionAttempts 4
              IdentitiesOnly yes
              HashKnownHosts yes
              ControlMaster auto
              ControlPersist 60s
              SendEnv LANG
            Match host 127.0.0.61
              BatchMode yes

            """, "config")
        let inventory = try hosts([
            "ctl-1 ansible_ssh_common_args='-F \(config)'",
            "web ansible_host=ctl-3 ansible_user=admin ansible_ssh_private_key_file=/keys/web ansible_ssh_common_args='-F \(config) -o ServerAliveInterval=30'",
            "db ansible_host=127.0.0.63 ansible_ssh_common_args='-F \(config)'",
        ])
        let one = try target("ctl-1", in: inventory)
        XCTAssertEqual([one.host, String(one.port), one.user, one.identityFile ?? "-"],
                       ["127.0.0.61", "2200", "deploy", home + "/keys/127.0.0.61-deploy"])
        XCTAssertEqual(one.knownHostsFiles, [scratch + "/kh"])
        XCTAssertEqual(one.hostKeyPolicy, .acceptNew)
        XCTAssertEqual([one.serverAliveInterval, Int(one.connectTimeout), one.connectRetries], [7, 4, 3])
        XCTAssertEqual([one.identitiesOnly, one.hashKnownHosts, one.batchMode], [true, true, true])
        XCTAssertEqual(one.proxy, .direct)

        // Host patterns match the name given to ssh (ansible_host); the inventory's user, key and
        // options win; Match host 127.0.0.61 does not match ctl-3.
        let web = try target("web", in: inventory)
        XCTAssertEqual([web.host, String(web.port), web.user, web.identityFile ?? "-"], ["ctl-3", "2200", "admin", "/keys/web"])
        XCTAssertEqual([web.serverAliveInterval, Int(web.connectTimeout)], [30, 4])
        XCTAssertFalse(web.batchMode)

        // 127.0.0.63 matches no Host block: ssh's defaults, and glance-push's.
        let db = try target("db", in: inventory)
        XCTAssertEqual([db.host, String(db.port), db.user, db.identityFile ?? "-"], ["127.0.0.63", "22", "root", "-"])
        XCTAssertEqual(db.hostKeyPolicy, .strict)
        XCTAssertEqual(db.knownHostsFiles, [home + "/.ssh/known_hosts"])
        XCTAssertFalse(db.hashKnownHosts)

        // The command line's flags beat ssh_config; the default does not.
        var options = ConnectionOptions(knownHostsFile: scratch + "/flag_kh", hostKeyPolicy: .strict, connectTimeout: 9)
        options.connectTimeoutGiven = true
        let flagged = try target("ctl-1", in: inventory, options)
        XCTAssertEqual([flagged.knownHostsFile, flagged.hostKeyPolicy.rawValue, String(Int(flagged.connectTimeout))],
                       [scratch + "/flag_kh", "strict", "9"])
    }

    func testOptionsThatCannotBeHonouredAreRefusedWhereTheyAreWritten() throws {
        _ = try write("Host ctl-c\n  Ciphers aes256-ctr\nHost ctl-k\n  IdentityFile /a\n  IdentityFile /b\n", "conf.d/bad.conf")
        let config = try write("""
            Include \(scratch)/conf.d/*.conf
            Host ctl-s
              StrictHostKeyChecking no
            Host ctl-f
              LocalForward 8080 127.0.0.1:80
            Host ctl-t
              IdentityFile /keys/%C

            """, "config")
        let args = "ansible_ssh_common_args='-F \(config)'"
        let inventory = try hosts(["ctl-c \(args)", "ctl-k \(args)", "ctl-s \(args)", "ctl-f \(args)", "ctl-t \(args)"])
        let supported = SSHConfigSettings.honoured.joined(separator: ", ")
        let expected: [(String, String)] = [
            ("ctl-c", "\(scratch)/conf.d/bad.conf:2: host ctl-c: ssh_config: Ciphers aes256-ctr is not supported by glance-push "
                + "(from ssh_config it reads \(supported); see the README for the options it accepts with no effect)"),
            ("ctl-k", "\(scratch)/conf.d/bad.conf:4: host ctl-k: ssh_config: 2 IdentityFile for this host (/a, /b): "
                + "glance-push offers one key file; set ansible_ssh_private_key_file to the one to use"),
            ("ctl-s", "\(scratch)/config:3: host ctl-s: ssh_config: StrictHostKeyChecking false is not supported: glance-push "
                + "never turns host key checking off and never prompts; use yes or accept-new"),
            ("ctl-f", "\(scratch)/config:5: host ctl-f: ssh_config: LocalForward 8080 [127.0.0.1]:80 is not supported by "
                + "glance-push (from ssh_config it reads \(supported); see the README for the options it accepts with no effect)"),
            ("ctl-t", "IdentityFile /keys/%C: the token %C is not supported (known: %%, %d, %h, %i, %k, %L, %l, %n, %p, %r, %u)"),
        ]
        for (name, message) in expected {
            XCTAssertEqual(refusal(name, in: inventory)?.description, message)
        }
    }

    func testWhatSSHItselfRefusesIsTheUsersMistakeInSSHsWords() throws {
        let config = try write("Host *\n  User deploy\n  Bogus yes\n", "config")
        let inventory = try hosts(["ctl-1 ansible_ssh_common_args='-F \(config)'"])
        XCTAssertEqual(refusal("ctl-1", in: inventory)?.description,
                       "host ctl-1: ssh_config: ssh -G refused it: \(config): line 3: Bad configuration option: bogus; "
                           + "\(config): terminating, 1 bad configuration options")
    }

    /// Debian's /etc/ssh/ssh_config (SendEnv, HashKnownHosts, GSSAPIAuthentication under Host *)
    /// changes nothing for a strict deploy: no `ssh -G` is run for it. Under accept-new,
    /// HashKnownHosts counts, and ssh is asked.
    func testAConfigOfOptionsWithNoBearingRunsNoSSH() throws {
        let config = try write("Host *\n    SendEnv LANG LC_*\n    HashKnownHosts yes\n    GSSAPIAuthentication yes\n", "config")
        let query = SSHConfigQuery()
        let strict = try SSHConfig.settings(destination: "ctl-1", user: nil, port: nil, configFile: config, words: [],
                                            acceptingNew: false, host: "ctl-1", query: query)
        XCTAssertEqual(strict, SSHConfigSettings())
        XCTAssertEqual(query.runs, 0)
        let acceptingNew = try SSHConfig.settings(destination: "ctl-1", user: nil, port: nil, configFile: config, words: [],
                                                  acceptingNew: true, host: "ctl-1", query: query)
        XCTAssertEqual(acceptingNew.hashKnownHosts, true)
        XCTAssertEqual(query.runs, 2, "the host's answer and the baseline")
        _ = try SSHConfig.settings(destination: "ctl-2", user: nil, port: nil, configFile: config, words: [],
                                   acceptingNew: true, host: "ctl-2", query: query)
        XCTAssertEqual(query.runs, 3, "one baseline for every host")
    }

    // MARK: - Real connections

    /// `glance-push ping` in a fresh process whose ~/.ssh/config is the only place that says where
    /// `ctl-a` is, who logs in, with which key, and how to record its host key. The process runs
    /// in a mount namespace of its own where the scratch home is bind-mounted over the user's
    /// home (ssh, like glance-push, reads the home of the password database, not $HOME).
    func testPingByAnAliasFromTheUsersSSHConfigRecordsAHashedKey() throws {
        try LabDeploy.startNode(node)
        let fakeHome = scratch + "/home"
        try FileManager.default.createDirectory(atPath: fakeHome + "/.ssh", withIntermediateDirectories: true)
        let knownHosts = scratch + "/known_hosts.lab"
        _ = try write("""
            Host ctl-a
              HostName \(Lab.address(node))
              User root
              IdentityFile \(Lab.clientKey)
              UserKnownHostsFile \(knownHosts)
              StrictHostKeyChecking accept-new
              HashKnownHosts yes

            """, "home/.ssh/config")
        let inventory = try write("[controllers]\nctl-a\n", "alias.ini")
        let binary = Lab.repository.path + "/.build/debug/glance-push"
        func ping(_ extra: [String] = []) throws -> (status: Int32, output: String) {
            try Lab.shell(arguments: ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                      "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"", "sh", fakeHome, home, binary, "ping",
                                      "-i", inventory] + extra, timeout: 60)
        }
        let run = try ping()
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("node\(node)"), run.output)
        let recorded = try String(contentsOfFile: knownHosts, encoding: .utf8)
        XCTAssertEqual(recorded.split(separator: "\n").count, 1, recorded)
        XCTAssertTrue(recorded.hasPrefix("|1|"), recorded)
        XCTAssertFalse(recorded.contains(Lab.address(node)), recorded)
        XCTAssertEqual(try Lab.shell("ssh-keygen", "-F", Lab.address(node), "-f", knownHosts).status, 0)

        // The second time the hashed line is what lets it in, under strict checking.
        let again = try ping(["--host-key-policy", "strict"])
        XCTAssertEqual(again.status, 0, again.output)
        XCTAssertEqual(try String(contentsOfFile: knownHosts, encoding: .utf8), recorded)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home + "/.ssh/config"), "the real home was not touched")
    }

    /// `ProxyJump bastion`, both aliases of ssh_config: node 71 is reachable only through it.
    func testAProxyJumpAliasFromSSHConfigReachesAControllerBehindTheBastion() throws {
        try BastionLab.up()
        let config = try write("""
            Host bastion
              HostName \(BastionLab.bastion)
            Host behind-71
              HostName \(BastionLab.address(71))
              ProxyJump bastion
            Host *
              User root
              IdentityFile \(Lab.clientKey)
              UserKnownHostsFile \(BastionLab.knownHosts)

            """, "config")
        let inventory = try hosts(["behind-71 ansible_ssh_common_args='-F \(config)'"])
        let made = try target("behind-71", in: inventory)
        guard case .jump(let hops) = made.proxy else { return XCTFail("\(made.proxy)") }
        XCTAssertEqual(hops.map(\.loginName), ["root@\(BastionLab.bastion)"])
        XCTAssertEqual(hops.map(\.identityFile), [Lab.clientKey])
        XCTAssertEqual(made.loginName, "root@\(BastionLab.address(71))")

        let pings = Ping.run(hosts: inventory.hosts, options: ConnectionOptions(), forks: 1)
        XCTAssertEqual(pings.map(\.hostname), ["node71"], "\(pings.map(\.error))")
        var direct = made
        direct.proxy = .direct
        direct.connectTimeout = 2
        XCTAssertThrowsError(try SSHConnection.connect(to: direct), "only the bastion reaches node 71")
    }
}
