import Basics
import Playbook

/// Recursive-descent parser for the Puppet subset glance manifests use. Constructs it does not
/// import (conditionals, definitions, collectors, function calls) are parsed far enough to be
/// skipped as one `.unsupported` statement.
struct PuppetParser {
    var tokens: [PuppetToken]
    let source: [Unicode.Scalar]
    var position = 0
    /// Recoveries the parser made (a missing ',' at the end of a line).
    var warnings: [PuppetDiagnostic] = []

    init(tokens: [PuppetToken], source: [Unicode.Scalar]) {
        self.tokens = tokens
        self.source = source
    }

    var current: PuppetToken { tokens[min(position, tokens.count - 1)] }

    func peek(_ offset: Int = 1) -> PuppetToken { tokens[min(position + offset, tokens.count - 1)] }

    mutating func advance() -> PuppetToken {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func expect(_ punctuation: String, _ message: @autoclosure () -> String) throws -> PuppetToken {
        guard current.isPunctuation(punctuation) else { throw error(message()) }
        return advance()
    }

    /// An error at the current token, ending with what was found there.
    func error(_ message: String) -> UserError {
        UserError("\(message), found \(current.spelling)", at: current.location)
    }

    // MARK: - Statements

    mutating func statements(closingAt opener: PuppetToken?, what: String) throws -> [PuppetStatement] {
        var result: [PuppetStatement] = []
        while true {
            if current.isEndOfFile {
                guard let opener else { return result }
                throw UserError("expected '}' to close \(what) opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
            }
            if current.isPunctuation("}") {
                guard opener != nil else { throw UserError("unexpected '}' with no open block", at: current.location) }
                _ = advance()
                return result
            }
            if current.isPunctuation(";") { _ = advance(); continue }
            result += try statement()
        }
    }

    /// One statement, or a chain of operands joined by ordering arrows.
    mutating func statement() throws -> [PuppetStatement] {
        let token = current
        switch token.kind {
        case .variable(let name):
            return [try variableStatement(name)]
        case .name("node"):
            return [try node()]
        case .name(let keyword) where ["include", "require", "contain"].contains(keyword):
            return [try include(keyword)]
        case .name(let keyword) where ["if", "unless", "case"].contains(keyword):
            return [try skipConditional(keyword)]
        case .name(let keyword) where ["define", "function", "type", "plan", "application", "site"].contains(keyword)
            || (keyword == "class" && !peek().isPunctuation("{")):
            return [try skipDefinition(keyword)]
        case .name(let name) where peek().isPunctuation("(") || PuppetParser.statementFunctions.contains(name):
            return [try skipFunctionCall(name)]
        default:
            return try chain()
        }
    }

    /// Functions that may be called without parentheses as a statement.
    static let statementFunctions: Set<String> = [
        "notice", "warning", "info", "debug", "err", "alert", "crit", "emerg", "fail",
        "hiera_include", "realize", "tag", "create_resources", "lookup", "ensure_packages", "ensure_resource",
    ]

    private mutating func chain() throws -> [PuppetStatement] {
        var result = try operand()
        while case .arrow(let arrow) = current.kind {
            result.append(PuppetStatement(.orderingArrow(arrow), at: advance().location))
            result += try operand()
        }
        return result
    }

    /// A resource declaration, a reference, resource defaults or a collector.
    private mutating func operand() throws -> [PuppetStatement] {
        let start = current
        switch start.kind {
        case .punctuation("@"):
            _ = advance()
            var isExported = false
            if current.isPunctuation("@") { _ = advance(); isExported = true }
            guard case .name(let type) = current.kind, peek().isPunctuation("{") else {
                throw error("expected a resource type after '\(isExported ? "@@" : "@")'")
            }
            _ = advance()
            var resource = try resourceBodies(type: type)
            resource.isVirtual = true
            return [PuppetStatement(.resource(resource), at: start.location)]
        case .name(let type) where peek().isPunctuation("{"):
            _ = advance()
            return [PuppetStatement(.resource(try resourceBodies(type: type)), at: start.location)]
        case .typeName(let type):
            return [try typeOperand(type)]
        case .name(let name):
            throw UserError("unexpected '\(name)': expected a resource, class, node, include or variable assignment", at: start.location)
        default:
            throw error("expected a statement")
        }
    }

    /// `Class['x']`, `Package { defaults }`, `Service['x'] { overrides }`, `Package <| tag == 'x' |>`.
    private mutating func typeOperand(_ type: String) throws -> PuppetStatement {
        let start = advance()
        if current.isPunctuation("{") {
            try skipBlock()
            return PuppetStatement(.unsupported(what: "resource defaults '\(type)'"), at: start.location)
        }
        if case .collector(let open) = current.kind {
            let opener = advance()
            let close = open == "<<|" ? "|>>" : "|>"
            while current.kind != .collector(close) {
                if current.isEndOfFile {
                    throw UserError("expected '\(close)' to close the collector opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
                }
                _ = advance()
            }
            _ = advance()
            if current.isPunctuation("{") { try skipBlock() }
            return PuppetStatement(.unsupported(what: "resource collector '\(type) \(open) \(close)'"), at: start.location)
        }
        if current.isPunctuation("[") {
            _ = try accessKeys()
            if current.isPunctuation("{") {
                try skipBlock()
                return PuppetStatement(.unsupported(what: "resource override '\(type)[…]'"), at: start.location)
            }
        }
        return PuppetStatement(.reference(type: type), at: start.location)
    }

    private mutating func variableStatement(_ name: String) throws -> PuppetStatement {
        let start = advance()
        if current.isPunctuation("=") {
            _ = advance()
            guard !name.hasPrefix("::"), !name.contains("::") else {
                throw UserError("cannot assign to '$\(name)': only local variables can be assigned", at: start.location)
            }
            let value = try expression(after: "'='")
            return PuppetStatement(.assignment(name: name, value: value), at: start.location)
        }
        if current.isPunctuation(".") {
            try skipMethodChain()
            return PuppetStatement(.unsupported(what: "method call on '$\(name)'"), at: start.location)
        }
        throw error("expected '=' after '$\(name)'")
    }

    private mutating func include(_ keyword: String) throws -> PuppetStatement {
        let start = advance()
        let parenthesized = current.isPunctuation("(") && current.location.line == start.location.line
        if parenthesized { _ = advance() }
        var classes: [PuppetExpression] = []
        repeat {
            if !classes.isEmpty { _ = advance() }
            switch current.kind {
            case .name, .string, .typeName, .punctuation("["), .variable:
                let value = try expression(after: "'\(keyword)'")
                if case .array(let items) = value.value { classes += items } else { classes.append(value) }
            default:
                throw error("expected a class name after '\(keyword)'")
            }
        } while current.isPunctuation(",")
        if parenthesized { _ = try expect(")", "expected ')' after the class names of '\(keyword)'") }
        return PuppetStatement(.include(keyword: keyword, classes: classes), at: start.location)
    }

    private mutating func node() throws -> PuppetStatement {
        let start = advance()
        var names: [PuppetNode.Name] = []
        repeat {
            if !names.isEmpty { _ = advance() }
            names.append(try nodeName())
        } while current.isPunctuation(",")
        if current.isName("inherits") {
            throw UserError("node inheritance is not supported (Puppet 4 removed it)", at: current.location)
        }
        let opener = try expect("{", "expected '{' after node name")
        let body = try statements(closingAt: opener, what: "node")
        return PuppetStatement(.node(PuppetNode(names: names, body: body)), at: start.location)
    }

    private mutating func nodeName() throws -> PuppetNode.Name {
        switch current.kind {
        case .name("default"):
            _ = advance()
            return .default
        case .string(let string):
            guard let literal = string.literal else {
                throw UserError("a node name cannot interpolate variables", at: current.location)
            }
            _ = advance()
            return .name(literal)
        case .regex(let pattern):
            _ = advance()
            return .regex(pattern)
        case .name(let first), .number(let first):
            var text = first
            var end = advance().end
            while current.isPunctuation("."), current.location == end {
                _ = advance()
                guard case .name(let part) = current.kind, current.location.column == end.column + 1 else {
                    throw error("expected a name part after '.' in node name")
                }
                text += "." + part
                end = advance().end
            }
            return .name(text)
        default:
            throw error("expected a node name (a string, a name, a regex or 'default')")
        }
    }
}
