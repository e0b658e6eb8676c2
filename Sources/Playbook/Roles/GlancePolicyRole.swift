/// `glance::policy`: policy rules as a YAML file and `[oslo_policy]` in glance-api.conf.
package enum GlancePolicyRole {
    package static let name = "glance::policy"

    static let spec = RoleSpec(name, parameters: [
        .custom("policies", .map),
        .key("policy_path", default: .value(.string(GlanceFile.policy)), .api("oslo_policy", key: "policy_file")),
        .key("enforce_scope", .bool, .api("oslo_policy")),
        .key("enforce_new_defaults", .bool, .api("oslo_policy")),
        .key("policy_dirs", .stringOrList, .api("oslo_policy")),
        .key("policy_default_rule", .api("oslo_policy")),
        .custom("purge_config", .bool, default: false),
    ], render: render)

    /// The rules are written as a whole file (`"name": "rule"` per line), root:glance 0640, only
    /// when there are rules; Debian's defaults stay in /etc/glance/policy.d/.
    @Sendable static func render(_ r: inout RoleRendering) throws {
        guard case .map(let rules)? = r.value("policies"), !rules.isEmpty else {
            if r.bool("purge_config") {
                r.output.wholeFiles.append(WholeFile(path: r.string("policy_path") ?? GlanceFile.policy, content: "{}\n"))
            }
            return
        }
        let content = rules.map { "\(yamlQuote($0.key)): \(yamlQuote($0.value))" }.joined(separator: "\n") + "\n"
        r.output.wholeFiles.append(WholeFile(path: r.string("policy_path") ?? GlanceFile.policy, content: content))
        if !r.bool("purge_config") {
            r.warn("the policy file is written whole: rules not listed in 'policies' are dropped from it",
                   at: "policies")
        }
    }

    static func yamlQuote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
