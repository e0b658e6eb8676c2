import Foundation

/// One host of the inventory with its variables already merged (host over group over `all`).
public struct InventoryHost: Sendable, Equatable {
    public var name: String
    public var vars: [String: String]

    public init(name: String, vars: [String: String] = [:]) {
        self.name = name
        self.vars = vars
    }
}

/// An Ansible INI inventory. This first version reads host lines, `[group]`, `[group:vars]` and
/// `[group:children]`; ranges, group_vars/ and host_vars/ come with the full parser.
public struct Inventory: Sendable {
    /// Hosts in the order they first appear in the file.
    public private(set) var hosts: [InventoryHost]

    public static func load(path: String) throws -> Inventory {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read inventory '\(path)'")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Inventory {
        var order: [String] = []
        var hostVars: [String: [String: String]] = [:]
        var hostGroups: [String: [String]] = [:]
        var groupVars: [String: [String: String]] = [:]
        var children: [String: [String]] = [:]
        var section = (name: "ungrouped", kind: "hosts")
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let location = SourceLocation(file: file, line: index + 1, column: 1)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw UserError("unclosed section header", at: location) }
                let header = String(line.dropFirst().dropLast())
                let parts = header.split(separator: ":", maxSplits: 1).map(String.init)
                guard let name = parts.first, !name.isEmpty else { throw UserError("empty section name", at: location) }
                let kind = parts.count > 1 ? parts[1] : "hosts"
                guard ["hosts", "vars", "children"].contains(kind) else {
                    throw UserError("unknown section kind ':\(kind)' (expected :vars or :children)", at: location)
                }
                section = (name, kind)
                continue
            }
            switch section.kind {
            case "vars":
                let (key, value) = try keyValue(line, at: location)
                groupVars[section.name, default: [:]][key] = value
            case "children":
                children[section.name, default: []].append(line)
            default:
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                let name = fields[0]
                if hostVars[name] == nil { order.append(name); hostVars[name] = [:] }
                for field in fields.dropFirst() {
                    let (key, value) = try keyValue(field, at: location)
                    hostVars[name]?[key] = value
                }
                hostGroups[name, default: []].append(section.name)
            }
        }
        func ancestors(of group: String) -> [String] {
            children.filter { $0.value.contains(group) }.flatMap { [$0.key] + ancestors(of: $0.key) }
        }
        let hosts = order.map { name -> InventoryHost in
            var vars = groupVars["all"] ?? [:]
            let groups = hostGroups[name] ?? []
            for group in groups.flatMap({ ancestors(of: $0).reversed() + [$0] }) {
                vars.merge(groupVars[group] ?? [:]) { _, new in new }
            }
            vars.merge(hostVars[name] ?? [:]) { _, new in new }
            return InventoryHost(name: name, vars: vars)
        }
        return Inventory(hosts: hosts)
    }

    private static func keyValue(_ text: String, at location: SourceLocation) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "=") else {
            throw UserError("expected key=value, got '\(text)'", at: location)
        }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces)
        var value = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return (key, value)
    }
}
