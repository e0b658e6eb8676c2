import ArgumentParser
import Logging
import Synchronization

/// `-v` info, `-vv` debug, `-vvv` trace (every command sent to a host), on stderr.
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "More output on stderr: -v info, -vv debug, -vvv every remote command.")
    var verbose: Int

    /// Sets the level of the loggers made from now on. swift-log allows one bootstrap per
    /// process, so it happens once and later runs (tests run commands in process) only change
    /// the level.
    func bootstrap() {
        let level: Logger.Level = switch verbose {
        case 0: .warning
        case 1: .info
        case 2: .debug
        default: .trace
        }
        Self.level.withLock { $0 = level }
        _ = Self.installed
    }

    private static let level = Mutex<Logger.Level>(.warning)

    private static let installed: Void = LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level.withLock { $0 }
        return handler
    }
}
