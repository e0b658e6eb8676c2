extension String {
    /// Byte-wise substring test. With Foundation imported, `contains(_:)` resolves to CFString's
    /// locale-aware search, and the generic `firstRange(of:)` is no faster across modules; this
    /// scan made planning 1,000 hosts several times faster.
    public func includes(_ other: String) -> Bool {
        var haystack = self
        var needle = other
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pattern in
                guard let first = pattern.first else { return true }
                guard pattern.count <= hay.count else { return false }
                var start = 0
                let lastStart = hay.count - pattern.count
                while start <= lastStart {
                    if hay[start] == first {
                        var offset = 1
                        while offset < pattern.count && hay[start + offset] == pattern[offset] { offset += 1 }
                        if offset == pattern.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
