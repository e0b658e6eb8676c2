import Basics
import Playbook

/// One lexical token of a Puppet manifest.
struct PuppetToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `{ } [ ] ( ) , ; : => +> = . | ? @` and the operators, spelled as in the source.
        case punctuation(String)
        /// `->`, `~>`, `<-`, `<~`.
        case arrow(String)
        /// Collector brackets `<|`, `|>`, `<<|`, `|>>`.
        case collector(String)
        /// A lower-case word, possibly qualified: `glance::api`, `::glance`, `present`, `node`.
        case name(String)
        /// A capitalized word: `Class`, `Package`, `Glance::Api`.
        case typeName(String)
        /// The text after `$`: `pw`, `::fqdn`, `glance::params::x`, `facts`.
        case variable(String)
        case string(PuppetString)
        /// As written: `9292`, `0750`, `0x1F`, `1.5`.
        case number(String)
        /// The text between the slashes.
        case regex(String)
        case endOfFile
    }

    var kind: Kind
    var location: SourceLocation
    /// Where the token's last character ends (the column after it), for "missing ','" notes.
    var end: SourceLocation
    /// Unicode-scalar offsets of the token in the source, to quote unevaluated expressions as written.
    var range: Range<Int>

    var isEndOfFile: Bool { kind == .endOfFile }

    func isPunctuation(_ text: String) -> Bool { kind == .punctuation(text) }

    func isName(_ text: String) -> Bool { kind == .name(text) }

    /// How an error message names this token: `'=>'`, `'verbose'`, `a string`, `end of file`.
    var spelling: String {
        switch kind {
        case .punctuation(let text), .arrow(let text), .collector(let text): return "'\(text)'"
        case .name(let text), .typeName(let text): return "'\(text)'"
        case .variable(let text): return "'$\(text)'"
        case .string: return "a string"
        case .number(let text): return "'\(text)'"
        case .regex(let text): return "'/\(text)/'"
        case .endOfFile: return "end of file"
        }
    }
}
