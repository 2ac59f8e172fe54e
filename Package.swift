// swift-tools-version:6.2
import PackageDescription

let settings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "meishi",
  platforms: [.macOS(.v14)],
  products: [.executable(name: "meishi", targets: ["meishi"])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    // C libraries, behind one small module.
    .systemLibrary(
      name: "CTesseract", path: "Sources/CTesseract",
      providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),

    // libcurl for SMTP (STARTTLS, AUTH), through typed wrappers of its variadic setopt.
    .systemLibrary(
      name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),

    // Three of libtesseract's inner calls replaced from the executable: OpenMP regions run
    // inline, LSTM-only engines skip the legacy ambiguity table, and line images are kept
    // without PNG compression (see hooks.c).
    // libtesseract's references to libgomp are versioned (GOMP_parallel@GOMP_4.0), so the
    // linker does not export the executable's definitions unless asked.
    .target(
      name: "CTesseractHooks", path: "Sources/CTesseractHooks",
      linkerSettings: [
        .unsafeFlags(
          ["GOMP_parallel", "GOMP_parallel_sections", "GOMP_sections_next", "GOMP_sections_end_nowait"]
            .flatMap { ["-Xlinker", "--export-dynamic-symbol=\($0)"] }, .when(platforms: [.linux]))
      ]),

    // Dependency-free value types shared by every stage.
    .target(name: "MeishiCore", swiftSettings: settings),

    // Pipeline stages.
    .target(name: "MeishiImaging", dependencies: ["MeishiCore"], swiftSettings: settings),
    .target(
      name: "MeishiOCR",
      dependencies: [
        "MeishiCore", "MeishiImaging", "CTesseract", "CTesseractHooks",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: settings),
    .target(
      name: "MeishiParsing", dependencies: ["MeishiCore"], swiftSettings: settings),
    .target(name: "MeishiDedupe", dependencies: ["MeishiCore"], swiftSettings: settings),
    .target(
      name: "MeishiFollowUp", dependencies: ["MeishiCore"], swiftSettings: settings),
    .target(name: "MeishiConfig", swiftSettings: settings),
    .target(name: "MeishiInterchange", dependencies: ["MeishiCore"], swiftSettings: settings),
    .target(
      name: "MeishiMail",
      dependencies: [
        "MeishiCore", "CCurl", .product(name: "Mustache", package: "swift-mustache"),
      ],
      swiftSettings: settings),
    .target(
      name: "MeishiStore",
      dependencies: [
        "MeishiCore", "MeishiDedupe", "MeishiFollowUp",
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: settings),
    .target(
      name: "MeishiPipeline",
      dependencies: [
        "MeishiCore", "MeishiOCR", "MeishiParsing", "MeishiStore", "MeishiMail", "MeishiFollowUp",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: settings),
    .target(
      name: "MeishiCLI",
      dependencies: [
        "MeishiCore", "MeishiPipeline", "MeishiStore", "MeishiFollowUp", "MeishiParsing",
        "MeishiConfig", "MeishiMail", "MeishiInterchange",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: settings),
    .executableTarget(name: "meishi", dependencies: ["MeishiCLI"], swiftSettings: settings),
    // Benchmarks (scripts/bench-store): builds synthetic stores and times dedupe-and-insert.
    .executableTarget(
      name: "meishi-bench",
      dependencies: ["MeishiCore", "MeishiFollowUp", "MeishiStore", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: settings),

    // Tests: one target per library.
    .target(
      name: "MeishiTestSupport", dependencies: ["MeishiCore"], path: "Tests/MeishiTestSupport",
      swiftSettings: settings),
    .testTarget(
      name: "MeishiCoreTests", dependencies: ["MeishiCore", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiImagingTests", dependencies: ["MeishiImaging", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiOCRTests",
      dependencies: ["MeishiOCR", "MeishiImaging", "CTesseractHooks", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiParsingTests", dependencies: ["MeishiParsing", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiDedupeTests", dependencies: ["MeishiDedupe", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiFollowUpTests", dependencies: ["MeishiFollowUp", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiConfigTests", dependencies: ["MeishiConfig", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiInterchangeTests", dependencies: ["MeishiInterchange", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiMailTests", dependencies: ["MeishiMail", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiStoreTests",
      dependencies: ["MeishiStore", "MeishiTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiPipelineTests",
      dependencies: ["MeishiPipeline", "MeishiStore", "MeishiMail", "MeishiFollowUp", "MeishiTestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "MeishiCLITests", dependencies: ["MeishiCLI", "meishi", "MeishiTestSupport"],
      swiftSettings: settings),
  ]
)
