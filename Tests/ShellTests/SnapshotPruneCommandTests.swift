import Apidae
import Foundation
import XCTest

@testable import OpenEdit
@testable import Shell

/// `snapshots prune` as users meet it: the binary in a script, the question at a terminal (answered by
/// the session's `confirmation`), its words.
final class SnapshotPruneCommandTests: XCTestCase {
  /// The story with Wednesday's réinitialisation, synced on Wednesday morning.
  private func synced() throws -> (dir: URL, ws: URL) {
    let dir = try OeshProcess.temporaryDirectory(self)
    let ws = dir.appendingPathComponent("ws")
    XCTAssertEqual(try OeshProcess.run(["init", "ws"], cwd: dir).status, 0)
    try Fixtures.install("story-reinit", into: ws)
    let sync = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2027-03-03 09:00\"", "-c", "sync"], cwd: dir)
    XCTAssertEqual(sync.status, 0, sync.stderr)
    return (dir, ws)
  }

  private func snapshots(_ ws: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("snapshots").path).sorted()
  }

  func testAScriptNeedsYesAndADryRunChangesNothing() throws {
    let (dir, ws) = try synced()
    let before = try snapshots(ws)
    let refused = try OeshProcess.run(["-w", "ws", "-c", "snapshots prune"], cwd: dir)
    XCTAssertEqual(refused.status, 2)
    XCTAssertEqual(refused.stdout, "")
    XCTAssertEqual(refused.stderr, "-c:1: snapshots prune hors d'un terminal demande --yes (ou --dry-run pour voir)\n")
    let look = try OeshProcess.run(["-w", "ws", "-c", "snapshots prune --dry-run"], cwd: dir)
    XCTAssertEqual(look.status, 0, look.stderr)
    XCTAssertEqual(
      look.stdout.split(separator: "\n").map {
        $0.replacingOccurrences(of: #"\d+ ko"#, with: "N ko", options: .regularExpression)
      },
      [
        "3 exports seraient supprimés de snapshots/ (N ko), importés avant la réinitialisation 4242_20270303-0200_EEEEEE :",
        "  4242_20270301-0200_AAAAAA.zip  2027-03-01 02:00  N ko",
        "  4242_20270302-0200_BBBBBB.zip  2027-03-02 02:00  N ko",
        "  4242_20270302-1430_CCCCCC.zip  2027-03-02 14:30  N ko",
        "Le JSON de 4 fiches se lirait dans la réinitialisation. Celui de 2 fiches, absentes de la réinitialisation, "
          + "serait gardé dans state.sqlite.",
        "(simulation : rien n'est changé)",
      ])
    XCTAssertEqual(try snapshots(ws), before)
  }

  /// A script without --yes is refused before the réinitialisation is read: a broken one is not what it
  /// is told (status 2, the usage), and nothing moves.
  func testAScriptIsRefusedBeforeTheReinitialisationIsRead() throws {
    let (dir, ws) = try synced()
    let reinit = ws.appendingPathComponent("snapshots/4242_20270303-0200_EEEEEE.zip")
    try Data("pas un zip".utf8).write(to: reinit)
    let before = try snapshots(ws)
    let refused = try OeshProcess.run(["-w", "ws", "-c", "snapshots prune"], cwd: dir)
    XCTAssertEqual(refused.status, 2, refused.stderr)
    XCTAssertEqual(refused.stderr, "-c:1: snapshots prune hors d'un terminal demande --yes (ou --dry-run pour voir)\n")
    XCTAssertEqual(try snapshots(ws), before)
    // With --yes, the réinitialisation is read, and refused.
    let yes = try OeshProcess.run(["-w", "ws", "-c", "snapshots prune --yes"], cwd: dir)
    XCTAssertEqual(yes.status, 1, yes.stderr)
    XCTAssertTrue(yes.stderr.contains("4242_20270303-0200_EEEEEE"), yes.stderr)
    XCTAssertEqual(try snapshots(ws), before)
  }

  /// At a terminal the question comes first; «non» removes nothing, «oui» removes, and every fiche's JSON
  /// reads as before (`fiche ID --raw`), the deleted gîte's and the removed restaurant's included.
  func testTheQuestionDecidesAndEveryFichesJSONStays() throws {
    let (_, ws) = try synced()
    let before = try snapshots(ws)
    let raw = try (101...106).map { try Workspace.open(at: ws).fiche($0).raw }
    var asked: [String] = []
    let session = Session(workspaceURL: ws, interactive: false)
    let interpreter = Interpreter(session: session)
    session.confirmation = { question in
      asked.append(question)
      return asked.count > 1
    }
    XCTAssertEqual(interpreter.run(line: "snapshots prune", at: nil), 0)
    XCTAssertEqual(try snapshots(ws), before)
    XCTAssertEqual(interpreter.run(line: "exports élaguer", at: nil), 0)
    XCTAssertEqual(
      asked.map { $0.replacingOccurrences(of: #"\d+ ko"#, with: "N ko", options: .regularExpression) },
      Array(
        repeating:
          "Supprimer de snapshots/ 3 exports importés avant la dernière réinitialisation (N ko) ? Apidae ne les "
          + "renverra pas.", count: 2))
    XCTAssertEqual(
      try snapshots(ws),
      [
        "4242_20270303-0200_EEEEEE.notification.json", "4242_20270303-0200_EEEEEE.zip",
        "4242_20270305-0200_DDDDDD.zip",
      ])
    XCTAssertEqual(try (101...106).map { try Workspace.open(at: ws).fiche($0).raw }, raw)
    let journal = try OeshProcess.run(["-w", ws.path, "-c", "journal --limit 1 --format csv"], cwd: ws)
    XCTAssertTrue(
      journal.stdout.contains(
        ",snapshots.pruned,,,4242_20270303-0200_EEEEEE removed=3 repointed=4 copied=2 bytes="), journal.stdout)
    // Nothing left: said so, and no question.
    XCTAssertEqual(interpreter.run(line: "snapshots prune", at: nil), 0)
    XCTAssertEqual(asked.count, 2)
  }

  /// `snapshots` says what a prune would take, under its table, and no more once it is done.
  func testTheListingSaysWhatCanGo() throws {
    let (dir, _) = try synced()
    let hint =
      "3 exports importés avant la réinitialisation 4242_20270303-0200_EEEEEE peuvent quitter snapshots/ : "
      + "« snapshots prune --dry-run » dit lesquels.\n"
    let before = try OeshProcess.run(["-w", "ws", "-c", "snapshots"], cwd: dir)
    XCTAssertTrue(before.stdout.hasSuffix(hint), before.stdout)
    let after = try OeshProcess.run(["-w", "ws", "-c", "snapshots prune --yes", "-c", "snapshots"], cwd: dir)
    XCTAssertEqual(after.status, 0, after.stderr)
    XCTAssertFalse(after.stdout.contains("peuvent quitter"), after.stdout)
    XCTAssertTrue(after.stdout.contains("4242_20270303-0200_EEEEEE    4242  2027-03-03 02:00"), after.stdout)
  }

  /// `--yes --format json`: one document, read back by Python's `json`.
  func testTheReportIsOneJSONDocument() throws {
    let (dir, ws) = try synced()
    let run = try OeshProcess.run(["-w", "ws", "--format", "json", "-c", "snapshots prune --yes"], cwd: dir)
    XCTAssertEqual(run.status, 0, run.stderr)
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    check.arguments = [
      "python3", "-c",
      "import json, sys; d = json.loads(sys.stdin.read()); "
        + "print(json.dumps([list(d), d['dry_run'], d['reinitialisation'], [e['name'] for e in d['removed']], "
        + "sorted(d['removed'][0]), d['kept'], d['repointed'], d['copied'], "
        + "d['bytes'] == sum(e['bytes'] for e in d['removed']) > 0]))",
    ]
    let input = Pipe()
    let output = Pipe()
    check.standardInput = input
    check.standardOutput = output
    try check.run()
    input.fileHandleForWriting.write(Data(run.stdout.utf8))
    try input.fileHandleForWriting.close()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    check.waitUntilExit()
    XCTAssertEqual(
      said,
      #"[["dry_run", "reinitialisation", "removed", "kept", "bytes", "repointed", "copied"], false, "#
        + #""4242_20270303-0200_EEEEEE", ["4242_20270301-0200_AAAAAA", "4242_20270302-0200_BBBBBB", "#
        + #""4242_20270302-1430_CCCCCC"], ["bytes", "exported_at", "file", "name"], [], 4, 2, true]"# + "\n")
    XCTAssertEqual(try snapshots(ws).count, 3)
  }

  /// A `snapshots/` this user may not write: nothing can be removed; each export stays, said why in words,
  /// and the command fails (status 1), that a nightly job sees it. Every fiche's JSON still reads.
  func testExportsThatCannotBeRemovedFailTheCommand() throws {
    let (dir, ws) = try synced()
    guard let launcher = try OeshProcess.unprivilegedLauncher(in: dir) else {
      throw XCTSkip("setpriv is needed to run as another user than root")
    }
    let fm = FileManager.default
    if getuid() == 0 {
      // nobody's workspace (its state.sqlite written), but for the folder it may not change.
      let owner: [FileAttributeKey: Any] = [.ownerAccountID: 65534, .groupOwnerAccountID: 65534]
      try fm.setAttributes(owner, ofItemAtPath: ws.path)
      for case let file as String in try XCTUnwrap(fm.enumerator(atPath: ws.path)) {
        try fm.setAttributes(owner, ofItemAtPath: ws.appendingPathComponent(file).path)
      }
    }
    let folder = ws.appendingPathComponent("snapshots")
    try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
    defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
    let before = try snapshots(ws)
    let raw = try (101...106).map { try Workspace.open(at: ws).fiche($0).raw }

    let prose = try OeshProcess.run(["-w", "ws", "-c", "snapshots prune --yes"], cwd: dir, launcher: launcher)
    XCTAssertEqual(prose.status, 1)
    XCTAssertEqual(
      prose.stderr,
      "-c:1: la suppression de 3 exports de snapshots/ a échoué (permission refusée) : ils sont gardés, rien "
        + "n'en est perdu\n")
    XCTAssertTrue(
      prose.stdout.contains(
        "Gardé : 4242_20270301-0200_AAAAAA.zip — la suppression a échoué (permission refusée)\n"), prose.stdout)
    let json = try OeshProcess.run(
      ["-w", "ws", "--lang", "en", "--format", "json", "-c", "snapshots prune --yes"], cwd: dir, launcher: launcher)
    XCTAssertEqual(json.status, 1)
    XCTAssertEqual(
      json.stderr,
      "-c:1: removing 3 exports from snapshots/ failed (permission denied): they stay, nothing of "
        + "them is lost\n")
    XCTAssertEqual(
      json.stdout.components(separatedBy: #""reason": "not_removed", "detail": "permission denied""#).count, 4,
      json.stdout)
    XCTAssertEqual(try snapshots(ws), before)
    XCTAssertEqual(try (101...106).map { try Workspace.open(at: ws).fiche($0).raw }, raw)
  }

  /// While the question waits, another shell syncs a newer réinitialisation, which makes one more export
  /// removable: «oui» removes the three asked about, not that one.
  func testOnlyTheExportsAskedAboutGo() throws {
    let (_, ws) = try synced()
    let folder = ws.appendingPathComponent("snapshots")
    let reinit = "4242_20270303-0200_EEEEEE"
    let session = Session(workspaceURL: ws, interactive: false)
    let interpreter = Interpreter(session: session)
    var asked: [String] = []
    session.confirmation = { question in
      asked.append(question)
      guard asked.count == 1 else { return true }
      do {
        let later = "4242_20270303-0800_FFFFFF"
        for suffix in [".zip", ".notification.json"] {
          try FileManager.default.copyItem(
            at: folder.appendingPathComponent(reinit + suffix), to: folder.appendingPathComponent(later + suffix))
        }
        XCTAssertEqual(try Workspace.open(at: ws).sync().imported.map(\.name.stem), [later])
      } catch {
        XCTFail("\(error)")
      }
      return true
    }
    XCTAssertEqual(interpreter.run(line: "snapshots prune", at: nil), 0)
    XCTAssertEqual(asked.count, 1)
    XCTAssertTrue(asked.first?.hasPrefix("Supprimer de snapshots/ 3 exports") == true, "\(asked)")
    XCTAssertEqual(
      try snapshots(ws),
      [
        "4242_20270303-0200_EEEEEE.notification.json", "4242_20270303-0200_EEEEEE.zip",
        "4242_20270303-0800_FFFFFF.notification.json", "4242_20270303-0800_FFFFFF.zip",
        "4242_20270305-0200_DDDDDD.zip",
      ])
    // Asked about next time.
    XCTAssertEqual(interpreter.run(line: "snapshots prune", at: nil), 0)
    XCTAssertEqual(asked.count, 2)
    XCTAssertEqual(
      (asked.last ?? "").replacingOccurrences(of: #"\d+ ko"#, with: "N ko", options: .regularExpression),
      "Supprimer de snapshots/ 1 export importé avant la dernière réinitialisation (N ko) ? Apidae ne le renverra "
        + "pas.")
  }

  /// `record`: a prune confirmed at the terminal replays with --yes, a cancelled one is not written, one
  /// with nothing to remove (no question) as typed, which a script replays without removing anything unasked.
  func testARecordedPruneReplaysWithYesOnlyWhenConfirmed() throws {
    let (dir, ws) = try synced()
    let session = Session(workspaceURL: ws, interactive: false)
    let interpreter = Interpreter(session: session)
    var answers = [false, true]
    session.confirmation = { _ in answers.removeFirst() }
    let script = dir.appendingPathComponent("rec.oesh").path
    for line in ["record \(script)", "snapshots prune", "exports élaguer", "snapshots prune", "record stop"] {
      XCTAssertEqual(interpreter.run(line: line, at: nil), 0, line)
    }
    XCTAssertEqual(answers, [])
    let recorded = try String(contentsOfFile: script, encoding: .utf8).split(separator: "\n").filter {
      !$0.hasPrefix("#")
    }
    XCTAssertEqual(recorded, ["exports élaguer --yes", "snapshots prune"])
  }

  /// Why an export stays, in words: a failed removal says the system's reason as other commands do, not
  /// its code; one a link leads to names that link.
  func testKeptReasonsInWords() {
    let fr = Catalogue(.fr)
    let en = Catalogue(.en)
    // Not imported: sync takes it, or (unreadable) says why it cannot; either way it is not this command's.
    XCTAssertEqual(
      keptReason(.notImported, fr), "pas encore importé : le prochain sync le prend, ou dit pourquoi il ne le peut pas")
    XCTAssertEqual(keptReason(.notImported, en), "not imported yet: the next sync takes it, or says why it cannot")
    XCTAssertEqual(keptReason(.notRemoved("EACCES"), fr), "la suppression a échoué (permission refusée)")
    XCTAssertEqual(keptReason(.notRemoved("EACCES"), en), "its removal failed (permission denied)")
    XCTAssertEqual(
      keptReason(.linked("4242_20270303-0200_EEEEEE.zip"), fr),
      "l'export 4242_20270303-0200_EEEEEE.zip y mène par un lien symbolique : le supprimer casserait celui-là")
    let report = PruneReport(
      dryRun: false, reinitialisation: ExportName.parse("4242_20270303-0200_EEEEEE"),
      kept: [
        KeptExport(
          name: ExportName.parse("4242_20270301-0200_AAAAAA")!, fileName: "4242_20270301-0200_AAAAAA.zip",
          reason: .notRemoved("EACCES"))
      ])
    XCTAssertEqual(
      Renderer.json(ReportJSON.pruned(report, fr)),
      #"{"dry_run": false, "reinitialisation": "4242_20270303-0200_EEEEEE", "removed": [], "kept": [{"name": "#
        + #""4242_20270301-0200_AAAAAA", "file": "4242_20270301-0200_AAAAAA.zip", "reason": "not_removed", "#
        + #""detail": "permission refusée"}], "bytes": 0, "repointed": 0, "copied": 0}"#)
  }
}
