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
        XCTAssertThrowsError(try HostTarget.make(for: InventoryHost(name: "ctl01", vars: ["ansible_become": "yes"]),
                                                 options: ConnectionOptions()) { $0 == "ansible_become" ? location : nil }) {
            XCTAssertEqual(($0 as? UserError)?.location, location)
            XCTAssertTrue("\($0)".hasPrefix("hosts.ini:3:9: host ctl01: ansible_become=yes: become (sudo/su) is not supported yet"), "\($0)")
        }
    }
}
