import SSH

/// One hop of `-J` / `-o ProxyJump=`, read as OpenSSH 9.2 reads it: `[user@]host[:port]`
/// (the user ends at the last `@`; an IPv6 host is written `[addr]`), or
/// `ssh://[user@]host[:port]`. The user and host may hold `%h %n %p %r %%`, which stand for
/// the target's values (ssh pastes the hops into the proxy command it expands).
struct JumpSpec: Equatable {
    var user: String?
    var host: String
    var port: Int?

    /// Why a value is not a jump host list; the message says what is wrong with which hop.
    struct Invalid: Error, Equatable {
        var reason: String
    }

    /// The hops of a comma-separated list, in the order they are visited; nil for `none`
    /// (any case), which turns ProxyJump off.
    static func parseList(_ text: String) throws(Invalid) -> [JumpSpec]? {
        guard text.lowercased() != "none" else { return nil }
        if let odd = text.first(where: { $0 == " " || $0 == "\t" || $0 == "#" }) {
            throw Invalid(reason: odd == "#"
                ? "'#' is not allowed (ssh would take the rest of the value for a comment)"
                : "a jump host list has no spaces (separate hops with commas)")
        }
        let hops = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !hops.contains("") else {
            throw Invalid(reason: "an empty hop (write [user@]host[:port], several separated by commas)")
        }
        return try hops.map { (hop) throws(Invalid) in try parse(hop) }
    }

    private static func parse(_ hop: String) throws(Invalid) -> JumpSpec {
        func invalid(_ why: String) -> Invalid {
            Invalid(reason: "'\(hop)' is not a jump host ([user@]host[:port] or ssh://[user@]host[:port]): \(why)")
        }
        var rest = Substring(hop)
        let isURI = rest.hasPrefix("ssh://")
        if isURI { rest = rest.dropFirst(6) }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
            guard user?.isEmpty == false else { throw invalid("the user before '@' is empty") }
        }
        if isURI, rest.contains("/") { throw invalid("an ssh:// address takes no path") }
        let (host, portText) = try splitHostPort(rest, bracketsAllowed: !isURI, invalid: invalid)
        guard !host.isEmpty else { throw invalid("no host") }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw invalid("the port must be a number from 1 to 65535, got '\(portText)'")
            }
            port = number
        }
        for part in [user, host].compactMap({ $0 }) {
            do {
                try PercentTokens.check(part)
            } catch {
                throw invalid("\(error)")
            }
        }
        return JumpSpec(user: user, host: host, port: port)
    }

    /// `host`, `host:port`, `[v6]`, `[v6]:port`; a bare name with two colons is refused, as by ssh.
    private static func splitHostPort(_ text: Substring, bracketsAllowed: Bool,
                                      invalid: (String) -> Invalid) throws(Invalid) -> (String, String?) {
        if text.hasPrefix("[") {
            guard bracketsAllowed, let close = text.firstIndex(of: "]") else {
                throw invalid(bracketsAllowed ? "no closing ']'" : "write an IPv6 host without ssh://, as [addr]:port")
            }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw invalid("unexpected text after ']'") }
            return (host, after.isEmpty ? nil : String(after.dropFirst()))
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw invalid("an IPv6 address must be written in brackets, as [addr]:port") }
        return (String(parts[0]), parts.count == 2 ? String(parts[1]) : nil)
    }

    /// The hop as an SSH target for connecting to `target`: tokens expanded with the target's
    /// values; user `user@`, else `defaultUser`; port 22 unless given; the target's key file,
    /// known_hosts files, host-key policy and connect timeout.
    func target(for target: SSHTarget, defaultUser: String) -> SSHTarget {
        func expand(_ text: String) -> String {
            (try? PercentTokens.expand(text, host: target.host, port: target.port, user: target.user)) ?? text
        }
        return SSHTarget(host: expand(host), port: port ?? 22, user: user.map(expand) ?? defaultUser,
                         identityFile: target.identityFile, knownHostsFiles: target.knownHostsFiles,
                         globalKnownHostsFiles: target.globalKnownHostsFiles, hostKeyPolicy: target.hostKeyPolicy,
                         connectTimeout: target.connectTimeout)
    }
}
