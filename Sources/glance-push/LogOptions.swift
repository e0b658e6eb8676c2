import ArgumentParser
import Logging

/// `-v` info, `-vv` debug, `-vvv` trace (every command sent to a host), on stderr.
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "More output on stderr: -v info, -vv debug, -vvv every remote command.")
    var verbose: Int

    func bootstrap() {
        let level: Logger.Level = switch verbose {
        case 0: .warning
        case 1: .info
        case 2: .debug
        default: .trace
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
