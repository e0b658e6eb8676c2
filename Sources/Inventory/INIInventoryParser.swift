import Basics
import Foundation

/// Ansible's INI inventory plugin as a state machine: each line is a section header, a host
/// line (`[group]`), a variable (`[group:vars]`) or a child group name (`[group:children]`).
/// Children and `:vars` may name groups declared further down; what is still undeclared at the
/// end is reported at the line that named it.
struct INIInventoryParser {
    private struct Pending {
        var location: SourceLocation
        var isVars: Bool
        var parents: [String] = []
    }

    private enum State: String { case hosts, children, vars }

    let file: String
    private(set) var graph = InventoryGraph()
    private var pending: [String: Pending] = [:]
    private var pendingOrder: [String] = []
    private var group = "ungrouped"
    private var state = State.hosts

    init(file: String) { self.file = file }

    mutating func parse(_ text: String) throws(UserError) -> InventoryGraph {
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let indent = rawLine.prefix { $0 == " " || $0 == "\t" }.count
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let location = SourceLocation(file: file, line: lineNumber, column: indent + 1)
            if let header = line.wholeMatch(of: /\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?/) {
                try enterSection(String(header.1), kind: header.2.map(String.init), line: line, at: location)
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                throw UserError("invalid section entry '\(line)': make sure there are no spaces in the section entry, and that there are no other invalid characters", at: location)
            }
            switch state {
            case .hosts: try parseHostLine(line, indent: indent, at: location)
            case .vars: try parseVariableLine(line, at: location)
            case .children: try parseChildLine(line, at: location)
            }
        }
        if let name = pendingOrder.first(where: { pending[$0] != nil }), let declaration = pending[name] {
            if declaration.isVars {
                throw UserError("section [\(name):vars] not valid for undefined group '\(name)'", at: declaration.location)
            }
            let parent = declaration.parents.last ?? "all"
            throw UserError("section [\(parent):children] includes undefined group '\(name)'"
                + NearestName.hint(for: name, among: graph.groupOrder), at: declaration.location)
        }
        graph.reconcile()
        return graph
    }

    private mutating func enterSection(_ rawName: String, kind: String?, line: String, at location: SourceLocation) throws(UserError) {
        let name = rawName
        guard let newState = State(rawValue: kind ?? "hosts") else {
            let kindText = kind ?? ""
            let column = location.column + 1 + rawName.count + 1
            throw UserError("section [\(rawName):\(kindText)] has unknown type '\(kindText)'"
                + NearestName.hint(for: kindText, among: ["vars", "children"]),
                at: SourceLocation(file: file, line: location.line, column: column))
        }
        group = name
        state = newState
        if graph.groups[name] == nil {
            if newState == .vars && pending[name] == nil { remember(name, Pending(location: location, isVars: true)) }
            graph.addGroup(name, at: newState == .vars ? nil : location)
        } else if newState != .vars {
            graph.addGroup(name, at: location)
        }
        if let declaration = pending[name], newState != .vars {
            if declaration.isVars { pending[name] = nil } else { try addPendingChildren(name, at: location) }
        }
    }

    private mutating func remember(_ name: String, _ declaration: Pending) {
        pending[name] = declaration
        pendingOrder.removeAll { $0 == name }
        pendingOrder.append(name)
    }

    private mutating func addPendingChildren(_ child: String, at location: SourceLocation) throws(UserError) {
        for parent in pending[child]?.parents ?? [] {
            try graph.addChild(child, to: parent, at: location)
            if let parentDeclaration = pending[parent], !parentDeclaration.isVars {
                try addPendingChildren(parent, at: location)
            }
        }
        pending[child] = nil
    }

    private mutating func parseHostLine(_ line: String, indent: Int, at location: SourceLocation) throws(UserError) {
        let words: [ShellWords.Word]
        do {
            words = try ShellWords.split(line)
        } catch {
            let reason = error == .noClosingQuotation ? "no closing quotation" : "no escaped character"
            throw UserError("error parsing host definition '\(line)': \(reason)", at: location)
        }
        guard let first = words.first else { return }
        let hostLocation = SourceLocation(file: file, line: location.line, column: indent + first.column)
        guard !first.text.isEmpty else { throw UserError("empty host name", at: hostLocation) }
        let expansion: HostRange.Expansion
        do {
            expansion = try HostRange.expand(first.text)
        } catch {
            throw UserError(error.message, at: hostLocation)
        }
        var variables: [(String, InventoryVariable)] = []
        for word in words.dropFirst() {
            let wordLocation = SourceLocation(file: file, line: location.line, column: indent + word.column)
            guard let equals = word.text.firstIndex(of: "=") else {
                throw UserError("expected key=value host variable assignment, got '\(word.text)'", at: wordLocation)
            }
            let key = String(word.text[..<equals])
            variables.append((key, IniValue.variable(String(word.text[word.text.index(after: equals)...]), at: wordLocation)))
        }
        graph.reserveHosts(expansion.names.count)
        for name in expansion.names {
            if expansion.hasRange, let earlier = graph.membershipLine(ofHost: name, in: group) {
                throw UserError("host range '\(first.text)' repeats host '\(name)' already in group '\(group)' at line \(earlier)", at: hostLocation)
            }
            graph.addHost(name, to: group, port: expansion.port, at: hostLocation)
        }
        for name in expansion.names {
            for (key, variable) in variables { graph.hosts[name]?.vars[key] = variable }
        }
    }

    private mutating func parseVariableLine(_ line: String, at location: SourceLocation) throws(UserError) {
        guard let equals = line.firstIndex(of: "=") else {
            throw UserError("expected key=value in [\(group):vars], got '\(line)' (hosts belong in [\(group)])", at: location)
        }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        let rawValue = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        let variable = IniValue.variable(rawValue, at: location)
        if key == "ansible_group_priority" {
            guard let priority = IniValue.integer(variable.value) else {
                throw UserError("ansible_group_priority must be an integer, got '\(rawValue)'", at: location)
            }
            graph.setPriority(group, priority)
        } else {
            graph.setGroupVariable(group, key, variable)
        }
    }

    private mutating func parseChildLine(_ line: String, at location: SourceLocation) throws(UserError) {
        guard let match = line.wholeMatch(of: /([^:\]\s]+)\s*(?:#.*)?/) else {
            throw UserError("expected group name in [\(group):children], got '\(line)'", at: location)
        }
        let child = String(match.1)
        if graph.groups[child] == nil {
            if pending[child] == nil {
                remember(child, Pending(location: location, isVars: false, parents: [group]))
            } else {
                pending[child]?.parents.append(group)
            }
        } else {
            try graph.addChild(child, to: group, at: location)
        }
    }
}
