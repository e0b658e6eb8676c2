/// The `%` tokens OpenSSH 9.2 expands in `ProxyCommand` and `ProxyJump` (ssh_config(5),
/// TOKENS): `%h` the target's address, `%n` the name it was given as (glance-push is given the
/// address, so the same), `%p` its port, `%r` the login user, `%%` a percent sign. Any other
/// token, or a lone `%` at the end, is an error (ssh stops with "unknown key" there).
public enum PercentTokens {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The offending text, e.g. `%x` or `%` (at the end).
        public var token: String
        public var description: String {
            token == "%" ? "a lone % at the end (write %% for a percent sign)"
                : "unknown token \(token) (known: %h, %n, %p, %r, %%)"
        }
    }

    /// Throws for the first token that is not one of the five.
    public static func check(_ text: String) throws(Failure) {
        _ = try expand(text, host: "", port: 0, user: "")
    }

    public static func expand(_ text: String, host: String, port: Int, user: String) throws(Failure) -> String {
        var result = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            switch characters.next() {
            case "h", "n": result += host
            case "p": result += String(port)
            case "r": result += user
            case "%": result += "%"
            case nil: throw Failure(token: "%")
            case let other?: throw Failure(token: "%\(other)")
            }
        }
        return result
    }
}
