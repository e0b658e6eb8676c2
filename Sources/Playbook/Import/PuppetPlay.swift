import Inventory

/// One play of the generated playbook: a host pattern and its roles in source order.
struct PuppetPlay: Sendable, Equatable {
    struct Role: Sendable, Equatable {
        /// `glance::api`, or `glance::backend::multistore::rbd[ceph1]` for a define.
        var key: String
        var parameters: [PuppetYAMLEntry]
        var location: SourceLocation
        /// Declared with parameters (`class { }` or a define), not only included.
        var isDeclared: Bool
    }

    var hosts: String
    /// Where the play starts in the manifest, for ordering.
    var location: SourceLocation
    var roles: [Role] = []
    /// Added to a secret's key when another play already uses that key for a different value:
    /// "" for the top-level play, the hosts for a node's play.
    var secretQualifier: String = ""

    var yaml: PuppetYAMLValue {
        .mapping([
            PuppetYAMLEntry("hosts", .string(hosts)),
            PuppetYAMLEntry("roles", .mapping(roles.map { PuppetYAMLEntry($0.key, .mapping($0.parameters)) })),
        ])
    }

    /// Adds a role, or merges an `include` with a declaration of the same class.
    /// Puppet refuses two declarations of one class or define title, and so does the importer.
    mutating func add(_ role: Role, warnings: inout [PuppetDiagnostic]) throws {
        guard let index = roles.firstIndex(where: { $0.key == role.key }) else {
            roles.append(role)
            return
        }
        let existing = roles[index]
        guard role.isDeclared else { return }
        if existing.isDeclared {
            throw UserError("duplicate declaration: '\(role.key)' is already declared at \(existing.location.line):\(existing.location.column)", at: role.location)
        }
        warnings.append(PuppetDiagnostic(
            "'\(role.key)' is declared after 'include' of it at \(existing.location.line):\(existing.location.column), which puppet apply rejects; imported with these parameters",
            at: role.location))
        roles[index].parameters = role.parameters
        roles[index].isDeclared = true
    }
}
