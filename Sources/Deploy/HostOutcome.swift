/// How one host ended, for every command (deploy, restart, rollback, ping, releases): its
/// name, a status, why it failed, how long it took, and what the command did there (`detail`,
/// whose fields read as the outcome's own: `report.changedFiles`).
@dynamicMemberLookup
public struct HostOutcome<Detail: Sendable & Equatable>: Sendable, Equatable {
    public var host: String
    public var status: HostStatus
    /// The phase and the reason of a failure, secrets masked; nil when the host did not fail.
    public var error: String?
    public var seconds: Double
    public var detail: Detail

    public init(host: String, status: HostStatus, error: String? = nil, seconds: Double = 0, detail: Detail) {
        self.host = host
        self.status = status
        self.error = error
        self.seconds = seconds
        self.detail = detail
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<Detail, Value>) -> Value {
        get { detail[keyPath: field] }
        set { detail[keyPath: field] = newValue }
    }

    public var failed: Bool { status == .failed || status == .interrupted }
}

/// One word for every command's result on a host.
public enum HostStatus: String, Sendable, Codable {
    case ok
    case unchanged, changed, wouldChange = "would change"
    case restarted
    case failed, interrupted
    case untouched = "not touched"
}

/// The detail's fields sit beside `host`, `status`, `error` and `seconds` in one JSON object
/// (the `--report` format).
extension HostOutcome: Codable where Detail: Codable {
    private enum CodingKeys: String, CodingKey {
        case host, status, error, seconds
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(String.self, forKey: .host)
        status = try container.decode(HostStatus.self, forKey: .status)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        seconds = try container.decode(Double.self, forKey: .seconds)
        detail = try Detail(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try detail.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(host, forKey: .host)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(seconds, forKey: .seconds)
    }
}
