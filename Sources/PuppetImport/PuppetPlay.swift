import Basics
import Playbook

/// One play of the generated playbook: a host pattern and its roles in source order.
struct PuppetPlay: Sendable, Equatable {
    struct Role: Sendable, Equatable {
        /// `glance::api`, or `glance::backend::multistore::rbd[ceph1]` for a define.
        var key: String
        /// The role catalog's name: `glance::backend::multistore::rbd`.
        var name: String
        var parameters: [PuppetYAMLEntry]
        var location: SourceLocation
        /// Declared with parameters (`class { }` or a define), not only included (nor made by
        /// the importer to hold parameters moved from another class).
        var isDeclared: Bool
        /// The key of the role whose moved parameters made the importer add this one.
        var madeFrom: String? = nil
    }

    /// A parameter of a legacy class that puppet-glance Zed has in another place, e.g.
    /// glance::api keystone_password → glance::api::authtoken password.
    struct Move: Sendable, Equatable {
        /// The key of the role it was given to, and its name there.
        var from: String
        var parameter: String
        var to: ParameterSpec.Successor
        var value: PuppetYAMLValue
        var location: SourceLocation
    }

    var hosts: String
    /// Where the play starts in the manifest, for ordering.
    var location: SourceLocation
    var roles: [Role] = []
    var moves: [Move] = []
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

extension PuppetPlay {
    /// Once every statement of the play is read: the moved parameters go to their roles (made
    /// after the role they came from when the play has none), and a role lacking a parameter
    /// plan requires is named.
    mutating func finish(warnings: inout [PuppetDiagnostic]) {
        for move in moves { apply(move, warnings: &warnings) }
        moves = []
        for role in roles {
            guard let spec = RoleCatalog.role(named: role.name) else { continue }
            for parameter in spec.parameters where parameter.defaultValue == .required {
                if !role.parameters.contains(where: { $0.key == .string(parameter.name) }) {
                    warnings.append(PuppetDiagnostic("role '\(role.key)' needs parameter '\(parameter.name)', which the "
                        + "manifest does not give; add it to the playbook, or plan refuses it", at: role.location))
                }
            }
        }
    }

    private mutating func apply(_ move: Move, warnings: inout [PuppetDiagnostic]) {
        let index = roleIndex(for: move)
        let parameter = PuppetYAMLEntry(move.to.parameter, move.value)
        guard let existing = roles[index].parameters.first(where: { $0.key == parameter.key }) else {
            roles[index].parameters.append(parameter)
            return
        }
        if existing.value != move.value {
            warnings.append(PuppetDiagnostic("'\(move.parameter)' left out: \(move.to.role) '\(move.to.parameter)' is "
                + "given too, with another value, which is imported", at: move.location))
        }
    }

    /// The role the move goes to; made when missing, after the source role and the roles already
    /// made from it (so they keep the manifest's order).
    private mutating func roleIndex(for move: Move) -> Int {
        if let index = roles.firstIndex(where: { $0.key == move.to.role }) { return index }
        var position = (roles.firstIndex { $0.key == move.from } ?? roles.count - 1) + 1
        while position < roles.count, roles[position].madeFrom == move.from { position += 1 }
        roles.insert(Role(key: move.to.role, name: move.to.role, parameters: [], location: move.location,
                          isDeclared: false, madeFrom: move.from), at: position)
        return position
    }
}
