import Playbook

/// A setting of a planned INI file whose values carry a secret: the plan sets it from secrets, or
/// Glance defines it as secret (then the host's current values are secret too).
public struct SecretSetting: Sendable, Equatable, Codable {
    public var section: String
    public var key: String
    /// The values the plan writes; empty for a setting the plan removes or leaves as it is.
    public var plannedValues: [String]
    /// How output shows each of `plannedValues` (same order), nil for one secret as a whole.
    public var maskedValues: [String?]

    public init(section: String, key: String, plannedValues: [String] = [], maskedValues: [String?] = []) {
        self.section = section
        self.key = key
        self.plannedValues = plannedValues
        self.maskedValues = maskedValues
    }

    /// How the planner masks `setting`: each secret interpolated into a value as `<secret>`
    /// (`ConfigSetting.maskedValue`), and in what the playbook or a host variable wrote around
    /// it, the secrets that free text would lose too (`FreeTextMasking`, without public text:
    /// a secret typed in twice). Values secret as a whole, or secret to Glance only, are nil.
    public init(_ setting: ConfigSetting) {
        let planned = Planner.values(of: setting.value)
        var masked = [String?](repeating: nil, count: planned.count)
        if setting.isSecret, let value = setting.maskedValue {
            let typedIn = SecretMask(FreeTextMasking.maskable(setting.secretValues, publicText: []))
            let values = Planner.values(of: value).map(typedIn.apply)
            if values.count == planned.count { masked = values }
        }
        self.init(section: setting.section, key: setting.key, plannedValues: planned, maskedValues: masked)
    }

    /// How a line of this setting shows `value`, its value as oslo reads it: as masked when the
    /// plan writes it, as `<secret>` otherwise (a value the host has now, one secret as a whole).
    public func shown(_ value: String) -> String {
        guard let index = plannedValues.firstIndex(of: value), maskedValues.indices.contains(index),
              let masked = maskedValues[index] else {
            return "<secret>"
        }
        return masked
    }
}
