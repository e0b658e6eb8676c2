import Basics
import Playbook

/// Replaces every occurrence of its secret values by `<secret>`, longest first so that a secret
/// containing another is masked whole. Which values it gets decides what it may blank: the
/// secrets inside one secret-carrying value (`SecretSetting`), or those free text may lose
/// (`init(freeTextOf:)`).
public struct SecretMask: Sendable {
    public let secrets: [String]

    public init(_ secrets: [String]) {
        // Counted once each: String.count walks the whole string.
        self.secrets = Set(secrets.filter { !$0.isEmpty }).map { (count: $0.count, text: $0) }
            .sorted { ($0.count, $0.text) > ($1.count, $1.text) }.map(\.text)
    }

    /// The mask for free text about `plan`'s host (a node's error output): `FreeTextMasking`'s
    /// rule over the files' `secrets`, with the files' paths and their contents as output shows
    /// them as the text the reader sees anyway.
    public init(freeTextOf plan: HostPlan) {
        let candidates = plan.files.flatMap(\.secrets).filter { $0.count >= FreeTextMasking.minimumLength }
        var shown = plan.files.map(\.path)
        if !candidates.isEmpty {
            // Only the files that hold a candidate at all need masking to tell.
            shown += plan.files.filter { file in candidates.contains { file.content.includes($0) } }
                .map { ContentMask($0).shown($0.content) }
        }
        self.init(FreeTextMasking.maskable(candidates, publicText: shown))
    }

    public func apply(_ line: String) -> String {
        var masked = line
        for secret in secrets where masked.includes(secret) {
            masked = Self.masking(secret, in: masked)
        }
        return masked
    }

    /// `text.replacing(secret, with: "<secret>")`, which matches whole Characters. For ASCII
    /// text and a secret without CR or LF, Characters are bytes (CR LF is the only ASCII pair
    /// that forms one Character), so a byte scan gives the same result, much faster.
    static func masking(_ secret: String, in text: String) -> String {
        let secretBytes = Array(secret.utf8)
        let textBytes = Array(text.utf8)
        guard !secretBytes.isEmpty, secretBytes.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }),
              textBytes.allSatisfy({ $0 < 0x80 }) else {
            return text.replacing(secret, with: "<secret>")
        }
        var result: [UInt8] = []
        result.reserveCapacity(textBytes.count)
        var index = 0
        while index < textBytes.count {
            if textBytes[index] == secretBytes[0], index + secretBytes.count <= textBytes.count,
               textBytes[index..<(index + secretBytes.count)].elementsEqual(secretBytes) {
                result += "<secret>".utf8
                index += secretBytes.count
            } else {
                result.append(textBytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
