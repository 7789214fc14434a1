import Foundation
import XCTest

@testable import Shell

/// `record FILE` / `record stop`: the commands that succeeded, in order, as a replayable script.
final class RecordTests: XCTestCase {
  func testReplayingARecordingGivesTheSameAudience() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    try FileManager.default.copyItem(at: dir.appendingPathComponent("ws"), to: dir.appendingPathComponent("copy"))
    let session = """
      record session.oesh
      open campaign "Mise à jour 2027"
      apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR
      nope
      apidae calcul
      sync
      actualiser
      send --all --yes
      apidae fiche 5100005 --email "accueil@auberge-ecureuil.example"
      nuit
      actualiser
      send 5100005
      record stop
      audience --format json
      """
    let first = try OeshProcess.run(["-w", "ws", "--keep-going"], cwd: dir, stdin: session + "\n")
    XCTAssertEqual(first.status, 2, "the unknown command is a usage error: \(first.stderr)")
    let script = try String(contentsOf: dir.appendingPathComponent("session.oesh"), encoding: .utf8)
    let lines = script.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines[0].hasPrefix("# Enregistré par oesh le "), lines[0])
    XCTAssertTrue(script.contains("# Espace de travail : " + dir.appendingPathComponent("ws").path), script)
    XCTAssertTrue(script.contains("# Horloge au départ : 2027-03-01 09:00 (horloge simulée)"), script)
    XCTAssertEqual(
      lines.filter { !$0.hasPrefix("#") },
      [
        "open campaign \"Mise à jour 2027\"", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR",
        "apidae calcul", "sync", "actualiser", "send --all --yes",
        "apidae fiche 5100005 --email accueil@auberge-ecureuil.example", "nuit", "actualiser", "send 5100005",
      ], "succeeded commands only, in order, without record itself")

    let replay = try OeshProcess.run(["-w", "copy", "-f", "session.oesh"], cwd: dir)
    XCTAssertEqual(replay.status, 0, replay.stderr)
    let after = try OeshProcess.run(["-w", "copy", "-c", "open campaign 1", "-c", "audience --format json"], cwd: dir)
    let audience = { (out: String) in out.split(separator: "\n").last.map(String.init) ?? "" }
    XCTAssertTrue(audience(first.stdout).hasPrefix("[{\"fiche_id\""), first.stdout)
    XCTAssertEqual(audience(after.stdout), audience(first.stdout))
    XCTAssertTrue(audience(after.stdout).contains("\"fiche_id\": 5100021"))
  }

  /// The question of `send --all` counts the offres it will not write (they are listed after it); the
  /// clicks `explain` adds are those of what was done: none for a dry run.
  func testTheQuestionCountsWhatWillNotBeSentAndDryRunsClickNothing() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let session = Session(workspaceURL: dir.appendingPathComponent("ws"), interactive: false)
    let interpreter = Interpreter(session: session)
    var questions: [String] = []
    session.confirmation = { question in
      questions.append(question)
      return false
    }
    for line in ["open campaign 1", "send --all"] { XCTAssertEqual(interpreter.run(line: line, at: nil), 0, line) }
    XCTAssertEqual(
      questions,
      ["Écrire 11 e-mails pour « Mise à jour 2027 » (3 autres offres ne peuvent pas l'être, la liste suivra) ?"])
    let r = try OeshProcess.run(
      [
        "-w", "ws", "-c", "explain on", "-c", "open campaign 1", "-c", "actualiser --dry-run", "-c",
        "send --all --dry-run", "-c", "audience --status transmis",
      ], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let clicks = r.stderr.split(separator: "\n").filter { $0.hasPrefix("↳") }
    XCTAssertEqual(
      clicks,
      [
        "↳ Open Edit › Campagnes › cliquer sur l'intitulé « Mise à jour 2027 »",
        "↳ Open Edit › Campagnes › Mise à jour 2027 › Audience",
      ])
  }

  /// `send --all` answered at a terminal replays with --yes (a script cannot answer); one cancelled did
  /// nothing and is not recorded; the workspace's own files are never a recording.
  func testAConfirmedSendReplaysWithYesACancelledOneNotAtAll() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let session = Session(workspaceURL: dir.appendingPathComponent("ws"), interactive: false)
    let interpreter = Interpreter(session: session)
    var answers = [false, true]
    session.confirmation = { _ in answers.removeFirst() }
    let script = dir.appendingPathComponent("rec.oesh").path
    for line in ["record \(script)", "open campaign 1", "send --all", "send --all", "record stop"] {
      XCTAssertEqual(interpreter.run(line: line, at: nil), 0, line)
    }
    let recorded = try String(contentsOfFile: script, encoding: .utf8).split(separator: "\n").filter {
      !$0.hasPrefix("#")
    }
    XCTAssertEqual(recorded, ["open campaign 1", "send --all --yes"])
    for kept in ["ws/state.sqlite", "ws/oesh.toml", "ws/snapshots/x.oesh"] {
      XCTAssertEqual(interpreter.run(line: "record \(dir.appendingPathComponent(kept).path)", at: nil), 1, kept)
    }
    XCTAssertEqual(interpreter.run(line: "fiches", at: nil), 0, "the store is whole")
  }

  /// A recording that can no longer be written (its file removed; a full disk alike) missed its lines in
  /// silence: it is said once, with the file and why, and stopped; the commands still succeed.
  func testARecordingThatCannotBeWrittenIsSaidOnceAndStopped() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let session = Session(workspaceURL: dir.appendingPathComponent("ws"), interactive: false)
    let interpreter = Interpreter(session: session)
    let script = dir.appendingPathComponent("rec.oesh")
    let messages = try standardError {
      XCTAssertEqual(interpreter.run(line: "record \(script.path)", at: nil), 0)
      XCTAssertEqual(interpreter.run(line: "clock", at: nil), 0)
      try FileManager.default.removeItem(at: script)
      XCTAssertEqual(interpreter.run(line: "campaigns", at: nil), 0, "the command counts as run")
      XCTAssertEqual(interpreter.run(line: "selections", at: nil), 0)
      XCTAssertEqual(interpreter.run(line: "record stop", at: nil), 0)
    }
    XCTAssertEqual(
      messages.split(separator: "\n").dropFirst().map(String.init),
      [
        "attention : enregistrement arrêté, impossible d'écrire \(script.path) : fichier ou dossier introuvable ; "
          + "la commande a bien été exécutée, mais le script n'est plus là, ni ce qu'il gardait (1 commande d'avant)",
        "Aucun enregistrement en cours.",
      ])
    XCTAssertFalse(FileManager.default.fileExists(atPath: script.path), "not made again, half")
  }

  /// A folder, an empty path or a missing folder is said in words, as `>` says it, never
  /// «erreur inattendue (détail : NSCocoaErrorDomain 512)»; an empty path names no file (status 2), where
  /// it named the current folder. Nothing is recorded, nothing is made.
  func testARecordingThatCannotStartSaysWhy() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("notes"), withIntermediateDirectories: true)
    let folder = try OeshProcess.run(["-w", "ws", "-c", "record notes", "-c", "clock"], cwd: dir)
    XCTAssertEqual(folder.status, 1)
    XCTAssertEqual(
      folder.stderr, "-c:1: impossible d'écrire \(dir.appendingPathComponent("notes").path) : c'est un dossier\n")
    XCTAssertEqual(folder.stdout, "", "the script stops there")
    let missing = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "record absent/s.oesh"], cwd: dir)
    XCTAssertEqual(missing.status, 1)
    XCTAssertEqual(
      missing.stderr,
      "-c:1: cannot write \(dir.appendingPathComponent("absent/s.oesh").path): its folder does not exist\n")
    for (language, message) in [
      ("fr", "-c:1: aucun fichier où enregistrer : un chemin vide n'en nomme aucun\n"),
      ("en", "-c:1: no file to record into: an empty path names none\n"),
    ] {
      let empty = try OeshProcess.run(["-w", "ws", "--lang", language, "-c", "record ''"], cwd: dir)
      XCTAssertEqual(empty.status, 2, language)
      XCTAssertEqual(empty.stderr, message)
    }
  }

  /// What `body` writes on standard error (file descriptor 2).
  private func standardError(_ body: () throws -> Void) throws -> String {
    let file = try OeshProcess.temporaryDirectory(self).appendingPathComponent("stderr")
    XCTAssertTrue(FileManager.default.createFile(atPath: file.path, contents: nil))
    let saved = dup(2)
    let fd = open(file.path, O_WRONLY)
    dup2(fd, 2)
    close(fd)
    defer {
      dup2(saved, 2)
      close(saved)
    }
    try body()
    return try String(contentsOf: file, encoding: .utf8)
  }

  func testRecordingInsideAScriptRecordsItsOwnLevelOnly() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    try "apidae calcul --dry-run\nclock\n".write(
      to: dir.appendingPathComponent("inner.oesh"), atomically: true, encoding: .utf8)
    let r = try OeshProcess.run(
      ["-w", "ws", "-c", "record rec.oesh", "-c", "source inner.oesh", "-c", "campaigns", "-c", "record stop"],
      cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stderr.contains("Enregistrement arrêté : 2 commandes"), r.stderr)
    let script = try String(contentsOf: dir.appendingPathComponent("rec.oesh"), encoding: .utf8)
    XCTAssertEqual(script.split(separator: "\n").filter { !$0.hasPrefix("#") }, ["source inner.oesh", "campaigns"])
  }

  /// A recording never reads itself: `source` of the file being recorded (at any depth) is refused, so
  /// that the script does not call itself on replay; what was recorded so far replays.
  func testTheFileBeingRecordedIsNotSourced() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    try "source r2.oesh\n".write(to: dir.appendingPathComponent("inner.oesh"), atomically: true, encoding: .utf8)
    let r = try OeshProcess.run(
      [
        "-w", "ws", "--keep-going", "-c", "record r2.oesh", "-c", "echo a", "-c", "source ./r2.oesh", "-c",
        "source inner.oesh", "-c", "record stop",
      ], cwd: dir)
    let refusal =
      "r2.oesh est en cours d'enregistrement : le lire maintenant l'écrirait dans lui-même (« record stop » d'abord)"
    let errors = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("Enregistrement") }.map { $0 + "\n" }
    XCTAssertEqual(errors.joined(), "-c:3: ./\(refusal)\ninner.oesh:1: \(refusal) (depuis -c:4)\n")
    XCTAssertEqual(r.status, 1)
    XCTAssertTrue(r.stderr.contains("Enregistrement arrêté : 1 commande"), r.stderr)
    let script = try String(contentsOf: dir.appendingPathComponent("r2.oesh"), encoding: .utf8)
    XCTAssertEqual(script.split(separator: "\n").filter { !$0.hasPrefix("#") }, ["echo a"])
    let replay = try OeshProcess.run(["-w", "ws", "-f", "r2.oesh"], cwd: dir)
    XCTAssertEqual(replay.stdout, "a\n", replay.stderr)
    XCTAssertEqual(replay.status, 0)
  }

  /// `record` never writes over a script running, at any level and by any name (`-f`, a `source`d one
  /// through a symbolic link), nor over the file standard input is redirected from: it was replaced by
  /// the recording, and `oesh < x.oesh` then read the recording.
  func testAScriptRunningIsNotRecordedInto() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let script = "echo first\nrecord self.oesh\necho second\nrecord stop\n"
    try script.write(to: dir.appendingPathComponent("self.oesh"), atomically: true, encoding: .utf8)
    func refusal(_ name: String) -> String {
      "\(name) est un script en cours d'exécution : y enregistrer l'effacerait ; enregistrez dans un autre fichier"
    }
    let file = try OeshProcess.run(["-w", "ws", "-f", "self.oesh"], cwd: dir)
    XCTAssertEqual(file.stdout, "first\n")
    XCTAssertEqual(file.stderr, "self.oesh:2: \(refusal("self.oesh"))\n")
    XCTAssertEqual(file.status, 1)
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("self.oesh"), encoding: .utf8), script)

    // Standard input redirected from the script, as the shell around oesh does it.
    let redirected = try OeshProcess.run(
      ["-w", "ws"], cwd: dir, launcher: ["/bin/sh", "-c", #"exec "$0" "$@" < self.oesh"#, try OeshProcess.binary.path])
    XCTAssertEqual(redirected.stdout, "first\n")
    XCTAssertEqual(redirected.stderr, "stdin:2: \(refusal("self.oesh"))\n")
    XCTAssertEqual(redirected.status, 1)
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("self.oesh"), encoding: .utf8), script)

    // From a nested script, the outer one by another name; in English too.
    try "source inner.oesh\necho after\n".write(
      to: dir.appendingPathComponent("outer.oesh"), atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("link.oesh").path, withDestinationPath: "outer.oesh")
    try "record link.oesh\n".write(to: dir.appendingPathComponent("inner.oesh"), atomically: true, encoding: .utf8)
    let nested = try OeshProcess.run(["-w", "ws", "--lang", "en", "-f", "outer.oesh"], cwd: dir)
    XCTAssertEqual(
      nested.stderr,
      "inner.oesh:1: link.oesh is a script running now: recording into it would erase it; record into another file"
        + " (from outer.oesh:1)\n")
    XCTAssertEqual(nested.status, 1)
    XCTAssertEqual(
      try String(contentsOf: dir.appendingPathComponent("outer.oesh"), encoding: .utf8),
      "source inner.oesh\necho after\n")
  }
}
