import Basics
import Foundation
import Inventory
import Vault

/// Asks for a vault password on the terminal that is standard input, with echo off, as
/// Ansible's `getpass` does; the prompt goes to stderr. The terminal is read key by key (no
/// line editing, no signals) so that Ctrl-C stops the command at once and the terminal's
/// settings are always put back; Backspace and Ctrl-U edit, Ctrl-D on an empty line gives up.
enum PasswordPrompt {
    static func password(_ prompt: String, flag: String, input: Int32 = STDIN_FILENO) throws -> VaultPassword {
        guard isatty(input) != 0 else {
            throw UserError("\(flag) needs a terminal on standard input to ask for the vault password; "
                + "give --vault-password-file FILE or --vault-id LABEL@FILE instead")
        }
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { throw UserError("\(flag): cannot read the terminal's settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL | ISIG | ICANON)
        withUnsafeMutableBytes(of: &silent.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &silent) == 0 else {
            throw UserError("\(flag): cannot turn the terminal's echo off")
        }
        defer { _ = tcsetattr(input, TCSAFLUSH, &saved) }
        Console.current.writeError(prompt)
        var line: [UInt8] = []
        defer { for index in line.indices { line[index] = 0 } }
        var byte: UInt8 = 0
        while true {
            let count = read(input, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1, !(byte == 0x04 && line.isEmpty) else {
                Console.current.writeError("\n")
                throw UserError("\(flag): the terminal closed (Ctrl-D) before a vault password was typed")
            }
            switch byte {
            case 0x03:
                Console.current.writeError("\n")
                throw CommandFailure.interrupted
            case 0x0A, 0x0D, 0x04: break
            case 0x7F, 0x08: _ = line.popLast()
            case 0x15: line.removeAll()
            default: line.append(byte)
            }
            if byte == 0x0A || byte == 0x0D || byte == 0x04 { break }
        }
        Console.current.writeError("\n")
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0B, 0x0C]
        let password = Array(line.drop { whitespace.contains($0) }.reversed().drop { whitespace.contains($0) }.reversed())
        guard !password.isEmpty else { throw UserError("\(flag): an empty vault password was typed") }
        return VaultPassword(password)
    }
}
