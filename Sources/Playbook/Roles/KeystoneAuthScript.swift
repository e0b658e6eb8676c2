import Foundation

/// glance::keystone::auth's records made by one openstacksdk program: one interpreter and one
/// token instead of a dozen `openstack` runs (each a few seconds of start-up). The parameters,
/// none secret, are its first argument as JSON; the glance password is $GLANCE_PASSWORD.
enum KeystoneAuthScript {
    static let source = """
        import json, os, sys, openstack
        spec = json.loads(sys.argv[1])
        identity = openstack.connect().identity
        def the_user():
            return identity.find_user(spec["user"], domain_id="default", ignore_missing=False)
        if spec["configure_user"]:
            user = identity.find_user(spec["user"], domain_id="default")
            if user is None:
                identity.create_user(name=spec["user"], email=spec["email"], domain_id="default",
                                     password=os.environ["GLANCE_PASSWORD"], is_enabled=True)
            else:
                identity.update_user(user, password=os.environ["GLANCE_PASSWORD"])
        if spec["roles"]:
            project = identity.find_project(spec["tenant"], domain_id="default", ignore_missing=False)
            for role in spec["roles"]:
                identity.assign_project_role_to_user(project, the_user(), identity.find_role(role, ignore_missing=False))
        for role in spec["system_roles"]:
            identity.assign_system_role_to_user(the_user(), identity.find_role(role, ignore_missing=False),
                                                spec["system_scope"])
        service = next(iter(identity.services(type=spec["service_type"])), None)
        if spec["configure_service"] and service is None:
            service = identity.create_service(name=spec["service_name"], type=spec["service_type"],
                                              description=spec["service_description"], is_enabled=True)
        for interface, url in sorted(spec["endpoints"].items()):
            if service is None:
                sys.exit("no %s service in Keystone to add endpoints to" % spec["service_type"])
            if not list(identity.endpoints(service_id=service.id, interface=interface, region_id=spec["region"])):
                identity.create_endpoint(service_id=service.id, interface=interface, url=url, region_id=spec["region"])
        """

    /// `python3 -c SOURCE 'JSON'` with the password passed through the environment only.
    static func command(_ r: RoleRendering) -> String {
        let configureRoles = r.bool("configure_user_role")
        let spec: [String: Any] = [
            "configure_user": r.bool("configure_user"),
            "user": r.string("auth_name") ?? "glance",
            "email": r.string("email") ?? "",
            "tenant": r.string("tenant") ?? "services",
            "roles": configureRoles ? r.list("roles") ?? [] : [],
            "system_roles": configureRoles ? r.list("system_roles") ?? [] : [],
            "system_scope": r.string("system_scope") ?? "all",
            "configure_service": r.bool("configure_service"),
            "service_name": r.string("service_name") ?? "glance",
            "service_type": r.string("service_type") ?? "image",
            "service_description": r.string("service_description") ?? "",
            "region": r.string("region") ?? "RegionOne",
            "endpoints": r.bool("configure_endpoint")
                ? Dictionary(uniqueKeysWithValues: ["public", "internal", "admin"].map { ($0, r.string("\($0)_url") ?? "") })
                : [String: String](),
        ]
        let json = (try? JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "GLANCE_PASSWORD=\"$GLANCE_PASSWORD\" /usr/bin/python3 -c \(ShellQuote.quote(source)) \(ShellQuote.quote(json))"
    }
}
