import Basics
import Playbook

/// Walks the statements of a manifest and collects plays, warnings and secrets.
struct PuppetPlaybookBuilder {
    let file: String
    var warnings: [PuppetDiagnostic] = []
    var secrets = PuppetSecretRegistry()

    init(file: String) {
        self.file = file
    }

    mutating func warn(_ message: String, at location: SourceLocation) {
        warnings.append(PuppetDiagnostic(message, at: location))
    }

    /// Top-level code applies to every node, so it is evaluated first, as Puppet does.
    mutating func plays(of statements: [PuppetStatement]) throws -> [PuppetPlay] {
        var scope = PuppetScope()
        var top = PuppetPlay(hosts: "all", location: SourceLocation(file: file, line: 1, column: 1))
        var nodes: [(node: PuppetNode, location: SourceLocation)] = []
        for statement in statements {
            if case .node(let node) = statement.kind {
                nodes.append((node, statement.location))
            } else {
                try apply(statement, to: &top, scope: &scope)
            }
        }
        top.finish(warnings: &warnings)
        top.location = top.roles.first?.location ?? top.location
        var plays = top.roles.isEmpty ? [] : [top]
        let namedNodes = nodes.flatMap(\.node.names).compactMap { name -> String? in
            if case .name(let text) = name { return text }
            if case .regex(let pattern) = name { return "/\(pattern)/" }
            return nil
        }
        for (node, location) in nodes {
            var play = PuppetPlay(hosts: hosts(of: node, at: location, otherNodes: namedNodes), location: location)
            play.secretQualifier = play.hosts
            var nodeScope = scope.enteringNode()
            for statement in node.body {
                if case .node = statement.kind {
                    throw UserError("node definitions cannot be nested", at: statement.location)
                }
                try apply(statement, to: &play, scope: &nodeScope)
            }
            play.finish(warnings: &warnings)
            // Top-level declarations apply to the node too: Puppet refuses a second declaration.
            for role in play.roles where role.isDeclared {
                if let first = top.roles.first(where: { $0.key == role.key && $0.isDeclared }) {
                    throw UserError("duplicate declaration: '\(role.key)' is already declared at top level at \(first.location.line):\(first.location.column), which applies to every node", at: role.location)
                }
            }
            if play.roles.isEmpty {
                warn("node '\(play.hosts)' declares no glance class glance-push imports; no play written", at: location)
            } else {
                plays.append(play)
            }
        }
        if plays.isEmpty { warn("no glance class glance-push imports; the playbook is empty", at: SourceLocation(file: file, line: 1, column: 1)) }
        return plays.enumerated().sorted { left, right in
            let (l, r) = (left.element.location, right.element.location)
            return (l.line, l.column, left.offset) < (r.line, r.column, right.offset)
        }.map(\.element)
    }

    private mutating func hosts(of node: PuppetNode, at location: SourceLocation, otherNodes: [String]) -> String {
        var patterns: [String] = []
        for name in node.names {
            switch name {
            case .name(let text):
                patterns.append(text)
            case .regex(let pattern):
                warn("node regex /\(pattern)/ written as the host pattern '~\(pattern)', matched against inventory names", at: location)
                patterns.append("~" + pattern)
            case .default:
                let others = otherNodes.isEmpty ? "" : ", which also covers \(otherNodes.joined(separator: ", ")); in Puppet it applies only to nodes that no other node block matches"
                warn("node default written as 'hosts: all'\(others)", at: location)
                return "all"
            }
        }
        return patterns.joined(separator: ",")
    }

    private mutating func apply(_ statement: PuppetStatement, to play: inout PuppetPlay, scope: inout PuppetScope) throws {
        let at = statement.location
        switch statement.kind {
        case .assignment(let name, let expression):
            try scope.assign(name, convert(expression, scope: scope), at: at)
        case .include(let keyword, let classes):
            for expression in classes {
                let name = try className(expression, scope: scope)
                guard PuppetClassCatalog.isGlance(name) else {
                    warn("class '\(name)' is not managed by glance-push; '\(keyword)' skipped", at: expression.location)
                    continue
                }
                guard PuppetClassCatalog.role(named: name) != nil else {
                    warn(PuppetClassCatalog.leftOut(name), at: expression.location)
                    continue
                }
                if let note = PuppetClassCatalog.note(for: name) ?? PuppetClassCatalog.defineNote(for: name) {
                    warn(note, at: expression.location)
                }
                let role = PuppetPlay.Role(key: name, name: name, parameters: [], location: expression.location,
                                           isDeclared: false)
                try play.add(role, warnings: &warnings)
            }
        case .resource(let resource):
            try apply(resource, at: at, to: &play, scope: scope)
        case .node:
            preconditionFailure("node blocks are split off by plays(of:)")
        case .orderingArrow(let arrow):
            warn("ordering arrow '\(arrow)' ignored: glance-push orders packages, files, db_sync and services itself", at: at)
        case .reference:
            break
        case .unsupported(let what):
            warn("\(what) is not imported; skipped", at: at)
        }
    }

    mutating func convert(_ expression: PuppetExpression, scope: PuppetScope) -> PuppetYAMLValue {
        var converter = PuppetValueConverter(scope: scope)
        let value = converter.convert(expression)
        warnings += converter.warnings
        return value
    }

    /// `'::glance::api'`, `glance`, `Class['glance']` or a variable holding one → `glance::api`.
    func className(_ expression: PuppetExpression, scope: PuppetScope) throws -> String {
        var converter = PuppetValueConverter(scope: scope)
        var value = expression
        if case .reference(let type, let titles) = expression.value, type.lowercased() == "class", titles.count == 1 {
            value = titles[0]
        }
        guard case .string(let text) = converter.convert(value), !text.isEmpty, !text.contains("$"), !text.contains("{{") else {
            throw UserError("expected a class name (a string or a bare word)", at: expression.location)
        }
        let name = text.hasPrefix("::") ? String(text.dropFirst(2)) : text
        return name.lowercased()
    }
}
