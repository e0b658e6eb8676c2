import Foundation
import Inventory
import SSH

/// The command lines `SudoHost` sends and the stdin that goes with them. The login user's shell
/// runs sudo, and sudo runs `/bin/sh -c` with the command:
///
///     sudo -n -u USER -- /bin/sh -c "glance_push_session=$PPID"'<newline>COMMAND'
///     sudo -k -S -p '' -u USER -- /bin/sh -c "glance_push_session=$PPID"'<newline>GATE<newline>COMMAND'
///
/// (`cd -- DIR && ` first with `ansible_sudo_chdir`, `-H` with `ansible_become_flags=-H`). The
/// password is never part of a command line: it is the first line of stdin, which `-S` makes
/// sudo read and `-k` makes it read every time (cached credentials are ignored), before the
/// command's own stdin. The gate line after it is read by the inner shell and must match: had
/// sudo not read the password (its policy changed since connect), the shell would have read the
/// password instead, and it stops there, throwing the rest of stdin away, before the command runs.
///
/// `glance_push_session` is the pid of the login shell's parent, the sshd session process,
/// which lives exactly as long as the connection: under sudo the command's own `$PPID` is sudo,
/// which ends with each command, and the node lock must record the connection (`NodeLock`).
struct SudoCommand: Sendable, Equatable {
    enum Mode: Sendable, Equatable {
        /// `sudo -n`: sudo needs no password (NOPASSWD, or the login user is root).
        case noPassword
        /// `sudo -k -S -p ''` with the password as stdin's first line.
        case password(Secret)
    }

    let settings: BecomeSettings
    /// The inner shell's check that sudo consumed the password line (random per connection).
    let gate: String

    init(settings: BecomeSettings, gate: String = UUID().uuidString.lowercased()) {
        self.settings = settings
        self.gate = gate
    }

    /// `command` as sent under `mode`. `probe` (connect's checks) runs sudo with `LC_ALL=C`, so
    /// that its messages can be read, and without the gate line (stdin holds only the password).
    func line(_ command: String, mode: Mode, probe: Bool = false) -> String {
        var text = settings.directory.map { "cd -- \(ShellQuote.quote($0)) && " } ?? ""
        if probe { text += "LC_ALL=C " }
        text += ShellQuote.quote(settings.executable) + " "
        if settings.setHome { text += "-H " }
        var inner = "\n"
        switch mode {
        case .noPassword:
            text += "-n "
        case .password:
            text += "-k -S -p '' "
            if !probe { inner += gateCheck + "\n" }
        }
        text += "-u \(ShellQuote.quote(settings.user)) -- /bin/sh -c \"\(NodeLock.sessionVariable)=$PPID\""
        return text + ShellQuote.quote(inner + command)
    }

    /// What goes to the command line's stdin: `stdin` as it is, or after the password line
    /// (and, unless `probe`, the gate line).
    func input(_ stdin: Data, mode: Mode, probe: Bool = false) -> Data {
        guard case .password(let password) = mode else { return stdin }
        return Data((password.revealed + "\n" + (probe ? "" : gate + "\n")).utf8) + stdin
    }

    /// What the inner shell prints on stderr (and its status) when the gate line is not there
    /// (plain words: it goes between double quotes).
    static let gateFailure = "glance-push: sudo did not read the password line; the command did not run"
    static let gateStatus: Int32 = 125

    private var gateCheck: String {
        "IFS= read -r glance_push_gate; [ \"$glance_push_gate\" = \(gate) ] || "
            + "{ echo \"\(Self.gateFailure)\" >&2; cat >/dev/null; exit \(Self.gateStatus); }; unset glance_push_gate"
    }
}
