/// What a host runs, as far as rendering cares: package names and removed classes depend on it.
/// Offline `plan` assumes Debian 12 with Glance 25 (Zed) unless facts say otherwise.
public struct TargetRelease: Sendable, Equatable, Hashable, Codable {
    /// `ID` from /etc/os-release: `debian`, `ubuntu`.
    public var osID: String
    /// `VERSION_ID` from /etc/os-release: `12`, `22.04`.
    public var osVersionID: String
    /// Major version of the installed (or to be installed) Glance: 25 is Zed.
    public var glanceMajor: Int

    public init(osID: String = "debian", osVersionID: String = "12", glanceMajor: Int = 25) {
        self.osID = osID
        self.osVersionID = osVersionID
        self.glanceMajor = glanceMajor
    }

    public static let debian12Zed = TargetRelease()
    /// Debian 13 with Glance 30 (2025.1).
    public static let debian13Epoxy = TargetRelease(osVersionID: "13", glanceMajor: 30)
    /// The releases glance-push checks options for.
    public static let supported = [debian12Zed, debian13Epoxy]

    /// `Debian 13, Glance 30`: how output names the release a host runs.
    public var summary: String {
        (osID == "debian" ? "Debian" : osID == "ubuntu" ? "Ubuntu" : osID) + " \(osVersionID), Glance \(glanceMajor)"
    }

    /// `--target-release`: a Glance major version (25, 30), its series (zed, 2025.1, epoxy) or
    /// the Debian release that ships it (debian12, bookworm, debian13, trixie).
    public static func named(_ text: String) -> TargetRelease? {
        switch text.lowercased() {
        case "25", "zed", "debian12", "bookworm": return .debian12Zed
        case "30", "2025.1", "epoxy", "debian13", "trixie": return .debian13Epoxy
        default: return nil
        }
    }
}
