import Basics
import Foundation
import Vault

/// A group_vars/ or host_vars/ directory, listed once: of 64,000 hosts from one range most have
/// no file there, and looking up four names for each was a large part of loading them.
struct VarsDirectory {
    private let path: String
    /// Entry names, lowercased, with and without a vars file extension: only a filter, since
    /// `VarsFiles.files` makes the real lookup (and a case-insensitive file system finds
    /// `Web1.yml` for host `web1`).
    private let stems: Set<String>

    init(path: String) throws(UserError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            stems = []
            return
        }
        do {
            stems = Set(try FileManager.default.contentsOfDirectory(atPath: path).flatMap(Self.stems))
        } catch {
            throw UserError("cannot list vars directory '\(path)'")
        }
    }

    /// `Web1.yml` → `web1.yml`, `web1`: the names of hosts or groups it may be for.
    private static func stems(_ entry: String) -> [String] {
        let lowercased = entry.lowercased()
        let stripped = VarsFiles.extensions.filter { !$0.isEmpty && lowercased.hasSuffix($0) }
            .map { String(lowercased.dropLast($0.count)) }
        return [lowercased] + stripped
    }

    /// The variables of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` or `NAME/` here.
    func variables(of name: String, keyring: VaultKeyring) throws(UserError) -> [String: InventoryVariable] {
        let mayHaveFile = name.contains("/" as Character) || stems.contains(name.lowercased())
        guard mayHaveFile else { return [:] }
        return try VarsFiles.load(directory: path, name: name, keyring: keyring)
    }
}
