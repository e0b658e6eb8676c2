import Basics
import Foundation
import Inventory

/// `--ask-become-pass` (`-K`): the sudo password, typed on the terminal (`/dev/tty`, so it works
/// with stdin and stdout redirected) without echo, as Ansible's `BECOME password: ` prompt.
///
/// The terminal is put in non-canonical mode without echo and without signals while it reads, and
/// restored afterwards (also on Ctrl-C, which ends the command with 130 as anywhere else): a
/// killed prompt must not leave the terminal silent. Backspace, Ctrl-U (erase the line) and
/// Ctrl-D on an empty line (no password) work as in a shell.
enum BecomePasswordPrompt {
    static let prompt = "BECOME password: "

    static func read() throws -> Secret {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else {
            throw UserError("--ask-become-pass (-K) needs a terminal to ask for the sudo password on, and there is "
                + "none (/dev/tty: \(String(cString: strerror(errno)))); set ansible_become_password in the inventory instead")
        }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else {
            throw UserError("--ask-become-pass (-K): /dev/tty is not a terminal (\(String(cString: strerror(errno))))")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        withUnsafeMutableBytes(of: &quiet.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        // Echo goes off before the prompt shows: nothing typed after it can appear.
        guard tcsetattr(tty, TCSAFLUSH, &quiet) == 0 else {
            throw UserError("--ask-become-pass (-K): cannot turn off echo on /dev/tty (\(String(cString: strerror(errno))))")
        }
        defer {
            _ = tcsetattr(tty, TCSAFLUSH, &saved)
            write(tty, "\n")
        }
        write(tty, prompt)
        var typed: [UInt8] = []
        while true {
            var byte: UInt8 = 0
            let count = Foundation.read(tty, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { break }
            switch byte {
            case 3: throw CommandFailure.interrupted
            case 4 where typed.isEmpty: throw UserError("--ask-become-pass (-K): no password given")
            case 10, 13: return Secret(String(decoding: typed, as: UTF8.self))
            case 8, 127:
                // One character: its UTF-8 continuation bytes, then its first byte.
                while let last = typed.last, last & 0xC0 == 0x80 { typed.removeLast() }
                if !typed.isEmpty { typed.removeLast() }
            case 21: typed.removeAll()
            default: typed.append(byte)
            }
        }
        throw UserError("--ask-become-pass (-K): the terminal closed before a password was given")
    }

    private static func write(_ tty: Int32, _ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Foundation.write(tty, $0.baseAddress, $0.count - 1) }
    }
}
