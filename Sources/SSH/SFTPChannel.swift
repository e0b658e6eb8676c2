import Foundation
internal import CLibSSH2

/// The SFTP subsystem of one session: read, stat, and the write half of an atomic replace.
final class SFTPChannel {
    private let raw: OpaquePointer
    private let session: Session

    init(session: Session, deadline: Date) throws {
        guard let raw = try session.callPointer("starting SFTP", deadline: deadline, { libssh2_sftp_init(session.raw) }) else {
            throw session.error(session.lastErrno, .sftp, "starting SFTP")
        }
        self.raw = raw
        self.session = session
    }

    func shutdown() {
        _ = libssh2_sftp_shutdown(raw)
    }

    /// nil when the path does not exist.
    func stat(_ path: String, deadline: Date) throws -> RemoteFileStat? {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let rc = try session.call("reading attributes of \(path)", deadline: deadline) {
            libssh2_sftp_stat_ex(raw, path, UInt32(path.utf8.count), LIBSSH2_SFTP_STAT, &attributes)
        }
        if rc == LIBSSH2_ERROR_SFTP_PROTOCOL && libssh2_sftp_last_error(raw) == LIBSSH2_FX_NO_SUCH_FILE { return nil }
        try check(rc, "reading attributes of \(path)")
        let kind = attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT)
        return RemoteFileStat(
            size: attributes.filesize, mode: UInt32(attributes.permissions & 0o7777),
            uid: UInt32(attributes.uid), gid: UInt32(attributes.gid), modificationTime: UInt64(attributes.mtime),
            isRegularFile: kind == UInt(LIBSSH2_SFTP_S_IFREG), isDirectory: kind == UInt(LIBSSH2_SFTP_S_IFDIR))
    }

    func read(_ path: String, deadline: Date) throws -> Data {
        let handle = try open(path, flags: UInt(LIBSSH2_FXF_READ), mode: 0, deadline: deadline)
        defer { close(handle, deadline: deadline) }
        var data = Data()
        var buffer = [CChar](repeating: 0, count: 64 * 1024)
        while true {
            let count = try session.callCount("reading \(path)", deadline: deadline) {
                libssh2_sftp_read(handle, &buffer, buffer.count)
            }
            if count == 0 { return data }
            if count < 0 { try check(Int32(count), "reading \(path)") }
            buffer.withUnsafeBytes { data.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Creates `path` exclusively, writes `contents`, sets mode (and owner), fsyncs and closes.
    /// On any failure the partial file is removed before the error is thrown.
    func writeNew(_ path: String, contents: Data, mode: UInt32, owner: FileOwnership?, deadline: Date) throws {
        let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL)
        let handle = try open(path, flags: flags, mode: Int(mode), deadline: deadline)
        do {
            var offset = 0
            while offset < contents.count {
                let written = try contents.withUnsafeBytes { raw -> Int in
                    let pending = UnsafeRawBufferPointer(rebasing: raw[offset..<min(offset + 256 * 1024, contents.count)])
                    guard let base = pending.baseAddress else { return 0 }
                    return try session.callCount("writing \(path)", deadline: deadline) {
                        libssh2_sftp_write(handle, base.assumingMemoryBound(to: CChar.self), pending.count)
                    }
                }
                if written < 0 { try check(Int32(written), "writing \(path)") }
                offset += written
            }
            var attributes = LIBSSH2_SFTP_ATTRIBUTES()
            attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
            attributes.permissions = UInt(mode)
            if let owner {
                attributes.flags |= UInt(LIBSSH2_SFTP_ATTR_UIDGID)
                attributes.uid = UInt(owner.uid)
                attributes.gid = UInt(owner.gid)
            }
            try check(try session.call("setting owner and mode of \(path)", deadline: deadline) {
                libssh2_sftp_fstat_ex(handle, &attributes, 1)
            }, "setting owner and mode of \(path)")
            try check(try session.call("syncing \(path)", deadline: deadline) { libssh2_sftp_fsync(handle) },
                      "syncing \(path) to disk")
        } catch {
            close(handle, deadline: deadline)
            try? remove(path, deadline: deadline)
            throw error
        }
        let closed = try session.call("closing \(path)", deadline: deadline) { libssh2_sftp_close_handle(handle) }
        if closed < 0 {
            try? remove(path, deadline: deadline)
            try check(closed, "closing \(path)")
        }
    }

    func remove(_ path: String, deadline: Date) throws {
        let rc = try session.call("removing \(path)", deadline: deadline) {
            libssh2_sftp_unlink_ex(raw, path, UInt32(path.utf8.count))
        }
        try check(rc, "removing \(path)")
    }

    private func open(_ path: String, flags: UInt, mode: Int, deadline: Date) throws -> OpaquePointer {
        let handle = try session.callPointer("opening \(path)", deadline: deadline) {
            libssh2_sftp_open_ex(raw, path, UInt32(path.utf8.count), flags, mode, LIBSSH2_SFTP_OPENFILE)
        }
        guard let handle else {
            let rc = session.lastErrno
            try check(rc < 0 ? rc : LIBSSH2_ERROR_SFTP_PROTOCOL, "opening \(path)")
            throw SSHError(.sftp, host: session.host, "opening \(path) failed")
        }
        return handle
    }

    private func close(_ handle: OpaquePointer, deadline: Date) {
        _ = try? session.call("closing a file", deadline: deadline) { libssh2_sftp_close_handle(handle) }
    }

    /// Adds the SFTP status (permission denied, no such file, no space…) to libssh2's error.
    private func check(_ rc: Int32, _ what: String) throws {
        guard rc < 0 else { return }
        guard rc == LIBSSH2_ERROR_SFTP_PROTOCOL else { throw session.error(rc, .sftp, what) }
        let status = libssh2_sftp_last_error(raw)
        throw SSHError(.sftp, host: session.host, "\(what) failed: \(Self.statusText(status))")
    }

    static func statusText(_ status: UInt) -> String {
        switch Int32(truncatingIfNeeded: status) {
        case Int32(LIBSSH2_FX_NO_SUCH_FILE): return "no such file or directory"
        case Int32(LIBSSH2_FX_PERMISSION_DENIED): return "permission denied"
        case Int32(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM): return "no space left on device"
        case Int32(LIBSSH2_FX_QUOTA_EXCEEDED): return "quota exceeded"
        case Int32(LIBSSH2_FX_FILE_ALREADY_EXISTS): return "file already exists"
        case Int32(LIBSSH2_FX_WRITE_PROTECT): return "read-only file system"
        case Int32(LIBSSH2_FX_FAILURE): return "failure (the server gave no reason; often no space left or a read-only file system)"
        default: return "SFTP status \(status)"
        }
    }
}
