// swift-tools-version:6.0
// tandem — carry upstream changes onto forked copies of source files.
//
// Layering (arrows point at what a target may import):
//   tandem ─► TandemCLI ─► ArgumentParser
//                └─► Tandem (the use cases: port, apply, drift, siblings, hooks, report; no printing)
//                      ├─► TandemGit ─► CLibGit2 (pkg-config libgit2)
//                      ├─► TandemIO ──────┐
//                      ├─► TandemReport ──┼─► TandemCore (standard library only)
//                      └──────────────────┘
import PackageDescription

let package = Package(
    name: "tandem",
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "Tandem", targets: ["Tandem"]),
        .library(name: "TandemCore", targets: ["TandemCore"]),
        .library(name: "TandemIO", targets: ["TandemIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(name: "TandemCore"),
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "TandemGit", dependencies: ["TandemCore", "CLibGit2"]),
        .target(name: "TandemIO", dependencies: ["TandemCore", .product(name: "Yams", package: "yams")]),
        .target(name: "TandemReport", dependencies: ["TandemCore"]),
        .target(name: "Tandem", dependencies: ["TandemCore", "TandemGit", "TandemIO", "TandemReport"]),
        .target(
            name: "TandemCLI",
            dependencies: [
                "Tandem", "TandemCore", "TandemGit", "TandemIO", "TandemReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tandem", dependencies: ["TandemCLI"]),

        // Test scaffolding shared by the test targets (scratch folders, fixtures, git repositories, golden
        // files, subprocesses); Foundation only.
        .target(name: "TandemTestSupport", path: "Tests/TandemTestSupport"),
        .testTarget(name: "TandemCoreTests", dependencies: ["TandemCore", "TandemTestSupport"]),
        .testTarget(name: "TandemGitTests", dependencies: ["TandemGit", "TandemCore", "TandemTestSupport"]),
        .testTarget(name: "TandemIOTests", dependencies: ["TandemIO", "TandemCore", "TandemTestSupport"]),
        .testTarget(name: "TandemReportTests", dependencies: ["TandemReport", "TandemCore"]),
        .testTarget(
            name: "TandemTests",
            dependencies: ["Tandem", "TandemCore", "TandemGit", "TandemIO", "TandemReport", "TandemTestSupport"]),
        .testTarget(name: "TandemCLITests", dependencies: ["TandemCLI", "TandemCore", "tandem", "TandemTestSupport"]),
    ]
)
