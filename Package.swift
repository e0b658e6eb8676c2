// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "glance-push",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "glance-push", targets: ["glance-push"]),
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
            dependencies: ["CLibSSH2", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Inventory", dependencies: ["Vault", .product(name: "Yams", package: "Yams")]),
        .target(name: "Playbook", dependencies: ["Inventory", "Vault", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "Planner", dependencies: ["Inventory", "Playbook"]),
        .target(
            name: "Deploy",
            dependencies: [
                "SSH", "Inventory", "Playbook", "Planner", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "GlancePushCLI",
            dependencies: [
                "Deploy", "SSH", "Inventory", "Playbook", "Planner", "Vault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "glance-push", dependencies: ["GlancePushCLI"]),
        .target(name: "LabSupport", path: "Tests/LabSupport"),
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport"),
        .testTarget(name: "SSHTests", dependencies: ["SSH", "Deploy", "Inventory", "LabSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "VaultTests", dependencies: ["Vault"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "Vault", "FuzzSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlaybookTests", dependencies: ["Playbook", "Inventory", "Vault", "FuzzSupport", .product(name: "Yams", package: "Yams")], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "Playbook", "Inventory", "Vault", "FuzzSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["GlancePushCLI", "Deploy", "Inventory", "Vault", "LabSupport",
                                                   .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["Snapshots"]),
        .testTarget(name: "DeployTests", dependencies: ["Deploy", "SSH", "Inventory", "Planner", "Playbook", "LabSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
