/// Deterministic text mutation for the parsers' fuzz tests: the same seed gives the same inputs
/// on every machine, so a failure can be replayed.
public struct Mutator {
    /// SplitMix64: small, fast and the same on every platform.
    public struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        public init(seed: UInt64) { state = seed }

        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    public var random: SeededGenerator
    public let alphabet: [Unicode.Scalar]

    public init(seed: UInt64, alphabet: String) {
        random = SeededGenerator(seed: seed)
        self.alphabet = Array(alphabet.unicodeScalars)
    }

    /// One to four edits: delete, insert, replace, duplicate a span, cut a span, or truncate.
    public mutating func mutate(_ source: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = source
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = text.isEmpty ? 0 : Int.random(in: 0..<text.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !text.isEmpty:
                text.remove(at: position)
            case 1:
                text.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &random)], at: position)
            case 2 where !text.isEmpty:
                text[position] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
            case 3 where !text.isEmpty:
                let end = min(text.count, position + Int.random(in: 1...20, using: &random))
                let span = text[position..<end]
                text.insert(contentsOf: span, at: Int.random(in: 0...text.count, using: &random))
            case 4 where !text.isEmpty:
                text.removeSubrange(position..<min(text.count, position + Int.random(in: 1...15, using: &random)))
            default:
                text = Array(text.prefix(position))
            }
        }
        return text
    }

    public mutating func mutate(_ source: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: mutate(Array(source.unicodeScalars)))
        return String(result)
    }
}
