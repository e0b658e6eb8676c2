import Basics
import Inventory

/// How a host's commands and file writes run as another user: Ansible's `ansible_become` with
/// the sudo method (`SudoHost` does it). `make` reads the host's variables and the command line
/// and refuses, before any connection, what glance-push cannot honour.
public struct BecomeSettings: Sendable, Equatable {
    /// `ansible_become_user` (`ansible_sudo_user`): sudo's `-u`; root by default.
    public var user: String
    /// `ansible_become_exe` (`ansible_sudo_exe`): the sudo program, `sudo` by default.
    public var executable: String
    /// `-H` (`--set-home`) in `ansible_become_flags` (`ansible_sudo_flags`).
    public var setHome: Bool
    /// `ansible_sudo_chdir`: where the login shell goes (`cd`) before it runs sudo.
    public var directory: String?
    /// The inventory's password (`ansible_become_password`, `ansible_become_pass`,
    /// `ansible_sudo_pass`), else `--ask-become-pass`'s; nil when none was given.
    public var password: Secret?
    /// Where `password` came from, for messages: the variable's name or `--ask-become-pass`.
    public var passwordSource: String?

    public init(user: String = "root", executable: String = "sudo", setHome: Bool = false, directory: String? = nil,
                password: Secret? = nil, passwordSource: String? = nil) {
        self.user = user
        self.executable = executable
        self.setHome = setHome
        self.directory = directory
        self.password = password
        self.passwordSource = passwordSource
    }

    /// Every variable `make` reads; `ansible_su` too, honoured when false.
    static let variables = [
        "ansible_become", "ansible_sudo", "ansible_su", "ansible_become_method", "ansible_become_user", "ansible_sudo_user",
        "ansible_become_exe", "ansible_sudo_exe", "ansible_become_flags", "ansible_sudo_flags", "ansible_sudo_chdir",
    ] + passwordVariables

    /// In Ansible's order (its last one set wins; glance-push refuses two that differ).
    static let passwordVariables = ["ansible_become_password", "ansible_become_pass", "ansible_sudo_pass"]

    static let suReason = "su is not supported: it reads the password through PAM, which takes up to 512 bytes of "
        + "stdin at once, so a command's own input could not follow the password exactly; use sudo "
        + "(ansible_become_method=sudo)"

    /// nil when become is off (`ansible_become` unset or false), whatever the other variables
    /// say (as in Ansible, `ansible_become_user` alone does not turn it on).
    public static func make(for host: InventoryHost, options: ConnectionOptions,
                            locate: (String) -> SourceLocation? = { _ in nil }) throws -> BecomeSettings? {
        let locations = host.vars.keys.reduce(into: [String: SourceLocation]()) { $0[$1] = locate($1) }
        let reader = Reader(host: host, locations: locations)
        let become = try reader.boolean("ansible_become")
        let sudo = try reader.boolean("ansible_sudo")
        if try reader.boolean("ansible_su") == true { throw reader.refuse("ansible_su", Self.suReason) }
        if let become, let sudo, become != sudo {
            throw UserError("host \(host.name): ansible_become=\(reader.value("ansible_become")) and "
                + "ansible_sudo=\(reader.value("ansible_sudo")) disagree: set only ansible_become", at: locate("ansible_sudo"))
        }
        guard become ?? sudo ?? false else { return nil }

        if let method = host.vars["ansible_become_method"], method != "sudo" {
            throw reader.refuse("ansible_become_method", method == "su" ? Self.suReason
                : "glance-push becomes another user with sudo only (ansible_become_method=sudo)")
        }
        var settings = BecomeSettings()
        if let (name, user) = try reader.one(of: ["ansible_become_user", "ansible_sudo_user"]) {
            guard !user.isEmpty else { throw reader.refuse(name, "must name the user to become (default root)") }
            settings.user = user
        }
        if let (name, executable) = try reader.one(of: ["ansible_become_exe", "ansible_sudo_exe"]) {
            guard !executable.isEmpty, !executable.contains(where: { $0.isWhitespace }) else {
                throw reader.refuse(name, "must be the sudo program, one word (e.g. /usr/bin/sudo)")
            }
            settings.executable = executable
        }
        if let (name, flags) = try reader.one(of: ["ansible_become_flags", "ansible_sudo_flags"]) {
            settings.setHome = try Self.setsHome(flags, name: name, reader: reader)
        }
        if let directory = host.vars["ansible_sudo_chdir"] {
            guard !directory.isEmpty else { throw reader.refuse("ansible_sudo_chdir", "must name a directory") }
            settings.directory = directory
        }
        if let (name, password) = try reader.one(of: passwordVariables), !password.isEmpty {
            settings.password = Secret(password)
            settings.passwordSource = name
        } else if let password = options.becomePassword {
            settings.password = password
            settings.passwordSource = "--ask-become-pass"
        }
        if let password = settings.password?.revealed, password.contains(where: { "\n\r\0".contains($0) }) {
            throw UserError("host \(host.name): the become password (\(settings.passwordSource ?? "?")) holds a line "
                + "break or NUL: sudo reads a password up to the end of its line", at: locate(settings.passwordSource ?? ""))
        }
        return settings
    }

    /// `-H` (or `--set-home`) is honoured; `-S` and `-n` are what glance-push chooses itself
    /// (`-n` without a password, `-S` with one); anything else is refused.
    private static func setsHome(_ flags: String, name: String, reader: Reader) throws -> Bool {
        let words: [String]
        do {
            words = try ShellWords.split(flags, comments: false).map(\.text)
        } catch {
            throw reader.refuse(name, "cannot split '\(flags)' into words: no closing quotation")
        }
        var setHome = false
        for word in words {
            switch word {
            case "--set-home": setHome = true
            case "--stdin", "--non-interactive": continue
            default:
                guard word.count > 1, word.hasPrefix("-"), !word.hasPrefix("--"),
                      word.dropFirst().allSatisfy({ "HSn".contains($0) }) else {
                    throw reader.refuse(name, """
                        '\(word)' is not supported: glance-push runs `sudo [-H] -n` (no password) or `sudo [-H] -k -S \
                        -p ''` (the password on stdin) itself; only -H, -S and -n may be given
                        """)
                }
                if word.contains("H") { setHome = true }
            }
        }
        return setHome
    }

    /// Reads one host's become variables, for `make`'s checks and messages.
    private struct Reader {
        let host: InventoryHost
        let locations: [String: SourceLocation]

        func locate(_ name: String) -> SourceLocation? { locations[name] }

        func value(_ name: String) -> String { host.vars[name] ?? "" }

        func boolean(_ name: String) throws -> Bool? {
            guard let text = host.vars[name] else { return nil }
            return try AnsibleBoolean.parse(text, name: name, host: host.name, at: locate(name))
        }

        /// The value of the first of `names` that is set; two set to different values are refused.
        func one(of names: [String]) throws -> (String, String)? {
            let set = names.compactMap { name in host.vars[name].map { (name, $0) } }
            guard let first = set.first else { return nil }
            if let other = set.dropFirst().first(where: { $0.1 != first.1 }) {
                throw UserError("host \(host.name): \(first.0) and \(other.0) are both set, to different values: "
                    + "set only one", at: locate(other.0))
            }
            return first
        }

        func refuse(_ name: String, _ reason: String) -> UserError {
            UserError("host \(host.name): \(name)=\(ConnectionVariables.shown(name, value(name))): \(reason)", at: locate(name))
        }
    }
}
