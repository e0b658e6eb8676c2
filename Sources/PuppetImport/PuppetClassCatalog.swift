import Basics
import Playbook

/// The puppet-glance classes and defines the importer knows (reference/puppet-glance.md §1): the
/// role catalog's, which it imports, and the others, which it leaves out saying why.
enum PuppetClassCatalog {
    /// The release a playbook is imported for: `plan`'s default.
    static let release = TargetRelease.debian12Zed

    /// puppet-glance classes and defines glance-push has no role for, with the reason.
    static let withoutRole: [String: String] = {
        var reasons = [
            "glance::params": "it only holds puppet-glance's OS constants",
            "glance::notify": "it never existed in puppet-glance (did you mean 'glance::notify::rabbitmq'?)",
        ]
        reasons.merge(RoleCatalog.unsupported) { current, _ in current }
        for name in ["glance::registry::db", "glance::registry::logging", "glance::registry::authtoken"] {
            reasons[name] = GlanceRegistryRole.removal.reason
        }
        return reasons
    }()

    /// puppet-glance's own resource types, with the `glance::config` parameter each maps to.
    static let configTypes: [String: String] = [
        "glance_api_config": "api_config",
        "glance_api_paste_ini": "api_paste_ini_config",
        "glance_cache_config": "cache_config",
        "glance_image_import_config": "image_import_config",
        "glance_rootwrap_config": "rootwrap_config",
    ]

    static func isGlance(_ name: String) -> Bool { name == "glance" || name.hasPrefix("glance::") }

    /// The role to import `name` as, or nil when it is left out.
    static func role(named name: String) -> RoleSpec? {
        RoleCatalog.role(named: name).flatMap { $0.isRemoved(in: release) ? nil : $0 }
    }

    /// Why a glance class or define that `role(named:)` has no role for is left out.
    static func leftOut(_ name: String) -> String {
        if let removal = RoleCatalog.role(named: name)?.removal {
            return "class '\(name)' left out: \(removal.reason), and glance-push refuses it on Glance "
                + "\(removal.glanceMajor) and later; to remove an old \(name) from a host, give the playbook "
                + "'\(name): { ensure: absent }'"
        }
        if let reason = withoutRole[name] { return "class '\(name)' left out: \(reason)" }
        return NearestName.message("unknown class '\(name)'", for: name, among: RoleCatalog.names + withoutRole.keys.sorted())
            + "; left out"
    }

    /// A warning for a deprecated class that is still imported.
    static func note(for name: String) -> String? {
        guard ["rbd", "file", "swift", "cinder"].map({ "glance::backend::\($0)" }).contains(name) else { return nil }
        let store = name.dropFirst("glance::backend::".count)
        return "class '\(name)' is deprecated: it wraps glance::backend::multistore::\(store) titled 'glance_store'; prefer glance::api 'enabled_backends' with that define"
    }

    static func isDefine(_ name: String) -> Bool { RoleCatalog.role(named: name)?.isDefine ?? false }

    /// A warning when a define is declared like a class (`class { }` or `include`).
    static func defineNote(for name: String) -> String? {
        isDefine(name) ? "'\(name)' is a define: declare it as \(name) { 'ID': … } (the title is the store id)" : nil
    }
}
