// swift-tools-version:6.0
// tandem's libFuzzer targets (issue #9), kept out of the main package: they link only with
// `-sanitize=fuzzer`. Built and run by scripts/fuzz:
//
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
//
// Each target's main.swift hands its check to libFuzzer through `LLVMFuzzerRunDriver` (SwiftPM links
// executables with its own main, so a bare `LLVMFuzzerTestOneInput` cannot be the entry point).
import Foundation
import PackageDescription

// The parent package's identity is the name of its folder, whatever the clone is called.
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "TandemFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "fuzz-parser", dependencies: ["FuzzSupport", .product(name: "TandemCore", package: parent)]),
        .executableTarget(name: "fuzz-placement", dependencies: ["FuzzSupport", .product(name: "TandemCore", package: parent)]),
        .executableTarget(name: "fuzz-port", dependencies: ["FuzzSupport", .product(name: "TandemCore", package: parent)]),
        .executableTarget(name: "fuzz-merge3", dependencies: ["FuzzSupport", .product(name: "TandemCore", package: parent)]),
        .executableTarget(name: "fuzz-binary", dependencies: ["FuzzSupport", .product(name: "TandemCore", package: parent)]),
        .executableTarget(name: "fuzz-forkmap", dependencies: ["FuzzSupport", .product(name: "TandemIO", package: parent)]),
    ]
)
