import Playbook

/// `glance-push import`: turns a Puppet manifest of glance classes into a glance-push playbook.
public enum PuppetImport {
    /// Top-level declarations become a `hosts: all` play, each node block a play of its own.
    /// Throws `UserError` for what Puppet itself would refuse (a duplicate declaration, a
    /// reassigned variable) and for titles or class names that are not strings.
    public static func playbookYAML(from manifest: PuppetManifest) throws -> PuppetImportResult {
        var builder = PuppetPlaybookBuilder(file: manifest.file)
        let plays = try builder.plays(of: manifest.statements)
        let indexed = (manifest.warnings + builder.warnings).enumerated()
        let warnings = indexed.sorted { left, right in
            let (l, r) = (left.element.location, right.element.location)
            return (l.line, l.column, left.offset) < (r.line, r.column, right.offset)
        }.map(\.element)
        let name = manifest.file.split(whereSeparator: \.isNewline).joined(separator: " ")
        var yaml = "# Imported from \(name) by glance-push import; review the warnings it printed.\n"
        if plays.isEmpty {
            yaml += "[]\n"
        } else {
            yaml += plays.map { PuppetYAMLWriter.sequence([$0.yaml], indent: 0) + "\n" }.joined(separator: "\n")
        }
        return PuppetImportResult(yaml: yaml, warnings: warnings, secrets: builder.secrets.secrets)
    }

    /// Parses and imports in one step.
    public static func playbookYAML(fromText text: String, file: String) throws -> PuppetImportResult {
        try playbookYAML(from: PuppetManifest.parse(text, file: file))
    }
}
