import Basics

/// glance::api's store keys and the checks between it and the backend roles of its play.
enum StoreChecks {
    /// glance_store's driver names, the types of enabled_backends (puppet-glance 2025.1's list plus
    /// vmware; Zed's check named vsphere, which glance_store does not load, and missed s3).
    static let backendTypes = ["file", "http", "swift", "rbd", "cinder", "vmware", "s3"]

    /// The glance_store type a backend role configures: its last name, but vsphere's is vmware.
    static func storeType(of role: RoleSpec) -> String {
        let last = String(role.name.split(separator: ":").last ?? "")
        return last == "vsphere" ? "vmware" : last
    }

    struct Backend: Equatable {
        var id: String
        var type: String
    }

    static func backends(_ r: RoleRendering) throws -> [Backend]? {
        guard let entries = r.list("enabled_backends") else { return nil }
        let isSecret = r.isSecret("enabled_backends")
        func shown(_ text: String) -> String { r.shown(text, of: "enabled_backends") }
        var backends: [Backend] = []
        for entry in entries {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw r.error("enabled_backends entries must be 'id:type', got '\(shown(entry))'",
                              at: "enabled_backends")
            }
            if parts[1] == "vsphere" {
                throw r.error("enabled_backends entry '\(shown(entry))': glance_store's type for the VMware "
                    + "datastore is 'vmware' (glance::backend::multistore::vsphere configures it)", at: "enabled_backends")
            }
            guard backendTypes.contains(parts[1]) else {
                let message = "unknown backend type '\(shown(parts[1]))' in enabled_backends entry '\(shown(entry))' "
                    + "(types: " + backendTypes.joined(separator: ", ") + ")"
                throw r.error(isSecret ? message : NearestName.message(message, for: parts[1], among: backendTypes),
                              at: "enabled_backends")
            }
            if backends.contains(where: { $0.id == parts[0] }) {
                throw r.error("enabled_backends lists id '\(shown(parts[0]))' twice", at: "enabled_backends")
            }
            backends.append(Backend(id: parts[0], type: parts[1]))
        }
        return backends
    }

    @Sendable static func checkAPI(_ r: RoleRendering) throws {
        guard !["enabled_backends", "default_backend", "stores"].contains(where: r.isPending) else { return }
        // The reserved stores (staging, tasks) are Glance's own, never in enabled_backends.
        let storeRoles = r.play.filter {
            $0.spec.name.hasPrefix("glance::backend::") && !$0.spec.name.hasPrefix("glance::backend::reserved::")
        }
        guard let backends = try backends(r) else {
            if r.isGiven("default_backend") {
                throw r.error("'default_backend' needs 'enabled_backends'", at: "default_backend")
            }
            for store in storeRoles {
                let type = storeType(of: store.spec)
                if store.spec.isDefine {
                    throw UserError("\(store.spec.name) '\(store.instance.id ?? "")' needs glance::api "
                        + "enabled_backends listing '\(store.instance.id ?? ""):\(type)'", at: store.instance.location)
                }
                let stores = singleStores(r)
                if !(stores ?? ["file", "http"]).contains(type) {
                    let have = stores.map { "'stores' is \($0.joined(separator: ","))" }
                        ?? "'stores' is unset (Glance's default is file,http)"
                    let scheme = store.spec.name.split(separator: ":").last.map(String.init) ?? type
                    throw UserError("\(store.spec.name) sets default_store = \(scheme), but glance::api \(have), so "
                        + "glance-api would not start; add \(type) to glance::api stores", at: store.instance.location)
                }
            }
            return
        }
        guard let defaultBackend = r.string("default_backend") else {
            throw UserError("'default_backend' is required with 'enabled_backends'",
                            at: r.keyLocation(of: "enabled_backends"))
        }
        let ids = backends.map(\.id)
        if !ids.contains(defaultBackend) {
            let message = "default_backend '\(r.shown(defaultBackend, of: "default_backend"))' is not one of the "
                + "enabled_backends ids (\(r.shown(ids.joined(separator: ", "), of: "enabled_backends")))"
            let isSecret = r.isSecret("default_backend") || r.isSecret("enabled_backends")
            throw r.error(isSecret ? message : NearestName.message(message, for: defaultBackend, among: ids),
                          at: "default_backend")
        }
        for store in storeRoles {
            let type = storeType(of: store.spec)
            guard store.spec.isDefine, let id = store.instance.id else {
                throw UserError("\(store.spec.name) configures the single store [glance_store]; with "
                    + "enabled_backends use glance::backend::multistore::\(type)", at: store.instance.location)
            }
            guard let listed = backends.first(where: { $0.id == id }) else {
                let message = "\(store.spec.name) '\(id)' is not listed in glance::api enabled_backends"
                let suggested = r.isSecret("enabled_backends") ? message : NearestName.message(message, for: id, among: ids)
                throw UserError(suggested, at: store.instance.location)
            }
            if listed.type != type {
                throw UserError("enabled_backends lists '\(id)' as \(listed.type), but it is configured by "
                    + "\(store.spec.name)", at: store.instance.location)
            }
        }
    }

    /// `[glance_store] stores` without enabled_backends: `stores`, else (as puppet-glance does)
    /// `default_store` alone.
    static func singleStores(_ r: RoleRendering) -> [String]? {
        r.list("stores") ?? r.string("default_store").map { [$0] }
    }

    static func renderAPIStores(_ r: inout RoleRendering) throws {
        let enabled = SettingTarget.api("DEFAULT", key: "enabled_backends")
        let defaultBackend = SettingTarget.api("glance_store", key: "default_backend")
        let stores = SettingTarget.api("glance_store", key: "stores")
        let defaultStore = SettingTarget.api("glance_store", key: "default_store")
        if let backends = try backends(r), let chosen = r.string("default_backend") {
            try r.set(enabled, backends.map { "\($0.id):\($0.type)" }.joined(separator: ","), from: "enabled_backends")
            try r.set(defaultBackend, chosen, from: "default_backend")
            try r.remove(stores)
            try r.remove(defaultStore)
            for name in ["stores", "default_store"] where r.isGiven(name) {
                r.warn("'\(name)' is not written with enabled_backends (as puppet-glance, which removes "
                    + "[glance_store] \(name))", at: name)
            }
            return
        }
        try r.remove(enabled)
        try r.remove(defaultBackend)
        if r.isGiven("stores") {
            try r.write("stores", to: stores)
        } else if let chosen = r.string("default_store") {
            try r.set(stores, chosen, from: "default_store")
        } else {
            try r.remove(stores)
        }
        if r.bool("multi_store") {
            if let chosen = r.string("default_store") {
                try r.set(defaultStore, chosen, from: "default_store")
            } else if let first = r.list("stores")?.first {
                try r.set(defaultStore, first, from: "stores")
            }
        } else if r.isGiven("default_store") {
            r.warn("'default_store' is written only with multi_store: true (otherwise the backend role writes it)",
                   at: "default_store")
        }
    }
}
