import Foundation

/// What KeystoneAuthScript's program is told to make (none of it secret), read from the role's
/// parameters; its first argument, as JSON.
struct KeystoneAuthSpec: Hashable, Sendable {
    var configureUser: Bool
    var user: String
    var email: String
    var tenant: String
    var roles: [String]
    var systemRoles: [String]
    var systemScope: String
    var configureService: Bool
    var serviceName: String
    var serviceType: String
    var serviceDescription: String
    var region: String
    /// interface -> URL; empty unless `configure_endpoint`.
    var endpoints: [String: String]

    init(_ r: RoleRendering) {
        let configureRoles = r.bool("configure_user_role")
        configureUser = r.bool("configure_user")
        user = r.string("auth_name") ?? "glance"
        email = r.string("email") ?? ""
        tenant = r.string("tenant") ?? "services"
        roles = configureRoles ? r.list("roles") ?? [] : []
        systemRoles = configureRoles ? r.list("system_roles") ?? [] : []
        systemScope = r.string("system_scope") ?? "all"
        configureService = r.bool("configure_service")
        serviceName = r.string("service_name") ?? "glance"
        serviceType = r.string("service_type") ?? "image"
        serviceDescription = r.string("service_description") ?? ""
        region = r.string("region") ?? "RegionOne"
        endpoints = r.bool("configure_endpoint")
            ? Dictionary(uniqueKeysWithValues: KeystoneLegacyEndpoints.interfaces.map { ($0, KeystoneAuthRole.endpoint($0, r)) })
            : [:]
    }

    /// The JSON object the program reads (`spec = json.loads(sys.argv[1])`), keys sorted.
    var json: String {
        let object: [String: Any] = [
            "configure_user": configureUser,
            "user": user,
            "email": email,
            "tenant": tenant,
            "roles": roles,
            "system_roles": systemRoles,
            "system_scope": systemScope,
            "configure_service": configureService,
            "service_name": serviceName,
            "service_type": serviceType,
            "service_description": serviceDescription,
            "region": region,
            "endpoints": endpoints,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
