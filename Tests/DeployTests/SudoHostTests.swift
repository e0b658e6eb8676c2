@testable import Deploy
import Foundation
import Inventory
import LabSupport
import SSH
import XCTest

/// `SudoCommand`'s command lines and stdin (pure), and `SudoHost` running for real through this
/// machine's sudo and the lab's users, without sshd (`LocalLogin`).
final class SudoHostTests: XCTestCase {
    private let password = Secret("pw 'q' \"d\" $x \\ ;")

    func testCommandLinesQuoteEveryPartAndNeverHoldThePassword() {
        let plain = SudoCommand(settings: BecomeSettings(), gate: "g-1")
        XCTAssertEqual(plain.line("hostname", mode: .noPassword), """
            sudo -n -u root -- /bin/sh -c "glance_push_session=$PPID"'
            hostname'
            """)
        XCTAssertEqual(plain.line("echo 'a b' $HOME", mode: .noPassword), """
            sudo -n -u root -- /bin/sh -c "glance_push_session=$PPID"'
            echo '\\''a b'\\'' $HOME'
            """)
        XCTAssertEqual(plain.line("id -u; id -un", mode: .noPassword, probe: true), """
            LC_ALL=C sudo -n -u root -- /bin/sh -c "glance_push_session=$PPID"'
            id -u; id -un'
            """)
        XCTAssertEqual(plain.line("hostname", mode: .password(password)), """
            sudo -k -S -p '' -u root -- /bin/sh -c "glance_push_session=$PPID"'
            IFS= read -r glance_push_gate; [ "$glance_push_gate" = g-1 ] || { echo "glance-push: sudo did not read the \
            password line; the command did not run" >&2; cat >/dev/null; exit 125; }; unset glance_push_gate
            hostname'
            """)
        XCTAssertEqual(plain.line("id -u; id -un", mode: .password(password), probe: true), """
            LC_ALL=C sudo -k -S -p '' -u root -- /bin/sh -c "glance_push_session=$PPID"'
            id -u; id -un'
            """, "the check at connect has no gate: stdin holds only the password line")
        let custom = SudoCommand(settings: BecomeSettings(user: "glance's", executable: "/opt/bin/sudo", setHome: true,
                                                          directory: "/tmp/a b"), gate: "g-2")
        XCTAssertEqual(custom.line("id", mode: .noPassword), """
            cd -- '/tmp/a b' && /opt/bin/sudo -H -n -u 'glance'\\''s' -- /bin/sh -c "glance_push_session=$PPID"'
            id'
            """)
        for line in [plain.line("x", mode: .password(password)), plain.line("x", mode: .password(password), probe: true)] {
            XCTAssertFalse(line.contains("pw"), line)
        }
    }

    func testThePasswordIsStdinsFirstLineThenTheGateThenTheCommandsOwnBytes() {
        let command = SudoCommand(settings: BecomeSettings(), gate: "g-1")
        let bytes = Data([0, 10, 255, 13, 10, 65])
        XCTAssertEqual(command.input(bytes, mode: .noPassword), bytes)
        XCTAssertEqual(command.input(bytes, mode: .password(password)), Data((password.revealed + "\ng-1\n").utf8) + bytes)
        XCTAssertEqual(command.input(Data(), mode: .password(password), probe: true), Data((password.revealed + "\n").utf8))
    }

    // MARK: - Through this machine's sudo (scripts/lab's users and sudoers rules)

    override func setUpWithError() throws {
        if name.contains("Command") || name.contains("Stdin") { return }
        try BecomeLab.up()
    }

    private let binary = Data((0...255).map(UInt8.init) + Array("line\nnext\r\n".utf8) + [0, 0, 10])

    func testWithoutAPasswordCommandsRunAsTheBecomeUserWithTheirStdinExact() throws {
        let login = LocalLogin(user: "deploy")
        let host = try SudoHost.open(over: login, settings: BecomeSettings(), host: "ctl01")
        XCTAssertFalse(host.sendsPassword)
        XCTAssertEqual(host.user, "root")
        XCTAssertEqual(host.loginUser, "deploy")
        let result = try host.exec("id -un >&2; cat", stdin: binary, timeout: 30)
        XCTAssertEqual(result.stdout, binary)
        XCTAssertEqual(result.stderrText, "root\n")
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertEqual(try host.exec("exit 7", stdin: Data(), timeout: 30).exitStatus, 7, "the command's status, through sudo")
        XCTAssertEqual(login.sent.count, 3, "one check at connect, then one command line each")
        XCTAssertTrue(login.sent[0].command.hasPrefix("LC_ALL=C sudo -n -u root -- "))
        XCTAssertEqual(login.sent[1].stdin, binary)
    }

