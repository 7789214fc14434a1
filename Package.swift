// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "oesh",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "oesh", targets: ["oesh"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    // C libraries seen from Swift.
    .systemLibrary(
      name: "CEditLine", pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // Whole-entry inflating, about 2.5 times zlib's speed: an entry is read in one piece anyway.
    .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),

    // The cellar: Apidae exports, read and written; no knowledge of campaigns.
    .target(
      name: "Apidae",
      dependencies: ["CZlib", "CDeflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    // Open Edit's side: the workspace, its store, sync, campaigns, offres, mail.
    .target(
      name: "OpenEdit",
      dependencies: [
        "Apidae",
        .product(name: "GRDB", package: "GRDB.swift"),
        // The SQLite C API, for the few loops that read columns without making values (listings).
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]),
    // libedit behind a small protocol; plain reading when stdin is not a tty.
    .target(name: "LineEditing", dependencies: ["CEditLine"]),
    // Commands, parsing of a line, rendering, scripts, tutorial.
    .target(
      name: "Shell",
      dependencies: [
        "OpenEdit", "LineEditing",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The door: argv and wiring.
    .executableTarget(
      name: "oesh",
      dependencies: ["Shell", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

    // The story of a small territory as Apidae exports it, written by the shell's and the terminal's tests.
    .target(name: "StoryFixtures", dependencies: ["Apidae"], path: "Tests/StoryFixtures"),
    .testTarget(name: "ApidaeTests", dependencies: ["Apidae"]),
    .testTarget(name: "OpenEditTests", dependencies: ["OpenEdit", "Apidae"], exclude: ["python"]),
    .testTarget(name: "ShellTests", dependencies: ["Shell", "Apidae", "StoryFixtures"], exclude: ["Transcripts"]),
    .testTarget(name: "TerminalTests", dependencies: ["StoryFixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
