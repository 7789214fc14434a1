import Foundation
import XCTest

/// Symbolic links a user puts in `snapshots/`, through the real binary: one to an export elsewhere (a zip,
/// a folder) is that export, read where it leads, as `cp -L` or `rsync -L` take it; one that leads
/// nowhere, a loop, one to a folder above and one to a FIFO are named with why, and nothing waits. Each
/// run is under `timeout`, so that a hang fails (status 124) instead of stopping the suite.
final class SnapshotLinkTests: XCTestCase {
  private func run(_ args: [String], _ dir: URL) throws -> OeshProcess.Result {
    try OeshProcess.run(args, cwd: dir, launcher: ["/usr/bin/timeout", "60", try OeshProcess.binary.path])
  }

  private func assertLines(
    of output: String, _ lines: [String], file: StaticString = #filePath, line: UInt = #line
  ) {
    let shown = Set(output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
    for expected in lines where !shown.contains(where: { $0.hasSuffix(expected) }) {
      XCTFail("missing «\(expected)» in:\n\(output)", file: file, line: line)
    }
  }

  func testLinksInSnapshotsAreFollowedOrRefusedByName() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let fm = FileManager.default
    let outside = dir.appendingPathComponent("outside")
    try fm.createDirectory(at: outside, withIntermediateDirectories: true)
    let zip = outside.appendingPathComponent("export.zip")
    try fm.copyItem(at: OeshProcess.hotentic.appendingPathComponent("json_export.zip"), to: zip)
    let unzip = Process()
    unzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    unzip.arguments = ["python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])"]
    unzip.arguments! += [zip.path, outside.appendingPathComponent("folder").path]
    try unzip.run()
    unzip.waitUntilExit()
    XCTAssertEqual(unzip.terminationStatus, 0)
    XCTAssertEqual(mkfifo(outside.appendingPathComponent("fifo").path, 0o644), 0)
    let snapshots = dir.appendingPathComponent("ws/snapshots")
    for (name, target) in [
      ("3126_20190215-0156_Zipout.zip", "../../outside/export.zip"),
      ("3126_20190216-0156_Dirout", outside.appendingPathComponent("folder").path),
      ("3126_20190217-0156_Dangle.zip", "/nowhere/x.zip"),
      ("3126_20190218-0156_LoopAa.zip", "3126_20190218-0156_LoopBb.zip"),
      ("3126_20190218-0156_LoopBb.zip", "3126_20190218-0156_LoopAa.zip"),
      ("3126_20190219-0156_Parent", ".."), ("x", ".."),
      ("3126_20190220-0156_FifoLk.zip", outside.appendingPathComponent("fifo").path),
    ] {
      try fm.createSymbolicLink(atPath: snapshots.appendingPathComponent(name).path, withDestinationPath: target)
    }

    let listing = try run(["-w", "ws", "-c", "snapshots"], dir)
    XCTAssertEqual(listing.status, 0, listing.stderr)
    assertLines(
      of: listing.stdout,
      [
        "3126_20190215-0156_Zipout    3126  2019-02-15 01:56            oui           5       1  non, au prochain sync",
        "3126_20190216-0156_Dirout    3126  2019-02-16 01:56                          5       1  non, au prochain sync",
        "Illisible : export 3126_20190217-0156_Dangle.zip : lien symbolique vers « /nowhere/x.zip », qui n'existe pas",
        "Illisible : export 3126_20190218-0156_LoopAa.zip : liens symboliques qui mènent l'un à l'autre, jamais à un fichier",
        "Illisible : export 3126_20190218-0156_LoopBb.zip : liens symboliques qui mènent l'un à l'autre, jamais à un fichier",
        "Illisible : export 3126_20190219-0156_Parent : lien symbolique vers un dossier qui le contient : l'export se contiendrait lui-même",
        "Illisible : export 3126_20190220-0156_FifoLk.zip : ce n'est pas un fichier ordinaire (un tube nommé, un périphérique…)",
        "Ignoré : x — le nom ne suit pas le modèle Apidae <projetId>_<AAAAMMJJ>-<HHMM>_<code>",
      ])

    // sync imports the two exports the links lead to, and stops at the one that leads nowhere.
    let sync = try run(["-w", "ws", "-c", "sync"], dir)
    XCTAssertEqual(sync.status, 1, sync.stderr)
    XCTAssertTrue(sync.stdout.contains("Import de 3126_20190215-0156_Zipout (réinitialisation"), sync.stdout)
    XCTAssertTrue(sync.stdout.contains("Import de 3126_20190216-0156_Dirout (différentiel"), sync.stdout)
    XCTAssertTrue(
      sync.stderr.hasPrefix(
        "-c:1: 3126_20190217-0156_Dangle : export 3126_20190217-0156_Dangle.zip : lien symbolique vers « /nowhere/x.zip », qui n'existe pas."
      ), sync.stderr)

    // import refuses the same, by the path given, and copies nothing.
    let before = try fm.contentsOfDirectory(atPath: snapshots.path).sorted()
    for (path, reason) in [
      ("ws/snapshots/3126_20190217-0156_Dangle.zip", "lien symbolique vers « /nowhere/x.zip », qui n'existe pas"),
      (
        "ws/snapshots/3126_20190218-0156_LoopAa.zip", "liens symboliques qui mènent l'un à l'autre, jamais à un fichier"
      ),
      (
        "ws/snapshots/3126_20190220-0156_FifoLk.zip",
        "ce n'est pas un fichier ordinaire (un tube nommé, un périphérique…)"
      ),
      (
        "ws/snapshots/3126_20190219-0156_Parent",
        "lien symbolique vers un dossier qui le contient : l'export se contiendrait lui-même"
      ),
    ] {
      let r = try run(["-w", "ws", "-c", "import \(path) --as-of '2019-03-01 02:00'"], dir)
      XCTAssertEqual(r.status, 1, path)
      XCTAssertEqual(
        r.stderr, "-c:1: export refusé, rien n'en est appliqué — export \(dir.path)/\(path) : \(reason)\n", path)
    }
    XCTAssertEqual(try fm.contentsOfDirectory(atPath: snapshots.path).sorted(), before)

    let english = try run(["--lang", "en", "-w", "ws", "-c", "snapshots"], dir)
    XCTAssertEqual(english.status, 0, english.stderr)
    assertLines(
      of: english.stdout,
      [
        "export 3126_20190217-0156_Dangle.zip: symbolic link to \"/nowhere/x.zip\", which does not exist",
        "export 3126_20190218-0156_LoopAa.zip: symbolic links that lead to one another, never to a file",
        "export 3126_20190219-0156_Parent: symbolic link to a folder that holds it: the export would hold itself",
        "export 3126_20190220-0156_FifoLk.zip: not a regular file (a named pipe, a device…)",
      ])
  }
}
