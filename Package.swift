// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "glance-push",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "glance-push", targets: ["glance-push"]),
        .executable(name: "glance-loadgen", targets: ["glance-loadgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Vault", dependencies: ["CCrypto"], exclude: ["README.md"]),
        .target(
            name: "SSH",
            dependencies: ["CLibSSH2", "CZlib", "CCrypto", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Basics", exclude: ["README.md"]),
        .target(name: "Inventory", dependencies: ["Basics", "Vault", .product(name: "Yams", package: "Yams")]),
        .target(name: "Playbook", dependencies: ["Basics", "Inventory", "Vault", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "PuppetImport", dependencies: ["Basics", "Playbook"], exclude: ["README.md"]),
        .target(name: "Planner", dependencies: ["Basics", "Playbook"]),
        .target(
            name: "Deploy",
            dependencies: [
                "Basics", "SSH", "Inventory", "Playbook", "Planner", "CCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "GlancePushCLI",
            dependencies: [
                "Basics", "Deploy", "SSH", "Inventory", "Playbook", "PuppetImport", "Planner", "Vault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "glance-push", dependencies: ["GlancePushCLI"]),
        .target(name: "HTTPLoad"),
        .executableTarget(name: "glance-loadgen", dependencies: ["HTTPLoad", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "LabSupport", path: "Tests/LabSupport"),
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport"),
        .testTarget(name: "SSHTests", dependencies: ["Basics", "SSH", "Deploy", "Inventory", "LabSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"]),
        .testTarget(name: "VaultTests", dependencies: ["Vault"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InventoryTests", dependencies: ["Basics", "Inventory", "Vault", "FuzzSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlaybookTests", dependencies: ["Basics", "Playbook", "Inventory", "Vault", "FuzzSupport", .product(name: "Yams", package: "Yams")], resources: [.copy("Fixtures")]),
        .testTarget(name: "PuppetImportTests", dependencies: ["Basics", "PuppetImport", "Playbook", "Inventory", "FuzzSupport", .product(name: "Yams", package: "Yams")], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlannerTests", dependencies: ["Basics", "Planner", "Playbook", "Inventory", "Vault", "FuzzSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["Basics", "GlancePushCLI", "Deploy", "Inventory", "Vault", "LabSupport",
                                                   .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["Snapshots"]),
        .testTarget(name: "DeployTests", dependencies: ["Basics", "Deploy", "SSH", "Inventory", "Planner", "Playbook", "Vault", "LabSupport", "HTTPLoad"]),
    ],
    swiftLanguageModes: [.v6]
)
