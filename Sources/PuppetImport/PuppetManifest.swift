import Playbook

/// A parsed Puppet manifest: its statements in source order, each with its location.
public struct PuppetManifest: Sendable, Equatable {
    public var file: String
    public var statements: [PuppetStatement]
    /// What the parser forgave (a missing ',' at the end of a line), for the user to fix.
    public var warnings: [PuppetDiagnostic]

    public init(file: String, statements: [PuppetStatement], warnings: [PuppetDiagnostic] = []) {
        self.file = file
        self.statements = statements
        self.warnings = warnings
    }

    /// Throws `UserError` at the offending `file:line:column`.
    public static func parse(_ text: String, file: String) throws -> PuppetManifest {
        let tokens = try PuppetLexer.tokens(text, file: file)
        var parser = PuppetParser(tokens: tokens, source: Array(text.unicodeScalars))
        let statements = try parser.statements(closingAt: nil, what: "the manifest")
        return PuppetManifest(file: file, statements: statements, warnings: parser.warnings)
    }
}
