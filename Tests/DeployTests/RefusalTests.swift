import Foundation
import LabSupport
import XCTest

/// Settings glance-push cannot honour are refused with exit 1 before any connection. Every
/// inventory here points at 127.0.0.250:1, where nothing listens: had glance-push tried to
/// connect, it would have reported that host as failed (exit 2) instead.
final class RefusalTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gp-refusal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func inventory(_ hostVars: String, extra: String = "") throws -> String {
        let path = scratch.appendingPathComponent("hosts.ini").path
        try """
            [controllers]
            ctl01 ansible_host=127.0.0.250 ansible_port=1 \(hostVars)
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func glancePush(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Lab.shell(arguments: [Lab.repository.path + "/.build/debug/glance-push"] + arguments, timeout: 60)
    }

    private func assertRefused(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try glancePush(arguments)
        XCTAssertEqual(run.status, 1, run.output, file: file, line: line)
        XCTAssertEqual(run.output, "glance-push: error: \(message)\n", file: file, line: line)
    }

    private var playbook: String { Lab.repository.path + "/playbooks/lab.yml" }

    func testMalformedSerialAndMaxFailAreRefused() throws {
        let hosts = try inventory("")
        try assertRefused(["deploy", "-i", hosts, "-p", playbook, "--serial", "one"],
                          "invalid serial 'one': expected a number of hosts or a percentage like '30%'")
        try assertRefused(["deploy", "-i", hosts, "-p", playbook, "--serial", "1,x%"],
                          "invalid serial 'x%': expected a number of hosts or a percentage like '30%'")
        try assertRefused(["deploy", "-i", hosts, "-p", playbook, "--max-fail", "some"],
                          "invalid --max-fail 'some': expected a number of hosts (0 or more) or a percentage like '10%'")
        try assertRefused(["restart", "-i", hosts, "--rolling", "--max-fail=-1"],
                          "invalid --max-fail '-1': expected a number of hosts (0 or more) or a percentage like '10%'")
    }

    /// Jump settings ssh itself would reject (or glance-push cannot carry out) are refused at
    /// their line by every command, before any connection.
    func testMalformedJumpHostsAreRefusedByEveryCommand() throws {
        let shape = "is not a jump host ([user@]host[:port] or ssh://[user@]host[:port])"
        let cases: [(String, String)] = [
            ("'-J gw:x'", "-J gw:x: 'gw:x' \(shape): the port must be a number from 1 to 65535, got 'x'"),
            ("'-J gw:0'", "-J gw:0: 'gw:0' \(shape): the port must be a number from 1 to 65535, got '0'"),
            ("'-J a,,b'", "-J a,,b: an empty hop (write [user@]host[:port], several separated by commas)"),
            ("'-J @gw'", "-J @gw: '@gw' \(shape): the user before '@' is empty"),
            ("'-J fe80::1'", "-J fe80::1: 'fe80::1' \(shape): an IPv6 address must be written in brackets, as [addr]:port"),
            ("'-J ssh://gw/x'", "-J ssh://gw/x: 'ssh://gw/x' \(shape): an ssh:// address takes no path"),
            ("'-J %x@gw'", "-J %x@gw: '%x@gw' \(shape): unknown token %x (known: %h, %n, %p, %r, %%)"),
            ("'-J'", "-J needs a value"),
            ("'-o \"ProxyJump gw #x\"'", "ProxyJump=gw #x: a jump host list has no spaces (separate hops with commas)"),
            ("'-J a -J b'", "-J b: a jump host was already given; ssh allows one -J (list several hops in it, separated by commas)"),
            ("'-o ProxyJump=none -J b'", "-J b: a jump host was already given; ssh allows one -J (list several hops in it, separated by commas)"),
            ("'-o ProxyCommand=none -J b'", "-J b: ssh does not allow -J after ProxyCommand"),
            ("'-o \"ProxyCommand nc %h %q\"'", "ProxyCommand=nc %h %q: unknown token %q (known: %h, %n, %p, %r, %%)"),
            ("'-o ProxyCommand=-'", "ProxyCommand=- is not supported: it would make glance-push's own standard input and output the connection"),
            ("'-J root@127.0.0.250:1'", "jump host loop: the last jump host is root@[127.0.0.250]:1, the host itself"),
        ]
        for (written, message) in cases {
            let hosts = try inventory("ansible_ssh_common_args=\(written)")
            for command in [["ping"], ["deploy", "-p", playbook], ["restart"], ["releases"], ["rollback", "--host", "ctl01"]] {
                try assertRefused([command[0], "-i", hosts] + command.dropFirst(),
                                  "\(hosts):2:47: host ctl01: ansible_ssh_common_args: \(message)")
            }
        }
    }

    func testSSHOptionsOutsideTheHonouredListAreRefused() throws {
        let supported = "UserKnownHostsFile, GlobalKnownHostsFile, StrictHostKeyChecking, ConnectTimeout, ProxyJump, ProxyCommand, "
            + "BatchMode, PasswordAuthentication, KbdInteractiveAuthentication, ChallengeResponseAuthentication, PubkeyAuthentication, "
            + "PreferredAuthentications, ServerAliveInterval, ServerAliveCountMax, ConnectionAttempts"
        let cases: [(String, String)] = [
            ("ansible_ssh_common_args='-o ControlMaster=auto -o Ciphers=aes256-ctr'",
             "ansible_ssh_common_args: ssh option Ciphers is not supported by glance-push (supported: \(supported))"),
            ("ansible_ssh_extra_args='-o TCPKeepAlive=yes -o LocalForward=\"8080 127.0.0.1:80\"'",
             "ansible_ssh_extra_args: ssh option LocalForward is not supported by glance-push (supported: \(supported))"),
            ("ansible_ssh_extra_args='-o ServerAliveInterval=30s'",
             "ansible_ssh_extra_args: ServerAliveInterval=30s: ServerAliveInterval must be a whole number of seconds, 0 or more (0: no keepalives)"),
            ("ansible_ssh_extra_args='-o ServerAliveCountMax=0'",
             "ansible_ssh_extra_args: ServerAliveCountMax=0: ServerAliveCountMax must be a whole number above 0"),
            ("ansible_ssh_common_args='-F /home/me/.ssh/config'",
             "ansible_ssh_common_args: -F /home/me/.ssh/config: cannot read the ssh_config file /home/me/.ssh/config"),
            ("ansible_ssh_common_args='-o Port=2222'",
             "ansible_ssh_common_args: Port=2222 is not read from ssh options: set ansible_port instead"),
            ("ansible_ssh_common_args='-C'",
             "ansible_ssh_common_args: '-C' is not supported by glance-push: only -F FILE, -J and -o OPTION=VALUE with one of \(supported)"),
            ("ansible_ssh_common_args='-o StrictHostKeyChecking=no'",
             "ansible_ssh_common_args: StrictHostKeyChecking=no is not supported: glance-push never turns host key checking off; use accept-new to record unknown keys"),
            ("ansible_ssh_common_args='-o BatchMode=maybe'",
             "ansible_ssh_common_args: BatchMode=maybe: BatchMode must be yes or no"),
            ("ansible_ssh_common_args='-o \"UserKnownHostsFile=/tmp/a'",
             "ansible_ssh_common_args: cannot split '-o \"UserKnownHostsFile=/tmp/a' into words: no closing quotation"),
        ]
        for (variables, message) in cases {
            let hosts = try inventory(variables)
            try assertRefused(["ping", "-i", hosts], "\(hosts):2:47: host ctl01: \(message)")
        }
    }

    func testVariablesOutsideWhatGlancePushDoesAreRefused() throws {
        let su = "su is not supported: it reads the password through PAM, which takes up to 512 bytes of stdin at once, "
            + "so a command's own input could not follow the password exactly; use sudo (ansible_become_method=sudo)"
        let cases: [(String, String, String)] = [
            ("ansible_become=true ansible_become_method=su", "", "2:67: host ctl01: ansible_become_method=su: \(su)"),
            ("", "[controllers:vars]\nansible_become=true\nansible_become_flags=-i", """
                5:1: host ctl01: ansible_become_flags=-i: '-i' is not supported: glance-push runs `sudo [-H] -n` (no \
                password) or `sudo [-H] -k -S -p ''` (the password on stdin) itself; only -H, -S and -n may be given
                """),
            ("ansible_su_pass=hunter2", "", "2:47: host ctl01: ansible_su_pass=<secret>: \(su)"),
            ("ansible_private_key_passphrase=hunter2", "",
             "2:47: host ctl01: ansible_private_key_passphrase=<secret>: a passphrase in the inventory is not supported: add the key to ssh-agent (ssh-add PATH), or run glance-push on a terminal, where it asks for the passphrase"),
            ("ansible_password=hunter2", "",
             "2:47: host ctl01: ansible_password=<secret>: password authentication is not supported: use a key (ansible_ssh_private_key_file) or ssh-agent"),
            ("ansible_connection=local", "",
             "2:47: host ctl01: ansible_connection=local: glance-push connects over SSH only (ansible_connection ssh or smart)"),
            ("ansible_ssh_pipelining=true", "",
             "2:47: host ctl01: ansible_ssh_pipelining=true: glance-push has no such setting: it talks to each host over one libssh2 connection and runs its commands with /bin/sh"),
            ("ansible_prot=22", "", "2:47: host ctl01: unknown connection variable 'ansible_prot' (did you mean 'ansible_port'?)"),
            ("ansible_host_key_checking=false", "",
             "2:47: host ctl01: ansible_host_key_checking=false is not supported: glance-push never turns host key checking off; use --host-key-policy accept-new to record unknown keys"),
            ("ansible_become=maybe", "", "2:47: host ctl01: ansible_become must be true or false, got 'maybe'"),
        ]
        for (hostVars, extra, message) in cases {
            let hosts = try inventory(hostVars, extra: extra)
            try assertRefused(["ping", "-i", hosts], "\(hosts):\(message)")
        }
        XCTAssertFalse(try glancePush(["ping", "-i", try inventory("ansible_password=hunter2")]).output.contains("hunter2"))
        XCTAssertFalse(try glancePush(["ping", "-i", try inventory("ansible_become=1 ansible_become_password='a\\nhunter2'")])
            .output.contains("hunter2"))
        XCTAssertFalse(try glancePush(["ping", "-i", try inventory("ansible_ssh_private_key_passphrase=hunter2")]).output.contains("hunter2"))
    }

    /// What is honoured is not refused: the run goes on to connect and fails there (exit 2).
    func testHonouredSettingsReachTheConnection() throws {
        let hosts = try inventory("""
            ansible_become=true ansible_become_user=root ansible_become_flags='-H -S -n' ansible_become_password=pw \
            ansible_connection=ssh ansible_timeout=3 ansible_python_interpreter=/usr/bin/python3 \
            ansible_processor_vcpus=16 ansible_ssh_common_args='-o BatchMode=yes -o UserKnownHostsFile="/tmp/a /tmp/b" -oConnectTimeout=2' \
            ansible_ssh_extra_args='-o ServerAliveInterval=5 -o ServerAliveCountMax=2'
            """)
        let run = try glancePush(["ping", "-i", hosts])
        XCTAssertEqual(run.status, 2, run.output)
        XCTAssertTrue(run.output.contains("ctl01  127.0.0.250  FAILED"), run.output)
    }
}
