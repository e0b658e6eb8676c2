/// Options glance-api reads that the generated lists miss, because Glance's generator config for
/// glance-api.conf does not name where they are registered. Both supported releases (25, 30) have them.
extension GlanceOptions {
    static let unlisted: [(file: String, section: String, keys: [String])] = [
        // glance.common.config registers them on the global CONF; the generator lists them under
        // the glance.image_import namespace (glance-image-import.conf), and puppet-glance 2025.1's
        // glance::import_filtering_opts writes them to glance-api.conf.
        ("glance-api.conf", "import_filtering_opts",
         ["allowed_schemes", "disallowed_schemes", "allowed_hosts", "disallowed_hosts", "allowed_ports",
          "disallowed_ports"]),
        // oslo.limit registers keystoneauth's auth options at run time; its list_opts gives only
        // the password plugin's options (puppet's oslo::limit writes auth_type = password).
        ("glance-api.conf", "oslo_limit", ["auth_type", "auth_section"]),
    ]

    /// Store-type options (a `[<backend id>]` section) the generated lists miss.
    static let unlistedStoreOptions: [(type: String, keys: [String])] = [
        // glance_store/driver.py:36 defines store_description (_MULTI_BACKEND_OPTS) and Store.__init__
        // (driver.py:71) registers it on every backend group. The swift driver entry point is the
        // factory function `Store` of glance_store/_drivers/swift/store.py, which has OPTIONS but no
        // MULTI_BACKEND_OPTIONS, so scripts/gen-glance-options finds none; the SingleTenantStore or
        // MultiTenantStore it returns is a driver.Store and registers it (glance_store 4.1.x and later).
        ("swift", ["store_description"]),
    ]
}
