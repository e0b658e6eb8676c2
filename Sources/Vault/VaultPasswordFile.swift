import Foundation
import Synchronization

/// A `--vault-password-file` or `--vault-id LABEL@FILE`, read as Ansible's
/// `get_file_vault_secret` reads it: a file with any execute bit is run (a `NAME-client` script
/// as `NAME-client --vault-id LABEL`) and its stdout, without the CR and LF around it, is the
/// password; any other file's contents, without the whitespace around them, are. An empty
/// password is refused. The password never goes on a command line.
public enum VaultPasswordFile {
    public static func password(at path: String, label: String) throws(VaultError) -> VaultPassword {
        let resolved = ((path as NSString).expandingTildeInPath as NSString).resolvingSymlinksInPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            throw .passwordSource("vault password file '\(path)' was not found")
        }
        guard !isDirectory.boolValue else { throw .passwordSource("vault password file '\(path)' is a directory") }
        let bytes: [UInt8]
        if isExecutable(resolved) {
            bytes = trimmed(try run(resolved, shownAs: path, label: label), of: [0x0A, 0x0D])
            guard !bytes.isEmpty else { throw .passwordSource("vault password script '\(path)' printed an empty password") }
        } else {
            guard let data = FileManager.default.contents(atPath: resolved) else {
                throw .passwordSource("cannot read vault password file '\(path)'")
            }
            bytes = trimmed(Array(data), of: [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D])
            if bytes.starts(with: Array(VaultCipherText.headerPrefix.utf8)) {
                throw .passwordSource("vault password file '\(path)' is itself encrypted with Ansible Vault, "
                    + "which glance-push does not read: give the password in clear (mode 0600)")
            }
            guard !bytes.isEmpty else { throw .passwordSource("vault password file '\(path)' is empty") }
        }
        return VaultPassword(bytes)
    }

    /// Ansible's `is_executable`: any of the three execute bits.
    private static func isExecutable(_ path: String) -> Bool {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber else {
            return false
        }
        return mode.uint16Value & 0o111 != 0
    }

    /// Ansible's `script_is_client`: the name without its extension ends in `-client`.
    static func isClientScript(_ path: String) -> Bool {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension.hasSuffix("-client")
    }

    /// The script's stdout. Its stdin and (for a plain script) stderr are the terminal's, so it can
    /// prompt; a client script's stderr is kept for the message when it fails.
    private static func run(_ path: String, shownAs shown: String, label: String) throws(VaultError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let isClient = isClientScript(path)
        if isClient { process.arguments = ["--vault-id", label] }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        if isClient { process.standardError = errors }
        do {
            try process.run()
        } catch {
            throw .passwordSource("cannot run vault password script '\(shown)' (\(error.localizedDescription)); "
                + "if it is not a script, remove its execute bits (chmod a-x)")
        }
        let collected = CollectedOutput()
        let reader = Thread {
            collected.set(errors: isClient ? errors.fileHandleForReading.readDataToEndOfFile() : Data())
        }
        reader.start()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = collected.waitForErrors()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let detail = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let status = process.terminationReason == .exit ? "exit status \(process.terminationStatus)"
                : "signal \(process.terminationStatus)"
            if isClient && process.terminationReason == .exit && process.terminationStatus == 2 {
                throw .passwordSource("vault password client script '\(shown)' has no password for vault id '\(label)'"
                    + (detail.isEmpty ? "" : ": \(detail)"))
            }
            throw .passwordSource("vault password script '\(shown)' failed (\(status))" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return Array(stdout)
    }

    private static func trimmed(_ bytes: [UInt8], of set: Set<UInt8>) -> [UInt8] {
        Array(bytes.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

/// A client script's stderr, read on its own thread so that neither pipe fills up and blocks it.
private final class CollectedOutput: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let errors = Mutex(Data())

    func set(errors data: Data) {
        errors.withLock { $0 = data }
        done.signal()
    }

    func waitForErrors() -> Data {
        done.wait()
        return errors.withLock { $0 }
    }
}
