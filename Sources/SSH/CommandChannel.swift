import Foundation
import Synchronization
internal import CLibSSH2

/// One exec channel: sends stdin, collects stdout and stderr separately until EOF, then the
/// exit status. Reads and writes are interleaved so a command that talks while it reads
/// cannot deadlock against us.
enum CommandChannel {
    private static let chunk = 256 * 1024
    /// Seconds to pause between reading stdout and stderr: only tests set it, to hold open the
    /// moment in which output arrives between the two reads.
    static let pauseBetweenStreams = Mutex<TimeInterval>(0)

    static func run(session: Session, command: String, stdin: Data, deadline: Date) throws -> CommandResult {
        let channel = try open(session: session, deadline: deadline)
        defer { libssh2_channel_free(channel) }
        let started = try session.call("starting a command", deadline: deadline) {
            libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count))
        }
        try session.check(started, .channel, "starting a command")

        var stdout = Data()
        var stderr = Data()
        var buffer = [CChar](repeating: 0, count: chunk)
        var sent = 0
        var eofSent = false
        var waitingForWindow = false
        while true {
            var progressed = false
            if !eofSent {
                if sent < stdin.count {
                    waitingForWindow = libssh2_channel_window_write_ex(channel, nil) == 0
                    let written = stdin.withUnsafeBytes { raw -> Int in
                        let pending = UnsafeRawBufferPointer(rebasing: raw[sent..<min(sent + chunk, stdin.count)])
                        guard let base = pending.baseAddress else { return 0 }
                        return libssh2_channel_write_ex(channel, 0, base.assumingMemoryBound(to: CChar.self), pending.count)
                    }
                    if written > 0 { sent += written; progressed = true }
                    else if written != Int(LIBSSH2_ERROR_EAGAIN) {
                        throw session.error(Int32(written), .channel, "sending stdin to a command")
                    }
                }
                if sent == stdin.count {
                    let rc = libssh2_channel_send_eof(channel)
                    if rc == 0 { eofSent = true; progressed = true }
                    else if rc != LIBSSH2_ERROR_EAGAIN { throw session.error(rc, .channel, "closing stdin of a command") }
                }
            }
            for (stream, sink) in [(Int32(0), 0), (SSH_EXTENDED_DATA_STDERR, 1)] {
                if sink == 1, case let pause = pauseBetweenStreams.withLock({ $0 }), pause > 0 {
                    Thread.sleep(forTimeInterval: pause)
                }
                while true {
                    let count = libssh2_channel_read_ex(channel, stream, &buffer, chunk)
                    if count > 0 {
                        buffer.withUnsafeBytes { raw in
                            let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                            if sink == 0 { stdout.append(contentsOf: bytes) } else { stderr.append(contentsOf: bytes) }
                        }
                        progressed = true
                        continue
                    }
                    if count == 0 || count == Int(LIBSSH2_ERROR_EAGAIN) { break }
                    throw session.error(Int32(count), .channel, "reading a command's output")
                }
            }
            if eofSent && libssh2_channel_eof(channel) != 0 { break }
            if !progressed {
                if !readyWithoutTheSocket(channel, waitingForWindow: waitingForWindow && sent < stdin.count) {
                    try session.wait(deadline: deadline, doing: "waiting for a command to finish")
                } else if Date() >= deadline {
                    throw SSHError(.timeout, host: session.host, "timed out waiting for a command to finish")
                }
            }
        }
        let closed = try session.call("closing a command channel", deadline: deadline) { libssh2_channel_close(channel) }
        try session.check(closed, .channel, "closing a command channel")
        _ = try session.call("closing a command channel", deadline: deadline) { libssh2_channel_wait_closed(channel) }
        let signal = exitSignal(channel, session: session)
        return CommandResult(stdout: stdout, stderr: stderr,
                             exitStatus: signal == nil ? libssh2_channel_get_exit_status(channel) : nil,
                             exitSignal: signal)
    }

    /// Whether the loop can go on without new bytes on the socket. Reading one stream drains the
    /// socket into libssh2's queue: output of the other stream (and its EOF) may already be
    /// there, and a window adjust for stdin may already have been taken in. Waiting on the
    /// socket then waits for bytes that came: a finished command would run into its timeout.
    private static func readyWithoutTheSocket(_ channel: OpaquePointer, waitingForWindow: Bool) -> Bool {
        if libssh2_poll_channel_read(channel, 1) == 1 { return true }
        return waitingForWindow && libssh2_channel_window_write_ex(channel, nil) > 0
    }

    private static func open(session: Session, deadline: Date) throws -> OpaquePointer {
        let channel = try session.callPointer("opening a channel", deadline: deadline) {
            libssh2_channel_open_ex(session.raw, "session", 7, 2 * 1024 * 1024, 32768, nil, 0)
        }
        guard let channel else { throw session.error(session.lastErrno, .channel, "opening a channel") }
        return channel
    }

    private static func exitSignal(_ channel: OpaquePointer, session: Session) -> String? {
        var signal: UnsafeMutablePointer<CChar>?
        var length = 0
        guard libssh2_channel_get_exit_signal(channel, &signal, &length, nil, nil, nil, nil) == 0, let signal else {
            return nil
        }
        defer { libssh2_free(session.raw, signal) }
        return String(cString: signal)
    }
}
