import ArgumentParser
import Foundation
import Inventory
import Playbook

/// `glance-push import site.pp > playbooks/site.yml`: the playbook on stdout; warnings and the
/// secrets.yml skeleton on stderr; exit 1 with `file:line:column: error: …` on bad input.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Translate a Puppet manifest of glance classes into a glance-push playbook.",
        discussion: """
            Secrets (passwords, keys, credentials in URLs) are replaced by {{ secret.<key> }} \
            references; the keys to put in secrets.yml are listed on stderr, never their values.
            """
    )

    @Argument(help: "The Puppet manifest (.pp) to read.")
    var manifest: String

    func run() throws {
        do {
            guard let data = FileManager.default.contents(atPath: manifest) else {
                throw UserError("cannot read manifest '\(manifest)'")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw UserError("'\(manifest)' is not UTF-8 text")
            }
            let result = try PuppetImport.playbookYAML(fromText: text, file: manifest)
            for warning in result.warnings { Self.standardError(warning.description + "\n") }
            if !result.secrets.isEmpty {
                Self.standardError("note: \(result.secrets.count) secret value(s) were left out of the playbook; create secrets.yml with these keys:\n")
                Self.standardError(result.secretsSkeleton)
            }
            FileHandle.standardOutput.write(Data(result.yaml.utf8))
        } catch let error as UserError {
            let line = error.location == nil ? "error: \(error.message)" : PuppetDiagnostic(error: error).description
            Self.standardError(line + "\n")
            throw ExitCode(1)
        }
    }

    private static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
