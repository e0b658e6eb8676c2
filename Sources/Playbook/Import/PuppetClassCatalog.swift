/// The puppet-glance classes and defines the importer knows (reference/puppet-glance.md §1),
/// and what it has to say about the removed or deprecated ones.
enum PuppetClassCatalog {
    static let classes: [String] = [
        "glance", "glance::params", "glance::api", "glance::api::db", "glance::api::logging",
        "glance::api::authtoken", "glance::policy", "glance::cache::logging", "glance::cache::cleaner",
        "glance::cache::pruner", "glance::registry", "glance::registry::db", "glance::registry::logging",
        "glance::registry::authtoken", "glance::notify::rabbitmq", "glance::backend::rbd", "glance::backend::file",
        "glance::backend::swift", "glance::backend::cinder", "glance::backend::reserved::staging",
        "glance::backend::reserved::tasks", "glance::db::mysql", "glance::db::postgresql", "glance::db::sync",
        "glance::db::metadefs", "glance::keystone::auth", "glance::config", "glance::client", "glance::wsgi::uwsgi",
        "glance::wsgi::apache", "glance::healthcheck", "glance::cron::db_purge", "glance::cors",
        "glance::key_manager", "glance::key_manager::barbican", "glance::limit",
    ]

    static let defines: [String] = ["file", "rbd", "swift", "cinder", "http", "s3", "vsphere"]
        .map { "glance::backend::multistore::\($0)" }

    /// puppet-glance's own resource types, with the `glance::config` parameter each maps to.
    static let configTypes: [String: String] = [
        "glance_api_config": "api_config",
        "glance_api_paste_ini": "api_paste_ini_config",
        "glance_cache_config": "cache_config",
        "glance_image_import_config": "image_import_config",
        "glance_rootwrap_config": "rootwrap_config",
    ]

    static func isGlance(_ name: String) -> Bool { name == "glance" || name.hasPrefix("glance::") }

    /// A warning for a declared class or define, or nil when it is current.
    static func note(for name: String) -> String? {
        if name.hasPrefix("glance::registry") {
            return "class '\(name)' was removed in Victoria (Glance 21); glance-push refuses it for current releases: delete it, or set 'ensure: absent' to remove an old glance-registry"
        }
        if name == "glance::notify" {
            return "class 'glance::notify' never existed in puppet-glance (did you mean 'glance::notify::rabbitmq'?)"
        }
        if ["rbd", "file", "swift", "cinder"].map({ "glance::backend::\($0)" }).contains(name) {
            let store = name.dropFirst("glance::backend::".count)
            return "class '\(name)' is deprecated: it wraps glance::backend::multistore::\(store) titled 'glance_store'; prefer glance::api 'enabled_backends' with that define"
        }
        if classes.contains(name) || defines.contains(name) { return nil }
        return "unknown class '\(name)'" + suggestion(for: name, among: classes + defines)
    }

    /// A warning when a define is declared like a class (`class { }` or `include`).
    static func defineNote(for name: String) -> String? {
        defines.contains(name) ? "'\(name)' is a define: declare it as \(name) { 'ID': … } (the title is the store id)" : nil
    }

    /// ` (did you mean 'x'?)`, or "" when nothing is close.
    static func suggestion(for name: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, editDistance(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 4) else { return "" }
        return " (did you mean '\(best.0)'?)"
    }

    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left.unicodeScalars)
        let b = Array(right.unicodeScalars)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
