import Foundation
internal import CLibSSH2

/// Bytes read from one side and not yet written to the other.
struct PendingBytes {
    private var bytes: [UInt8] = []
    private var offset = 0

    var isEmpty: Bool { offset >= bytes.count }
    var count: Int { bytes.count - offset }

    mutating func fill(_ source: UnsafeRawBufferPointer) {
        bytes = Array(source)
        offset = 0
    }

    mutating func consume(_ count: Int) {
        offset += count
        if offset >= bytes.count { bytes = []; offset = 0 }
    }

    func withUnread<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
    }
}

/// One forwarded connection inside a bastion session, as its pump sees it: a `direct-tcpip`
/// channel and the pump's end of the target's socket pair (non-blocking), with what is in
/// flight each way. Used only on the pump thread.
final class Tunnel {
    let channel: OpaquePointer
    let fd: Int32
    /// From the channel, for the target.
    var toTarget = PendingBytes()
    /// From the target, for the channel.
    var toBastion = PendingBytes()
    /// The target closed its end (or it broke): nothing more to read from `fd`.
    var targetClosed = false
    /// The far end closed the channel: nothing more will come from it.
    var remoteClosed = false
    private(set) var fdClosed = false
    /// `libssh2_channel_free` has returned: `channel` must not be touched again.
    var freed = false

    init(channel: OpaquePointer, fd: Int32) {
        self.channel = channel
        self.fd = fd
    }

    /// The channel is done with when the target has closed and all it sent went on, or the far
    /// end has closed and all it sent was handed over (or both have closed).
    var shouldClose: Bool {
        (targetClosed && (toBastion.isEmpty || remoteClosed)) || (remoteClosed && (toTarget.isEmpty || targetClosed))
    }

    /// Reads what the target sent, if there is room, through the pump's `scratch` buffer:
    /// false when nothing came.
    func readFromTarget(_ scratch: inout [UInt8]) -> Bool {
        guard toBastion.isEmpty, !targetClosed else { return false }
        let count = recv(fd, &scratch, scratch.count, Int32(MSG_DONTWAIT))
        if count > 0 {
            scratch.withUnsafeBytes { toBastion.fill(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            return true
        }
        if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            targetClosed = true
            return true
        }
        return false
    }

    /// Writes what came from the channel to the target: false when nothing could be written.
    func writeToTarget() -> Bool {
        guard !toTarget.isEmpty, !targetClosed else { return false }
        let count = toTarget.withUnread { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        if count > 0 {
            toTarget.consume(count)
            return true
        }
        if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            targetClosed = true
            return true
        }
        return false
    }

    /// The target sees end-of-file; the channel is freed separately.
    func closeTargetSide() {
        guard !fdClosed else { return }
        fdClosed = true
        Glibc.close(fd)
    }

    /// The poll events the pump waits for on `fd`.
    var wantedEvents: Int16 {
        guard !fdClosed, !targetClosed else { return 0 }
        var events: Int16 = 0
        if toBastion.isEmpty { events |= Int16(POLLIN) }
        if !toTarget.isEmpty { events |= Int16(POLLOUT) }
        return events
    }

    /// Bytes libssh2 has received for this channel and not yet handed out (no I/O).
    var queuedBytes: UInt {
        var available: UInt = 0
        _ = libssh2_channel_window_read_ex(channel, &available, nil)
        return available
    }

    var channelAtEOF: Bool { libssh2_channel_eof(channel) != 0 }
}
