import Foundation

/// One OpenSSH known_hosts file, split into the lines that hold keys, as OpenSSH's `hostfile.c`
/// reads it: a trailing CR is dropped (a file edited on Windows), leading blanks are skipped,
/// and blank and `#` lines are ignored. Pure: no libssh2, no host.
struct KnownHostsFile: Sendable, Equatable {
    enum Marker: Sendable, Equatable {
        /// A plain `hosts type base64` line.
        case none
        /// `@revoked`: the key must never be accepted.
        case revoked
        /// `@cert-authority`: a CA for host certificates, which glance-push does not use.
        case certAuthority
        /// Any other `@word`; OpenSSH treats the line as invalid and skips it.
        case unknown
    }

    struct Line: Sendable, Equatable {
        /// 1-based, counting every line of the file.
        let number: Int
        let marker: Marker
        /// The line after the marker and the blanks around it: `hosts type base64 [comment]`.
        let text: [UInt8]
    }

    let path: String
    let lines: [Line]

    /// `path:line`, as `ssh` names an offending line.
    func location(_ line: Line) -> String { "\(path):\(line.number)" }

    init(path: String, contents: Data) {
        self.path = path
        var lines: [Line] = []
        for (index, raw) in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if let line = Self.parse(Array(raw), number: index + 1) { lines.append(line) }
        }
        self.lines = lines
    }

    /// Reads `path`; nil when nothing is there (OpenSSH skips a missing file). Any other failure,
    /// a directory or a permission, is an error naming the file.
    static func read(_ path: String, host: String) throws -> KnownHostsFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0, errno == ENOENT || errno == ENOTDIR { return nil }
        guard fd >= 0 else { throw unreadable(path, host: host) }
        defer { close(fd) }
        var contents = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw unreadable(path, host: host) }
            if count == 0 { return KnownHostsFile(path: path, contents: contents) }
            contents.append(contentsOf: buffer[..<count])
        }
    }

    private static func unreadable(_ path: String, host: String) -> SSHError {
        SSHError(.knownHostsUnreadable, host: host,
                 "cannot read known_hosts file \(path): \(String(cString: strerror(errno)))")
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func parse(_ raw: [UInt8], number: Int) -> Line? {
        var bytes = raw[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        bytes = bytes.drop(while: isBlank)
        guard let first = bytes.first, first != UInt8(ascii: "#") else { return nil }
        guard first == UInt8(ascii: "@") else { return Line(number: number, marker: .none, text: Array(bytes)) }
        let word = bytes.prefix { !isBlank($0) }
        let rest = bytes.dropFirst(word.count).drop(while: isBlank)
        let marker: Marker
        switch String(decoding: word, as: UTF8.self) {
        case "@revoked": marker = .revoked
        case "@cert-authority": marker = .certAuthority
        default: marker = .unknown
        }
        return Line(number: number, marker: marker, text: Array(rest))
    }
}

extension KnownHostsFile.Line {
    /// The blank-separated fields of `text`: hosts, key type, base64 key, comment words.
    var fields: [String] {
        text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The key type and decoded key blob of the line; nil when the line does not hold one.
    var key: (type: String, blob: Data)? {
        let fields = fields
        guard fields.count >= 3, let blob = Data(base64Encoded: fields[2]) else { return nil }
        return (fields[1], blob)
    }
}
