import Basics
import Playbook

/// Reads a double-quoted string: escapes, `$name` and `${…}` interpolations.
enum PuppetStringLexer {
    static func doubleQuoted(_ lexer: inout PuppetLexer, at start: SourceLocation) throws -> PuppetString {
        lexer.step()
        var parts: [PuppetString.Part] = []
        var text = ""
        func flush() {
            if !text.isEmpty { parts.append(.text(text)); text = "" }
        }
        while true {
            guard let scalar = lexer.scalar() else { throw UserError("unterminated string", at: start) }
            if scalar == "\"" {
                lexer.step()
                break
            }
            if scalar == "\\" {
                text += try escape(&lexer)
            } else if scalar == "$", let interpolation = try interpolation(&lexer) {
                flush()
                parts.append(.interpolation(interpolation))
            } else {
                text.unicodeScalars.append(scalar)
                lexer.step()
            }
        }
        flush()
        return PuppetString(parts: parts, isDoubleQuoted: true)
    }

    private static func escape(_ lexer: inout PuppetLexer) throws -> String {
        let start = lexer.currentLocation
        lexer.step()
        guard let next = lexer.scalar() else { throw UserError("unterminated string", at: start) }
        lexer.step()
        switch next {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "s": return " "
        case "\\", "\"", "'", "$": return String(next)
        case "u": return try unicodeEscape(&lexer, at: start)
        default: return "\\" + String(next)
        }
    }

    /// `\uXXXX` or `\u{X…}`.
    private static func unicodeEscape(_ lexer: inout PuppetLexer, at start: SourceLocation) throws -> String {
        var digits = ""
        if lexer.scalar() == "{" {
            lexer.step()
            while let scalar = lexer.scalar(), scalar != "}", digits.count < 7 {
                digits.unicodeScalars.append(scalar)
                lexer.step()
            }
            guard lexer.scalar() == "}" else { throw UserError("invalid unicode escape", at: start) }
            lexer.step()
        } else {
            for _ in 0..<4 {
                guard let scalar = lexer.scalar(), scalar != "\"" else { break }
                digits.unicodeScalars.append(scalar)
                lexer.step()
            }
        }
        guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw UserError("invalid unicode escape '\\u\(digits)'", at: start)
        }
        return String(scalar)
    }

    /// nil when the `$` is a literal dollar sign (not followed by a name or `{`).
    private static func interpolation(_ lexer: inout PuppetLexer) throws -> PuppetInterpolation? {
        let start = lexer.currentLocation
        if lexer.scalar(at: 1) == "{" {
            lexer.step(2)
            var inner = ""
            var depth = 1
            var quote: Unicode.Scalar?
            while true {
                guard let scalar = lexer.scalar() else { throw UserError("unterminated '${' in string", at: start) }
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "'" || scalar == "\"" {
                    quote = scalar
                } else if scalar == "{" {
                    depth += 1
                } else if scalar == "}" {
                    depth -= 1
                    if depth == 0 { lexer.step(); break }
                }
                inner.unicodeScalars.append(scalar)
                lexer.step()
            }
            return PuppetInterpolation(variable: PuppetVariable(reference: inner), source: "${\(inner)}", location: start)
        }
        var name = ""
        var offset = 1
        if lexer.scalar(at: 1) == ":" && lexer.scalar(at: 2) == ":" { name = "::"; offset = 3 }
        guard let first = lexer.scalar(at: offset), first == "_" || ("a"..."z").contains(first) else { return nil }
        lexer.step(offset)
        while let scalar = lexer.scalar() {
            if PuppetLexer.isWordCharacter(scalar) {
                name.unicodeScalars.append(scalar)
                lexer.step()
            } else if scalar == ":", lexer.scalar(at: 1) == ":", let next = lexer.scalar(at: 2),
                      PuppetLexer.isWordCharacter(next) {
                name += "::"
                lexer.step(2)
            } else {
                break
            }
        }
        return PuppetInterpolation(variable: PuppetVariable(reference: name), source: "$" + name, location: start)
    }
}
