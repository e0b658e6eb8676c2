extension String {
    /// Without leading and trailing whitespace (blanks, tabs, newlines), as Ruby's `strip` (what
    /// puppet's config types apply to values). Foundation's `trimmingCharacters(in:)` bridges
    /// through NSString on Linux; this returns the string itself when there is nothing to strip.
    public var stripped: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !Self.isStripped(first) && !Self.isStripped(last) { return self }
        return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    private static func isStripped(_ byte: UInt8) -> Bool {
        // Any non-ASCII whitespace starts with a byte >= 0x80: take the slow path for those.
        byte == 0x20 || (0x09...0x0D).contains(byte) || byte >= 0x80
    }
}
