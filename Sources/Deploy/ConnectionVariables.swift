import Basics
import Inventory

/// What glance-push does with each of Ansible's connection variables: the ones it honours, and
/// the ones it refuses before any connection because it cannot do what they ask.
enum ConnectionVariables {
    /// Read by `HostTarget.make` (and the become variables by `BecomeSettings.make`).
    /// `ansible_python_interpreter` has no effect: no Ansible module (and so no Python chosen by
    /// Ansible) runs on a node.
    static let honoured = [
        "ansible_host", "ansible_ssh_host", "ansible_port", "ansible_ssh_port", "ansible_user", "ansible_ssh_user",
        "ansible_ssh_private_key_file", "ansible_private_key_file", "ansible_ssh_common_args", "ansible_ssh_extra_args",
        "ansible_connection", "ansible_timeout", "ansible_ssh_timeout", "ansible_host_key_checking",
        "ansible_ssh_host_key_checking", "ansible_python_interpreter", "ansible_ssh_retries",
    ] + BecomeSettings.variables

    static let refused: [String: String] = {
        var reasons: [String: String] = [:]
        for name in ["ansible_su_user", "ansible_su_pass", "ansible_su_exe", "ansible_su_flags"] {
            reasons[name] = BecomeSettings.suReason
        }
        for name in ["ansible_sudo_password", "ansible_su_password"] {
            reasons[name] = "Ansible has no such variable: the sudo password is ansible_become_password "
                + "(or ansible_become_pass, ansible_sudo_pass)"
        }
        for name in ["ansible_password", "ansible_ssh_pass", "ansible_ssh_password"] {
            reasons[name] = "password authentication is not supported: use a key (ansible_ssh_private_key_file) or ssh-agent"
        }
        for name in ["ansible_private_key_passphrase", "ansible_ssh_private_key_passphrase"] {
            reasons[name] = "a passphrase in the inventory is not supported: add the key to ssh-agent (ssh-add PATH), "
                + "or run glance-push on a terminal, where it asks for the passphrase"
        }
        reasons["ansible_ssh_args"] = "glance-push does not run the ssh program: put the options it supports in "
            + "ansible_ssh_common_args"
        let noSuchSetting = "glance-push has no such setting: it talks to each host over one libssh2 connection "
            + "and runs its commands with /bin/sh"
        for name in ["ansible_ssh_executable", "ansible_sftp_extra_args", "ansible_scp_extra_args",
                     "ansible_ssh_transfer_method", "ansible_scp_if_ssh", "ansible_sftp_batch_mode",
                     "ansible_control_path", "ansible_control_path_dir", "ansible_ssh_use_tty", "ansible_pipelining",
                     "ansible_ssh_pipelining", "ansible_shell_type", "ansible_shell_executable"] {
            reasons[name] = noSuchSetting
        }
        return reasons
    }()

    /// Throws for the first variable of `host` that glance-push cannot honour (in name order,
    /// so the message does not depend on dictionary order). The values of the become variables
    /// are `BecomeSettings.make`'s to check.
    static func check(_ host: InventoryHost, locate: (String) -> SourceLocation?) throws {
        for name in Set(host.vars.keys).union(host.sealed.keys).sorted() where name.hasPrefix("ansible_") {
            let value = host.vars[name] ?? ""
            let isVaulted = host.secrets[name] != nil || host.sealed[name] != nil
            func refuse(_ reason: String) -> UserError {
                UserError("host \(host.name): \(name)=\(isVaulted ? "<secret>" : shown(name, value)): \(reason)",
                          at: locate(name))
            }
            if let reason = refused[name] {
                throw refuse(reason)
            } else if isVaulted, honoured.contains(name), !SecretVariables.contains(name) {
                throw refuse("connection settings cannot come from Ansible Vault: glance-push prints and logs where and "
                    + "how it connects; keep this variable out of the vault (only passwords may be vaulted)")
            } else if name == "ansible_connection", !["ssh", "smart"].contains(value) {
                throw refuse("glance-push connects over SSH only (ansible_connection ssh or smart)")
            } else if !honoured.contains(name), let near = nearKnownName(name) {
                throw UserError("host \(host.name): unknown connection variable '\(name)' (did you mean '\(near)'?)",
                                at: locate(name))
            }
        }
    }

    /// A password's value never reaches a message.
    static func shown(_ name: String, _ value: String) -> String {
        name.contains("pass") ? "<secret>" : value
    }

    /// An `ansible_` name one or two edits away from a connection variable is taken for a typo;
    /// anything further is the user's own variable (`ansible_processor_vcpus` in a template).
    private static func nearKnownName(_ name: String) -> String? {
        let known = honoured + refused.keys.sorted()
        guard !known.contains(name) else { return nil }
        let scored = known.map { ($0, EditDistance.between(name, $0)) }.filter { $0.1 <= 2 }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }
}

/// Ansible's boolean spellings (`ansible.module_utils.parsing.convert_bool`).
enum AnsibleBoolean {
    static func parse(_ text: String, name: String, host: String, at location: SourceLocation?) throws -> Bool {
        switch text.lowercased() {
        case "yes", "on", "1", "true", "t", "y", "1.0": return true
        case "no", "off", "0", "false", "f", "n", "0.0": return false
        default:
            throw UserError("host \(host): \(name) must be true or false, got '\(text)'", at: location)
        }
    }
}
