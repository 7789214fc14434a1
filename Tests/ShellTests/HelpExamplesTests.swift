import Foundation
import XCTest

@testable import Shell

/// The examples `help COMMAND` shows are run here, each on a fresh copy of a demo workspace,
/// so that help can never lie (STYLE.md, after nushell).
final class HelpExamplesTests: XCTestCase {
  func testEveryExampleRunsAndSucceeds() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    let template = dir.appendingPathComponent("template")
    try ExampleWorkspace.make(at: template, cwd: dir)
    // The files the examples of `import` name, as a user would have them in the current folder: an export
    // named by Apidae, and one to be named at a date.
    let export = try XCTUnwrap(
      FileManager.default.contentsOfDirectory(atPath: template.appendingPathComponent("snapshots").path)
        .filter { $0.hasSuffix(".zip") }.sorted().last)
    for name in ["4242_20270302-0200_Nv7Kq2.zip", "export.zip"] {
      try FileManager.default.copyItem(
        at: template.appendingPathComponent("snapshots/" + export), to: dir.appendingPathComponent(name))
    }
    var count = 0
    for (name, type) in CommandRegistry.all {
      // README: `help COMMAND` shows its usage, aliases and examples.
      XCTAssertFalse(type.examples.isEmpty, "help \(name) shows no example")
      // Each as declared, and as English help shows it (`clock set tomorrow`), in English.
      let shown = type.examples.flatMap { e in
        [(e, [String]())] + (Catalogue.englishExamples[e].map { [($0, ["--lang", "en"])] } ?? [])
      }
      for (example, language) in shown {
        count += 1
        let words = try Tokenizer.split(example).first ?? []
        let found = CommandRegistry.find(words).map { ObjectIdentifier($0.type) }
        XCTAssertEqual(found, ObjectIdentifier(type), "example «\(example)» of \(name) does not run \(name)")
        let ws = dir.appendingPathComponent("ex\(count)")
        try FileManager.default.copyItem(at: template, to: ws)
        // Commands of a campaign run in the workspace's first campaign, opened first; the hint in a tutorial.
        let open =
          type.group == .campaigns
          ? ["-c", "open campaign 1"] : ObjectIdentifier(type) == ObjectIdentifier(Hint.self) ? ["-c", "tutorial"] : []
        let r = try OeshProcess.run(
          language + ["-w", ws.lastPathComponent] + open + ["-c", example], cwd: dir, stdin: "")
        XCTAssertEqual(r.status, 0, "help example «\(example)» failed: \(r.stderr)")
        XCTAssertFalse(
          r.stdout.isEmpty && r.stderr.isEmpty && type.group != .basics,
          "help example «\(example)» printed nothing")
      }
    }
    XCTAssertGreaterThan(count, 5)
  }
}

/// The workspace examples run on: the demo when `oesh demo` exists, else the story's exports synced
/// with a campaign on its accommodation sélection.
enum ExampleWorkspace {
  static func make(at url: URL, cwd: URL) throws {
    let demo = try OeshProcess.run(["demo", url.path], cwd: cwd)
    if demo.status == 0 { return }
    let r = try OeshProcess.run(["init", url.path], cwd: cwd)
    guard r.status == 0 else { throw OeshProcess.MissingBinary(path: r.stderr) }
    try Fixtures.install("story", into: url)
    let setup = try OeshProcess.run(
      [
        "-w", url.path, "-c", "clock set \"2027-03-01 09:00\"", "-c", "sync", "-c",
        "new campaign \"Mise à jour 2027\" --selection Hébergements", "-c", "clock set \"2027-03-02 09:00\"",
      ], cwd: cwd)
    guard setup.status == 0 else { throw OeshProcess.MissingBinary(path: setup.stderr) }
  }
}
