import Basics
import Playbook

/// Constructs the importer does not translate are consumed whole, so the rest still imports.
extension PuppetParser {
    /// At `open`: consumes through the matching `close`, counting only that bracket pair.
    mutating func skipBalanced(open: String, close: String) throws {
        let opener = advance()
        var depth = 1
        while depth > 0 {
            if current.isEndOfFile {
                throw UserError("expected '\(close)' to close the '\(open)' opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
            }
            if current.isPunctuation(open) { depth += 1 }
            if current.isPunctuation(close) { depth -= 1 }
            _ = advance()
        }
    }

    /// At `{`: a block, skipped whole.
    mutating func skipBlock() throws {
        guard current.isPunctuation("{") else { throw error("expected '{'") }
        try skipBalanced(open: "{", close: "}")
    }

    /// Consumes a condition or a signature up to the `{` that opens the body, then the body.
    private mutating func skipHeaderAndBlock(_ what: String) throws {
        var depth = 0
        while !(depth == 0 && current.isPunctuation("{")) {
            if current.isEndOfFile { throw error("expected '{' to open the body of \(what)") }
            if current.isPunctuation("(") || current.isPunctuation("[") { depth += 1 }
            if current.isPunctuation(")") || current.isPunctuation("]") { depth = max(0, depth - 1) }
            _ = advance()
        }
        try skipBlock()
    }

    mutating func skipConditional(_ keyword: String) throws -> PuppetStatement {
        let start = advance()
        try skipHeaderAndBlock("'\(keyword)'")
        if keyword == "if" {
            while current.isName("elsif") {
                _ = advance()
                try skipHeaderAndBlock("'elsif'")
            }
        }
        if keyword != "case" && current.isName("else") {
            _ = advance()
            try skipBlock()
        }
        return PuppetStatement(.unsupported(what: "'\(keyword)' statement"), at: start.location)
    }

    mutating func skipDefinition(_ keyword: String) throws -> PuppetStatement {
        let start = advance()
        guard case .name(let name) = current.kind else { throw error("expected a name after '\(keyword)'") }
        try skipHeaderAndBlock("'\(keyword) \(name)'")
        let what = keyword == "class" ? "class definition '\(name)'" : "'\(keyword)' definition '\(name)'"
        return PuppetStatement(.unsupported(what: what), at: start.location)
    }

    mutating func skipFunctionCall(_ name: String) throws -> PuppetStatement {
        let start = advance()
        if current.isPunctuation("(") {
            try skipBalanced(open: "(", close: ")")
        } else {
            _ = try expression(after: "'\(name)'")
            while current.isPunctuation(",") {
                _ = advance()
                _ = try expression(after: "','")
            }
        }
        try skipLambda()
        if current.isPunctuation(".") { try skipMethodChain() }
        return PuppetStatement(.unsupported(what: "function call '\(name)'"), at: start.location)
    }

    /// `.each |$x| { … }.foo(1)`
    mutating func skipMethodChain() throws {
        while current.isPunctuation(".") {
            _ = advance()
            guard case .name = current.kind else { throw error("expected a method name after '.'") }
            _ = advance()
            if current.isPunctuation("(") { try skipBalanced(open: "(", close: ")") }
            try skipLambda()
        }
    }

    /// `|$a, $b| { … }`, when present.
    private mutating func skipLambda() throws {
        guard current.isPunctuation("|") else { return }
        let opener = advance()
        while !current.isPunctuation("|") {
            if current.isEndOfFile {
                throw UserError("expected '|' to close the lambda parameters opened at \(opener.location.line):\(opener.location.column), found end of file", at: current.location)
            }
            _ = advance()
        }
        _ = advance()
        try skipBlock()
    }
}
