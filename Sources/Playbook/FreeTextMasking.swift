import Basics

/// The safety net for free text: error messages, warnings and what a node prints. Values of
/// settings are masked by their structure instead (`ConfigSetting.secretValues`); free text has
/// none, so blanking a secret there also shows where it stood, and `exit status <secret>` or
/// `/etc/<secret>/` would tell the secret.
///
/// The rule: a secret value is replaced by `<secret>` wherever it occurs in free text when it has
/// at least `minimumLength` characters and does not occur in the text the reader is shown anyway
/// (the playbook, a host's files as printed). Any other secret is left alone: it is ordinary text
/// there, so the reader cannot tell it from the words around it. Messages that quote a value the
/// user gave say `<secret>` themselves when the value is secret; this net is for what they miss.
public enum FreeTextMasking {
    public static let minimumLength = 8

    /// The values of `secrets` to blank in free text, longest first, without duplicates.
    /// `publicText`: texts the reader is shown anyway.
    public static func maskable(_ secrets: [String], publicText: [String]) -> [String] {
        Set(secrets).map { (count: $0.count, text: $0) }
            .filter { secret in
                secret.count >= minimumLength && !publicText.contains { $0.includes(secret.text) }
            }
            .sorted { ($0.count, $0.text) > ($1.count, $1.text) }.map(\.text)
    }
}
