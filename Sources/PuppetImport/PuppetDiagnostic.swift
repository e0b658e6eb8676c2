import Basics
import Playbook

/// One message about a manifest, printed the way compilers do:
/// `site.pp:12:5: warning: 'verbose' was removed in Pike …`.
public struct PuppetDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        case warning
        case error
    }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String

    public init(_ message: String, at location: SourceLocation, severity: Severity = .warning) {
        self.message = message
        self.location = location
        self.severity = severity
    }

    /// The `error:` line for a `UserError` thrown by the parser or the importer.
    public init(error: UserError) {
        self.init(error.message, at: error.location ?? SourceLocation(file: "<input>"), severity: .error)
    }

    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}
