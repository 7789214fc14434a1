import Foundation
import XCTest

@testable import Shell

/// Golden transcripts: each `Transcripts/NAME.oesh` runs with the real binary on a fresh workspace and
/// its standard output, standard error and exit status are compared with `NAME.out`, `NAME.err` and
/// `NAME.status` (missing files mean empty output and status 0).
///
/// Directives at the top of a script: `#! args …` (more arguments for oesh), `#! fixture hotentic` (the
/// real Apidae export in `snapshots/`), `#! demo` (the demo workspace instead of an empty one),
/// `#! stdin` (the script is piped to standard input instead of `-f`).
/// `OESH_ACCEPT=1 swift test --filter TranscriptTests` rewrites the expected files for review.
final class TranscriptTests: XCTestCase {
  static let folder = OeshProcess.repoRoot.appendingPathComponent("Tests/ShellTests/Transcripts")

  func testTranscripts() throws {
    let fm = FileManager.default
    let names = try fm.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".oesh") }.sorted()
    XCTAssertFalse(names.isEmpty, "no transcripts in \(Self.folder.path)")
    let accept = ProcessInfo.processInfo.environment["OESH_ACCEPT"] == "1"
    for name in names {
      try runTranscript(name, accept: accept)
    }
  }

  func runTranscript(_ name: String, accept: Bool) throws {
    let fm = FileManager.default
    let dir = try OeshProcess.temporaryDirectory(self)
    for f in try fm.contentsOfDirectory(atPath: Self.folder.path) {
      try fm.copyItem(at: Self.folder.appendingPathComponent(f), to: dir.appendingPathComponent(f))
    }
    let script = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    var extra: [String] = []
    var useStdin = false
    var demo = false
    var fixtures: [String] = []
    for line in script.split(separator: "\n") where line.hasPrefix("#!") {
      let words = try Tokenizer.split(String(line.dropFirst(2))).first ?? []
      switch words.first {
      case "args": extra += words.dropFirst()
      case "stdin": useStdin = true
      case "demo": demo = true
      case "fixture": fixtures += words.dropFirst()
      default: XCTFail("\(name): unknown directive \(line)")
      }
    }
    let setup = try OeshProcess.run(demo ? ["demo", "ws"] : ["init", "ws"], cwd: dir)
    XCTAssertEqual(setup.status, 0, "\(name): workspace setup failed: \(setup.stderr)")
    for fixture in fixtures {
      try Fixtures.install(fixture, into: dir.appendingPathComponent("ws"))
    }
    let result =
      useStdin
      ? try OeshProcess.run(["-w", "ws"] + extra, cwd: dir, stdin: script)
      : try OeshProcess.run(["-w", "ws", "-f", name] + extra, cwd: dir)

    // Data from exports never drives the terminal: no escape, bell or carriage return reaches it raw.
    for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
      XCTAssertFalse(
        text.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{7}" || $0 == "\r" || $0 == "\u{9b}" },
        "\(name): a raw control character reached \(stream)")
    }
    let base = Self.folder.appendingPathComponent(String(name.dropLast(5)))
    let expected: [(String, String)] = [
      ("out", Self.normalized(result.stdout)), ("err", Self.normalized(result.stderr)),
      ("status", result.status == 0 ? "" : "\(result.status)\n"),
    ]
    for (ext, actual) in expected {
      let file = base.appendingPathExtension(ext)
      let want = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
      if accept {
        if actual.isEmpty {
          try? fm.removeItem(at: file)
        } else {
          try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        continue
      }
      if want != actual {
        XCTFail("\(name): standard \(ext) differs (- expected, + actual):\n" + Self.diff(want, actual))
      }
    }
  }

  /// Offre tokens are random (they guard the socio-pro's form link): the 8 hex digits they put in
  /// outbox file names are masked, like cram's `(re)` lines.
  static func normalized(_ text: String) -> String {
    let pattern = try! NSRegularExpression(pattern: "(_c[0-9]+_[0-9]+_)[0-9a-f]{8}(\\.eml)")
    return pattern.stringByReplacingMatches(
      in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1TOKEN$2")
  }

  /// A unified diff of two texts, via diff(1).
  static func diff(_ a: String, _ b: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oesh-diff-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let fa = dir.appendingPathComponent("expected"), fb = dir.appendingPathComponent("actual")
    try? a.write(to: fa, atomically: true, encoding: .utf8)
    try? b.write(to: fb, atomically: true, encoding: .utf8)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
    p.arguments = ["-u", fa.path, fb.path]
    let pipe = Pipe()
    p.standardOutput = pipe
    try? p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
