import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a local program with posix_spawn and a deadline. Foundation's Process waits for EOF on
/// its output pipe, which never comes when a daemon the program started still holds the pipe:
/// here the output is drained until the program exits and for a short grace after, no longer,
/// and a program past its deadline is killed with its process group.
enum LocalCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ arguments: [String], input: Data?, timeout: TimeInterval) throws -> (status: Int32, output: String) {
        signal(SIGPIPE, SIG_IGN)
        var output: [Int32] = [-1, -1], standardInput: [Int32] = [-1, -1]
        guard pipe(&output) == 0, pipe(&standardInput) == 0 else {
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in output + standardInput { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var everySignal = sigset_t(), noSignal = sigset_t()
        sigfillset(&everySignal)
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)

        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, environ)
        close(output[1])
        close(standardInput[0])
        guard spawned == 0 else {
            close(output[0])
            close(standardInput[1])
            throw Failure(description: "posix_spawn \(arguments.first ?? ""): \(String(cString: strerror(spawned)))")
        }
        return try collect(pid: pid, output: output[0], input: standardInput[1], data: input ?? Data(),
                           deadline: Date().addingTimeInterval(timeout), command: arguments.joined(separator: " "))
    }

    /// glibc 2.34+ can close every descriptor above stderr in the child; the symbol is looked up
    /// because Swift's Glibc module does not export it.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    private static func collect(pid: pid_t, output: Int32, input: Int32, data: Data, deadline: Date,
                                command: String) throws -> (status: Int32, output: String) {
        var collected = Data()
        var pending = data[...]
        var inputDescriptor: Int32 = input
        if pending.isEmpty { close(inputDescriptor); inputDescriptor = -1 } else { _ = fcntl(inputDescriptor, F_SETFL, O_NONBLOCK) }
        var exitStatus: Int32?
        var exitedAt: Date?
        var outputOpen = true
        var buffer = [UInt8](repeating: 0, count: 65536)
        defer {
            close(output)
            if inputDescriptor >= 0 { close(inputDescriptor) }
        }
        while outputOpen || exitStatus == nil {
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                    exitedAt = Date()
                }
            }
            if let exitedAt, Date().timeIntervalSince(exitedAt) > 2 { break }
            if exitStatus == nil, Date() > deadline {
                kill(-pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                throw Failure(description: "\(command) did not finish in time; output so far: "
                    + String(decoding: collected, as: UTF8.self))
            }
            var descriptors = [pollfd(fd: outputOpen ? output : -1, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: inputDescriptor, events: Int16(POLLOUT), revents: 0)]
            _ = poll(&descriptors, 2, 100)
            if outputOpen, descriptors[0].revents != 0 {
                let count = read(output, &buffer, buffer.count)
                if count > 0 { collected.append(contentsOf: buffer[0..<count]) } else if count == 0 || errno != EINTR { outputOpen = false }
            }
            if inputDescriptor >= 0, descriptors[1].revents != 0 {
                let written = pending.withUnsafeBytes { write(inputDescriptor, $0.baseAddress, $0.count) }
                if written > 0 { pending = pending.dropFirst(written) }
                if pending.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) {
                    close(inputDescriptor)
                    inputDescriptor = -1
                }
            }
        }
        return (exitStatus ?? -1, String(decoding: collected, as: UTF8.self))
    }
}
