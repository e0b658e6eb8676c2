import Foundation

/// A connected TCP socket descriptor; connect honours a timeout, unlike a plain blocking connect.
enum TCPSocket {
    /// Resolves `host` (numeric or name) and connects to the first address that answers.
    /// Returns a blocking-mode descriptor owned by the caller.
    static func connect(host: String, port: Int, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw SSHError(.resolve, host: host, "cannot resolve '\(host)': \(reason)")
        }
        defer { freeaddrinfo(list) }
        let deadline = Date().addingTimeInterval(timeout)
        var lastError = SSHError(.connect, host: host, "cannot connect to \(host) port \(port)")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            do {
                return try connect(info.pointee, host: host, port: port, timeout: timeout, deadline: deadline)
            } catch let error as SSHError {
                lastError = error
                if error.kind == .connectTimeout { break }
            }
        }
        throw lastError
    }

    private static func connect(_ info: addrinfo, host: String, port: Int, timeout: Double, deadline: Date) throws -> Int32 {
        let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
        guard fd >= 0 else {
            throw SSHError(.connect, host: host, "socket(): \(String(cString: strerror(errno)))")
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 && errno != EINPROGRESS {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw SSHError(.connect, host: host, "cannot connect to \(host) port \(port): \(reason)")
        }
        var pollFD = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let remaining = max(0, Int32(deadline.timeIntervalSinceNow * 1000))
        var ready: Int32
        repeat { ready = poll(&pollFD, 1, remaining) } while ready < 0 && errno == EINTR
        if ready == 0 {
            close(fd)
            throw SSHError(.connectTimeout, host: host, "connect to \(host) port \(port) timed out after \(timeout)s")
        }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
        if ready < 0 || socketError != 0 {
            let reason = String(cString: strerror(socketError != 0 ? socketError : errno))
            close(fd)
            throw SSHError(.connect, host: host, "cannot connect to \(host) port \(port): \(reason)")
        }
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }
}
