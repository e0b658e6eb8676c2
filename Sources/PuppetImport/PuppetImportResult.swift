import Basics
import Playbook

/// A secret the importer took out of the playbook; the playbook refers to it as `{{ secret.<key> }}`.
public struct PuppetSecret: Sendable, Equatable {
    /// e.g. `api_keystone_password`.
    public var key: String
    public var role: String
    public var parameter: String
    public var location: SourceLocation

    public init(key: String, role: String, parameter: String, location: SourceLocation) {
        self.key = key
        self.role = role
        self.parameter = parameter
        self.location = location
    }
}

public struct PuppetImportResult: Sendable, Equatable {
    /// The playbook, ending with a newline.
    public var yaml: String
    /// Sorted by location; the parser's and the importer's together.
    public var warnings: [PuppetDiagnostic]
    public var secrets: [PuppetSecret]

    public init(yaml: String, warnings: [PuppetDiagnostic], secrets: [PuppetSecret]) {
        self.yaml = yaml
        self.warnings = warnings
        self.secrets = secrets
    }

    /// What to put in secrets.yml: the keys, where each came from, and no value. Empty when
    /// there is no secret.
    public var secretsSkeleton: String {
        guard !secrets.isEmpty else { return "" }
        let width = secrets.map(\.key.count).max() ?? 0
        var text = "# secrets.yml (mode 0600): fill in the values the playbook refers to as {{ secret.<key> }}\n"
        for secret in secrets {
            let padding = String(repeating: " ", count: width - secret.key.count)
            text += "\(secret.key): \"\"\(padding)  # \(secret.role) \(secret.parameter) (\(secret.location))\n"
        }
        return text
    }
}
