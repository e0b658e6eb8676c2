import Basics
import Playbook

extension Planner {
    struct OwnedWholeFile {
        var file: WholeFile
        var role: String
    }

    /// Whole files by path; the same path from two roles must have the same content and metadata.
    static func mergeWholeFiles(_ outputs: [RoleOutput]) throws -> [String: OwnedWholeFile] {
        var files: [String: OwnedWholeFile] = [:]
        for output in outputs {
            for file in output.wholeFiles {
                if let existing = files[file.path] {
                    guard existing.file == file else {
                        throw UserError("\(file.path) is rendered differently by role '\(existing.role)' and role '\(output.role)'")
                    }
                    continue
                }
                files[file.path] = OwnedWholeFile(file: file, role: output.role)
            }
        }
        return files
    }

    /// One requirement per package, sorted by name; `present` and `latest` together make `latest`,
    /// any other difference is an error. `restarts` is the union.
    static func mergePackages(_ outputs: [RoleOutput]) throws -> [PackageRequirement] {
        var merged: [String: (requirement: PackageRequirement, role: String)] = [:]
        for output in outputs {
            for package in output.packages {
                guard let found = merged[package.name] else {
                    merged[package.name] = (package, output.role)
                    continue
                }
                var current = found.requirement
                let role = found.role
                switch (current.ensure, package.ensure) {
                case let (lhs, rhs) where lhs == rhs: break
                case (.present, .latest), (.latest, .present): current.ensure = .latest
                default:
                    throw UserError("package '\(package.name)': role '\(role)' wants \(describe(current.ensure)), "
                        + "role '\(output.role)' wants \(describe(package.ensure))")
                }
                current.restarts = Set(current.restarts + package.restarts).sorted()
                merged[package.name] = (current, role)
            }
        }
        return merged.keys.sorted().compactMap { name in
            merged[name].map { entry in
                var requirement = entry.requirement
                requirement.restarts = Set(requirement.restarts).sorted()
                return requirement
            }
        }
    }

    /// One spec per service, sorted by name. `restartedBy` = the files the roles name plus every
    /// package whose `restarts` names the service.
    static func mergeServices(_ outputs: [RoleOutput], packages: [PackageRequirement]) throws -> [ServiceSpec] {
        var merged: [String: (spec: ServiceSpec, role: String)] = [:]
        for output in outputs {
            for service in output.services {
                guard let found = merged[service.name] else {
                    merged[service.name] = (service, output.role)
                    continue
                }
                var current = found.spec
                let role = found.role
                if current.running != service.running || current.enabled != service.enabled {
                    throw UserError("service '\(service.name)': role '\(role)' wants it \(describe(current)), "
                        + "role '\(output.role)' wants it \(describe(service))")
                }
                if let health = service.health {
                    if let existing = current.health, existing != health {
                        throw UserError("service '\(service.name)': roles '\(role)' and '\(output.role)' give different health checks")
                    }
                    current.health = health
                }
                current.restartedBy += service.restartedBy
                merged[service.name] = (current, role)
            }
        }
        return merged.keys.sorted().compactMap { name in
            guard var spec = merged[name]?.spec else { return nil }
            let feeding = packages.filter { $0.restarts.contains(name) }.map(\.name)
            spec.restartedBy = Set(spec.restartedBy + feeding).sorted()
            return spec
        }
    }

    /// One-shot commands in order of first appearance; one id must mean one command.
    static func mergeOneShots(_ outputs: [RoleOutput]) throws -> [OneShotCommand] {
        var result: [OneShotCommand] = []
        var owners: [String: String] = [:]
        for output in outputs {
            for command in output.oneShots {
                if let index = result.firstIndex(where: { $0.id == command.id }) {
                    guard result[index] == command else {
                        throw UserError("one-shot command '\(command.id)' is defined differently by role "
                            + "'\(owners[command.id] ?? "")' and role '\(output.role)'")
                    }
                    continue
                }
                owners[command.id] = output.role
                result.append(command)
            }
        }
        return result
    }

    static func describe(_ ensure: PackageRequirement.Ensure) -> String {
        switch ensure {
        case .present: return "present"
        case .latest: return "latest"
        case .absent: return "absent"
        case .version(let version): return "version \(version)"
        }
    }

    static func describe(_ service: ServiceSpec) -> String {
        (service.running ? "running" : "stopped") + " and " + (service.enabled ? "enabled" : "disabled")
    }
}
