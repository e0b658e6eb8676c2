import Synchronization

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
        command(for: KeystoneAuthSpec(r))
    }

    /// The command for `spec`, built once per distinct spec: every controller of a play usually
    /// has the same one, and JSON serialization is most of the cost of rendering this role.
    static func command(for spec: KeystoneAuthSpec) -> String {
        if let known = commands.withLock({ $0[spec] }) { return known }
        let command = "GLANCE_PASSWORD=\"$GLANCE_PASSWORD\" /usr/bin/python3 -c \(quotedSource) "
            + ShellQuote.quote(spec.json)
        commands.withLock { $0[spec] = command }
        return command
    }

    private static let quotedSource = ShellQuote.quote(source)
    private static let commands = Mutex<[KeystoneAuthSpec: String]>([:])
}
