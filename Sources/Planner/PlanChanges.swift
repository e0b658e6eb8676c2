import Playbook

/// What applying a `HostPlan` would change on a host, compared with its facts. Empty means the
/// host is already as planned (a noop deploy).
public struct PlanChanges: Sendable, Equatable, Codable {
    public struct FileChange: Sendable, Equatable, Codable {
        public var path: String
        /// The file does not exist on the host yet.
        public var isNew: Bool
        public var contentChanged: Bool
        /// Owner or group differ.
        public var ownerChanged: Bool
        public var modeChanged: Bool

        public init(path: String, isNew: Bool, contentChanged: Bool, ownerChanged: Bool, modeChanged: Bool) {
            self.path = path
            self.isNew = isNew
            self.contentChanged = contentChanged
            self.ownerChanged = ownerChanged
            self.modeChanged = modeChanged
        }
    }

    public var files: [FileChange]
    /// Missing packages, and pinned versions that differ (`latest` counts only when missing).
    public var packagesToInstall: [PackageRequirement]
    /// Installed packages planned `absent`.
    public var packagesToRemove: [String]
    /// Running services fed by a changed file (new content) or an installed/removed package.
    public var servicesToRestart: [String]
    /// Services planned running that are not running (not also listed in `servicesToRestart`).
    public var servicesToStart: [String]
    public var servicesToStop: [String]
    public var servicesToEnable: [String]
    public var servicesToDisable: [String]
    /// Ids of the one-shot commands to run: untriggered ones always, the others when one of
    /// their `triggeredBy` files or packages changes.
    public var oneShots: [String]

    public init(files: [FileChange] = [], packagesToInstall: [PackageRequirement] = [],
                packagesToRemove: [String] = [], servicesToRestart: [String] = [],
                servicesToStart: [String] = [], servicesToStop: [String] = [],
                servicesToEnable: [String] = [], servicesToDisable: [String] = [], oneShots: [String] = []) {
        self.files = files
        self.packagesToInstall = packagesToInstall
        self.packagesToRemove = packagesToRemove
        self.servicesToRestart = servicesToRestart
        self.servicesToStart = servicesToStart
        self.servicesToStop = servicesToStop
        self.servicesToEnable = servicesToEnable
        self.servicesToDisable = servicesToDisable
        self.oneShots = oneShots
    }

    /// A service is stopped, restarted or started: what restart hooks and load-balancer drains wrap.
    public var touchesServices: Bool {
        !(servicesToStop + servicesToRestart + servicesToStart).isEmpty
    }

    /// Nothing to write, install, remove or (re)start; one-shots alone do not count.
    public var isEmpty: Bool {
        files.isEmpty && packagesToInstall.isEmpty && packagesToRemove.isEmpty && servicesToRestart.isEmpty
            && servicesToStart.isEmpty && servicesToStop.isEmpty && servicesToEnable.isEmpty && servicesToDisable.isEmpty
    }
}

extension HostPlan {
    /// Compares the plan with the host as gathered.
    public func changes(against facts: HostFacts) -> PlanChanges {
        var result = PlanChanges()
        for file in files {
            let current = facts.files[file.path]
            let change = PlanChanges.FileChange(
                path: file.path, isNew: current == nil, contentChanged: current?.content != file.content,
                ownerChanged: current.map { $0.owner != file.owner || $0.group != file.group } ?? true,
                modeChanged: current.map { $0.mode != file.mode } ?? true)
            if change.isNew || change.contentChanged || change.ownerChanged || change.modeChanged {
                result.files.append(change)
            }
        }
        for package in packages {
            let installed = facts.packages[package.name]
            switch package.ensure {
            case .present, .latest:
                if installed == nil { result.packagesToInstall.append(package) }
            case .version(let version):
                if installed != version { result.packagesToInstall.append(package) }
            case .absent:
                if installed != nil { result.packagesToRemove.append(package.name) }
            }
        }
        let changedInputs = Set(result.files.filter(\.contentChanged).map(\.path)
            + result.packagesToInstall.map(\.name) + result.packagesToRemove)
        for service in services {
            let state = facts.services[service.name] ?? ServiceState(running: false, enabled: false)
            if service.running && !state.running {
                result.servicesToStart.append(service.name)
            } else if !service.running && state.running {
                result.servicesToStop.append(service.name)
            } else if service.running && !changedInputs.isDisjoint(with: service.restartedBy) {
                result.servicesToRestart.append(service.name)
            }
            if service.enabled && !state.enabled { result.servicesToEnable.append(service.name) }
            if !service.enabled && state.enabled { result.servicesToDisable.append(service.name) }
        }
        result.oneShots = oneShots
            .filter { $0.triggeredBy.isEmpty || !changedInputs.isDisjoint(with: $0.triggeredBy) }
            .map(\.id)
        return result
    }

    /// `diff -u` of every file whose content would change, headers naming the host, secrets
    /// masked; "" when none.
    public func diff(against facts: HostFacts) -> String {
        files.map { file in
            UnifiedDiff.diff(from: facts.files[file.path]?.content ?? "", to: file.content,
                             path: file.path, host: host, mask: ContentMask(file))
        }.joined()
    }
}
