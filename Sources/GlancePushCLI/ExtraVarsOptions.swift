import ArgumentParser
import Inventory
import Vault

/// `-e`/`--extra-vars`, on every command that reads the inventory: variables above all of the
/// inventory's, usable in the playbook as `{{ name }}` (see `ExtraVars`).
struct ExtraVarsOptions: ParsableArguments {
    @Option(name: [.customShort("e"), .customLong("extra-vars")],
            help: ArgumentHelp("Variables above the inventory's: key=value ..., YAML or JSON, or @FILE (repeatable).",
                               valueName: "vars"))
    var extraVars: [String] = []

    func load(keyring: VaultKeyring) throws -> ExtraVars {
        try ExtraVars.parse(extraVars, keyring: keyring)
    }
}

extension Inventory {
    /// The inventory at `path` with `extraVars` over it, decrypted with `keyring`.
    static func load(path: String, keyring: VaultKeyring, extraVars: ExtraVarsOptions) throws -> Inventory {
        try Inventory.load(path: path, keyring: keyring).applying(try extraVars.load(keyring: keyring))
    }
}