    func testWithAPasswordSudoReadsItAndTheCommandGetsOnlyItsOwnStdin() throws {
        let secret = Secret(try BecomeLab.password)
        let login = LocalLogin(user: "deploy-pw")
        let host = try SudoHost.open(over: login, settings: BecomeSettings(password: secret, passwordSource: "ansible_become_password"),
                                     host: "ctl01")
        XCTAssertTrue(host.sendsPassword)
        let result = try host.exec("id -un >&2; cat", stdin: binary, timeout: 30)
        XCTAssertEqual(result.stdout, binary, "the password line never reaches the command")
        XCTAssertEqual(result.stderrText, "root\n", "sudo prints no prompt (-p '')")
        XCTAssertEqual(try host.exec("cat", stdin: Data(), timeout: 30).stdout, Data())
        let sent = login.sent
        XCTAssertEqual(sent.map { $0.command.hasPrefix("LC_ALL=C sudo -n ") }, [true, false, false, false])
        XCTAssertEqual(sent[1].stdin, Data((secret.revealed + "\n").utf8), "the check: the password line alone")
        XCTAssertTrue(sent[2].stdin.starts(with: Data((secret.revealed + "\n").utf8)))
        XCTAssertEqual(sent[2].stdin.suffix(binary.count), binary)
        for entry in sent { XCTAssertFalse(entry.command.contains(secret.revealed), entry.command) }
    }

    func testAWrongOrMissingPasswordFailsAtConnectAsTheOperatorsInput() throws {
        let login = LocalLogin(user: "deploy-pw")
        XCTAssertThrowsError(try SudoHost.open(over: login, settings: BecomeSettings(password: Secret("not it"),
                                                                                      passwordSource: "--ask-become-pass"),
                                               host: "ctl01")) { error in
            let failure = error as? HostError
            XCTAssertEqual(failure, HostError.becomeCredentials(host: "ctl01",
                                                                "sudo: wrong password for deploy-pw on ctl01 (--ask-become-pass)"))
            XCTAssertEqual(failure?.isBecomeCredentials, true)
            XCTAssertEqual("\(error)", "ctl01: connect: sudo: wrong password for deploy-pw on ctl01 (--ask-become-pass)")
        }
        XCTAssertEqual(login.sent.count, 2)
        XCTAssertEqual(login.sent[1].stdin, Data("not it\n".utf8), "stdin held only the password line")
        XCTAssertThrowsError(try SudoHost.open(over: LocalLogin(user: "deploy-pw"), settings: BecomeSettings(), host: "ctl01")) {
            XCTAssertEqual($0 as? HostError, HostError.becomeCredentials(host: "ctl01", """
                sudo: a password is required for deploy-pw on ctl01 to become root: set ansible_become_password or pass \
                --ask-become-pass (-K)
                """))
        }
    }

    func testWhatSudoRefusesOtherwiseIsTheHostsFailureInSudosWords() throws {
        let secret = Secret(try BecomeLab.password)
        XCTAssertThrowsError(try SudoHost.open(over: LocalLogin(user: "deploy-pw"),
                                               settings: BecomeSettings(user: "glance", password: secret), host: "ctl01")) { error in
            let failure = error as? HostError
            XCTAssertEqual(failure?.isBecomeCredentials, false)
            XCTAssertEqual(failure?.phase, "connect")
            XCTAssertEqual(failure?.message.hasPrefix("sudo -u glance as deploy-pw ended with exit status 1: "
                + "Sorry, user deploy-pw is not allowed to execute '/bin/sh -c glance_push_session="), true, failure?.message ?? "")
            XCTAssertEqual(failure?.message.contains(secret.revealed), false)
        }
        XCTAssertThrowsError(try SudoHost.open(over: LocalLogin(user: "deploy"),
                                               settings: BecomeSettings(executable: "/nonexistent/sudo"), host: "ctl01")) {
            XCTAssertEqual(($0 as? HostError)?.message,
                           "/nonexistent/sudo -u root as deploy ended with exit status 127: /bin/sh: 1: /nonexistent/sudo: not found")
        }
        XCTAssertThrowsError(try SudoHost.open(over: LocalLogin(user: "deploy"),
                                               settings: BecomeSettings(directory: "/nonexistent"), host: "ctl01")) {
            XCTAssertEqual(($0 as? HostError)?.message,
                           "sudo -u root as deploy ended with exit status 2: /bin/sh: 1: cd: can't cd to /nonexistent")
        }
        let home = try SudoHost.open(over: LocalLogin(user: "deploy"),
                                     settings: BecomeSettings(user: "deploy-pw", setHome: true, directory: "/tmp"), host: "ctl01")
        XCTAssertEqual(try home.exec("id -un; pwd; echo $HOME", stdin: Data(), timeout: 30).stdoutText, "deploy-pw\n/tmp\n/home/deploy-pw\n")
    }

    /// Had sudo not read the password line (a NOPASSWD rule added since connect), the inner shell
    /// would read the password: it stops before the command runs and prints nothing of it.
    func testTheGateStopsACommandWhoseSudoDidNotReadThePassword() throws {
        let command = SudoCommand(settings: BecomeSettings())
        let mode = SudoCommand.Mode.password(password)
        let result = try LocalLogin(user: "deploy").exec(command.line("cat; echo ran", mode: mode),
                                                         stdin: command.input(Data("payload".utf8), mode: mode), timeout: 30)
        XCTAssertEqual(result.exitStatus, 125)
        XCTAssertEqual(result.stdout, Data())
        XCTAssertEqual(result.stderrText, SudoCommand.gateFailure + "\n")
    }
}
