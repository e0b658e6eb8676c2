import ArgumentParser
import Basics
import Foundation
import PuppetImport

/// `glance-push import site.pp > playbooks/site.yml`: the playbook on stdout; warnings and the
/// secrets.yml skeleton on stderr.
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
        guard let data = FileManager.default.contents(atPath: manifest) else {
            throw UserError("cannot read manifest '\(manifest)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UserError("'\(manifest)' is not UTF-8 text")
        }
        let result = try PuppetImport.playbookYAML(fromText: text, file: manifest)
        let console = Console.current
        for warning in result.warnings { console.writeError(warning.description + "\n") }
        if !result.secrets.isEmpty {
            console.writeError("note: \(result.secrets.count) secret value(s) were left out of the playbook; create secrets.yml with these keys:\n")
            console.writeError(result.secretsSkeleton)
        }
        console.write(result.yaml)
    }
}
