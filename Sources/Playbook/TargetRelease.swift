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
}
