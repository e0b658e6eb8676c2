extension String {
    /// The pieces between "\n" Characters, empty ones included: what
    /// `split(separator: "\n", omittingEmptySubsequences: false)` gives, as Strings. A CR LF pair
    /// is one Character and does not split; without any CR, every LF byte is a Character of its
    /// own, so the bytes are split instead (several times faster than the Character search).
    public var piecesBetweenLineFeeds: [String] {
        guard !utf8.contains(UInt8(ascii: "\r")) else {
            return split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}
