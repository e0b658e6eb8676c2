import Foundation
@testable import GlancePushCLI
import Synchronization
import Vault
import XCTest

/// `--ask-vault-pass` on a real pseudo-terminal: echo is off while the password is typed and
/// back on after, and nothing typed is echoed.
final class PasswordPromptTests: XCTestCase {
    private var master: Int32 = -1
    private var slave: Int32 = -1

    override func setUpWithError() throws {
        XCTAssertEqual(openpty(&master, &slave, nil, nil, nil), 0)
    }

    override func tearDown() {
        close(master)
        close(slave)
    }

    /// Runs the prompt on its own thread, types `keys` once it has asked, and returns what it
    /// printed on stderr, what the terminal echoed, and what it returned.
    private func prompt(typing keys: String) throws -> (stderr: String, echoed: String, result: Result<VaultPassword, Error>) {
        let stderr = Mutex("")
        let outcome = Mutex<Result<VaultPassword, Error>?>(nil)
        let console = Console(errorIsTerminal: false) { _, text in stderr.withLock { $0 += text } }
        let input = slave
        let thread = Thread {
            let result = Result { try Console.$current.withValue(console) {
                try PasswordPrompt.password("Vault password: ", flag: "--ask-vault-pass", input: input)
            } }
            outcome.withLock { $0 = result }
        }
        thread.start()
        let deadline = Date().addingTimeInterval(10)
        while stderr.withLock({ $0 }) != "Vault password: " && Date() < deadline { usleep(10_000) }
        var settings = termios()
        XCTAssertEqual(tcgetattr(slave, &settings), 0)
        XCTAssertEqual(settings.c_lflag & tcflag_t(ECHO), 0, "echo is off while asking")
        XCTAssertEqual(write(master, keys, keys.utf8.count), keys.utf8.count)
        while outcome.withLock({ $0 }) == nil && Date() < deadline { usleep(10_000) }
        XCTAssertEqual(tcgetattr(slave, &settings), 0)
        XCTAssertNotEqual(settings.c_lflag & tcflag_t(ECHO), 0, "echo is back on")
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(master, &buffer, buffer.count)
        let echoed = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        return (stderr.withLock { $0 }, echoed, try XCTUnwrap(outcome.withLock { $0 }))
    }

    func testThePasswordIsReadWithoutEchoAndTrimmed() throws {
        let (stderr, echoed, result) = try prompt(typing: "  correct horse battery X\u{7F}\r")
        XCTAssertEqual(stderr, "Vault password: \n")
        XCTAssertEqual(echoed, "")
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("VaultTests/Fixtures/lines-1.1.vault")
        let text = try VaultCipherText(try String(contentsOf: fixture, encoding: .utf8))
        let keyring = VaultKeyring([.init(label: "default", password: try result.get())])
        XCTAssertEqual(String(decoding: try text.decrypt(with: keyring), as: UTF8.self), "first line\nsecond line\n")
    }

    func testCtrlCStopsTheCommandAndCtrlDIsAnError() throws {
        let (_, _, interrupted) = try prompt(typing: "abc\u{03}")
        XCTAssertThrowsError(try interrupted.get()) { XCTAssertEqual($0 as? CommandFailure, .interrupted) }
        let (_, _, closed) = try prompt(typing: "\u{04}")
        XCTAssertThrowsError(try closed.get()) {
            XCTAssertEqual("\($0)", "--ask-vault-pass: the terminal closed (Ctrl-D) before a vault password was typed")
        }
        let (_, _, empty) = try prompt(typing: "abc\u{15}   \n")
        XCTAssertThrowsError(try empty.get()) { XCTAssertEqual("\($0)", "--ask-vault-pass: an empty vault password was typed") }
    }
}
