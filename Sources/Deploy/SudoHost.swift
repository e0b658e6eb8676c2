import Foundation
import Inventory
import SSH

/// A `RemoteHost` whose every command and file write runs as the become user through sudo, over
/// the login user's connection (`ansible_become`): the run logic does not know it is there.
///
/// `open` decides once whether sudo needs a password (`sudo -k -n`), and checks the password once
/// with stdin holding only the password line, so that a wrong or missing password fails the host
/// at connect, before anything on it has changed. Commands then go through `SudoCommand`, file
/// writes through `SudoFileWrite` (one command for all of them).
public final class SudoHost: RemoteHost {
    private let login: any RemoteHost
    private let command: SudoCommand
    private let mode: SudoCommand.Mode
    /// The inventory's name of the host, for messages.
    private let host: String

    public var connectAttempts: Int { login.connectAttempts }

    private init(login: any RemoteHost, command: SudoCommand, mode: SudoCommand.Mode, host: String) {
        self.login = login
        self.command = command
        self.mode = mode
        self.host = host
    }

    /// The become user: whose rights commands and writes have.
    public var user: String { command.settings.user }
    public var address: String { login.address }
    /// The login user, for messages.
    public var loginUser: String { login.user }
    /// Whether sudo asked for the password (and commands send it).
    public var sendsPassword: Bool { mode != .noPassword }

    /// What connect's checks run as the become user: its uid and name.
    static let probe = "id -u; id -un"

    /// Checks sudo on `login` and returns the host that runs everything through it. Throws a
    /// `HostError` of phase `connect`: `wrongBecomePassword`/`missingBecomePassword` (the
    /// operator's input) or what sudo said. `login` is left open: the caller closes it on error.
    public static func open(over login: any RemoteHost, settings: BecomeSettings, host: String) throws -> SudoHost {
        let command = SudoCommand(settings: settings)
        let plain = try login.exec(command.line(probe, mode: .noPassword, probe: true), stdin: Data(),
                                   timeout: NodeTimeout.becomeCheck)
        if plain.succeeded {
            try check(plain, settings: settings, login: login.user, host: host)
            return SudoHost(login: login, command: command, mode: .noPassword, host: host)
        }
        guard needsPassword(plain.stderrText) else { throw refused(plain, settings: settings, login: login.user, host: host) }
        guard let password = settings.password else {
            throw HostError.becomeCredentials(host: host, """
                sudo: a password is required for \(login.user) on \(host) to become \(settings.user): \
                set ansible_become_password or pass --ask-become-pass (-K)
                """)
        }
        let mode = SudoCommand.Mode.password(password)
        let checked = try login.exec(command.line(probe, mode: mode, probe: true), stdin: command.input(Data(), mode: mode, probe: true),
                                     timeout: NodeTimeout.becomeCheck)
        if checked.succeeded {
            try check(checked, settings: settings, login: login.user, host: host)
            return SudoHost(login: login, command: command, mode: mode, host: host)
        }
        if checked.stderrText.contains("incorrect password attempt") || checked.stderrText.contains("Sorry, try again.") {
            throw HostError.becomeCredentials(host: host, "sudo: wrong password for \(login.user) on \(host) "
                + "(\(settings.passwordSource ?? "the become password"))")
        }
        throw refused(checked, settings: settings, login: login.user, host: host)
    }

    public func exec(_ command: String, stdin: Data, timeout: Double?) throws -> CommandResult {
        try login.exec(self.command.line(command, mode: mode), stdin: self.command.input(stdin, mode: mode), timeout: timeout)
    }

    public func writeFilesAtomically(_ files: [FileWrite], timeout: Double?) throws {
        guard !files.isEmpty else { return }
        let write = SudoFileWrite(files)
        try write.check(try exec(write.script, stdin: write.input, timeout: timeout), host: host, user: user)
    }

    public func close() {
        login.close()
    }

    /// sudo's words (under `LC_ALL=C`) when `-n` meets a rule that wants a password.
    private static func needsPassword(_ stderr: String) -> Bool {
        stderr.contains("a password is required")
    }

    /// The probe ran as the become user: its output is that user's uid and name (`#UID` in
    /// `ansible_become_user` is sudo's numeric form).
    private static func check(_ result: CommandResult, settings: BecomeSettings, login: String, host: String) throws {
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        guard lines.count == 2, settings.user == lines[1] || settings.user == "#" + lines[0] else {
            throw HostError(host: host, phase: "connect", """
                \(settings.executable) -u \(settings.user) as \(login) ran the command as \
                '\(lines.last ?? "")' (uid \(lines.first ?? "?")), not as \(settings.user)
                """)
        }
    }

    private static func refused(_ result: CommandResult, settings: BecomeSettings, login: String, host: String) -> HostError {
        HostError(host: host, phase: "connect", """
            \(settings.executable) -u \(settings.user) as \(login) ended with \(result.statusDescription): \
            \(NodeCommands.lastLines(result.stderrText))
            """)
    }
}

extension HostError {
    /// sudo refused the become password, or needed one that was not given: the operator's input,
    /// which `BecomeCheck` turns into bad input (exit 1) before any host is changed.
    static func becomeCredentials(host: String, _ message: String) -> HostError {
        var error = HostError(host: host, phase: "connect", message)
        error.isBecomeCredentials = true
        return error
    }
}
