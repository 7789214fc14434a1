import Apidae
import Foundation
import LineEditing
import StoryFixtures
import XCTest

@testable import Shell

final class SessionTests: XCTestCase {
  func testColoursFollowTheSettingAndNeverReachAPipe() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    // Under the test runner standard output is a pipe: `auto` means no colour.
    XCTAssertFalse(session.colorEnabled)
    XCTAssertEqual(session.styled("x", .red), "x")
    session.settings.color = .on
    XCTAssertEqual(session.styled("x", .red), "\u{1b}[31mx\u{1b}[0m")
    session.settings.color = .off
    XCTAssertEqual(session.styled("x", .red), "x")
  }

  func testNoColorAndNoColorFlagWinInTheRealBinary() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    // Even forced through `set color auto`, a pipe gets no escape sequence; --no-color overrides `set`.
    let r = try OeshProcess.run(["-w", "ws", "--no-color", "-c", "help"], cwd: dir, env: ["NO_COLOR": ""])
    XCTAssertFalse(r.stdout.contains("\u{1b}["), r.stdout)
  }

  /// `quit STATUS` ends a script with STATUS, whatever failed before; a plain `quit` with the worst met.
  func testQuitEndsAScriptWithTheStatusItIsGiven() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    for (commands, status) in [(["bogus", "quit 0"], 0), (["bogus", "quit"], 2), (["quit 7", "echo jamais"], 7)] {
      let r = try OeshProcess.run(["-w", "ws", "--keep-going"] + commands.flatMap { ["-c", $0] }, cwd: dir)
      XCTAssertEqual(r.status, Int32(status), "\(commands)")
      XCTAssertEqual(r.stdout, "", "\(commands)")
    }
  }

  /// A status a process cannot exit with (8 bits) is a usage error, not a status cut to its low byte.
  func testQuitRefusesAStatusOutOfZeroToTwoHundredFiftyFive() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let refused = try OeshProcess.run(["-w", "ws", "-c", "quit 300", "-c", "echo jamais"], cwd: dir)
    XCTAssertEqual(refused.status, 2)
    XCTAssertEqual(refused.stdout, "")
    XCTAssertEqual(refused.stderr, "-c:1: quit : code de sortie 300 impossible (de 0 à 255)\n")
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "exit 255"], cwd: dir).status, 255)
  }

  /// `oesh init ''` and `oesh demo ''` name no folder: a usage error, not the current folder made a
  /// workspace. A folder that already is a workspace fails both alike (status 1: the command failed, the
  /// workspace is usable).
  func testInitAndDemoNeedAFolderThatIsNoWorkspaceYet() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    for subcommand in ["init", "demo"] {
      let r = try OeshProcess.run([subcommand, ""], cwd: dir)
      XCTAssertEqual(r.status, 2, subcommand)
      XCTAssertEqual(r.stdout, "", subcommand)
      XCTAssertEqual(
        r.stderr, "oesh: \(subcommand) : le nom du dossier est vide : donnez le dossier à créer\n", subcommand)
      XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("oesh.toml").path))
    }
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
    for subcommand in ["init", "demo"] {
      let again = try OeshProcess.run([subcommand, "ws"], cwd: dir)
      XCTAssertTrue(again.stderr.hasSuffix("/ws est déjà un espace de travail oesh\n"), again.stderr)
      XCTAssertEqual(again.status, 1, subcommand)
    }
  }

  /// `oesh init` and `oesh demo` on a file, or under one, fail alike (status 1, as on a workspace: the
  /// command failed) with the system's reason, where a path through a file said «erreur inattendue (détail :
  /// NSCocoaErrorDomain 512)» and a file itself «n'est pas un dossier» with status 3, as if a workspace
  /// could not be used.
  func testInitAndDemoOnOrUnderAFileSayWhy() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    try Data("notes".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    for subcommand in ["init", "demo"] {
      let under = try OeshProcess.run([subcommand, "notes.txt/ws"], cwd: dir)
      XCTAssertEqual(under.status, 1, subcommand)
      XCTAssertEqual(
        under.stderr, "oesh: impossible de créer \(dir.path)/notes.txt/ws : un élément du chemin n'est pas un dossier\n"
      )
      let on = try OeshProcess.run([subcommand, "notes.txt"], cwd: dir)
      XCTAssertEqual(on.status, 1, subcommand)
      XCTAssertEqual(on.stderr, "oesh: impossible de créer \(dir.path)/notes.txt : le fichier existe déjà\n")
    }
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8), "notes")
    let deep = try OeshProcess.run(["init", "a/b/c"], cwd: dir)
    XCTAssertEqual(deep.status, 0, deep.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/b/c/scripts").path))
  }

  /// A workspace `$OESH_WORKSPACE` names that cannot be opened is said to come from there: a stale export in a
  /// profile made oesh, typed in a workspace, say that another folder did not exist, with no word of why it was
  /// looked at. `-w` wins over it, and the variable over the current folder.
  func testAWorkspaceFromTheEnvironmentIsSaidSo() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let ws = dir.appendingPathComponent("ws")
    let stale = try OeshProcess.run(["-c", "clock"], cwd: ws, env: ["OESH_WORKSPACE": "/nowhere/ws"])
    XCTAssertEqual(stale.status, 3)
    XCTAssertEqual(
      stale.stderr,
      "oesh: $OESH_WORKSPACE : le dossier /nowhere/ws n'existe pas ; créez un espace de travail avec : oesh init /nowhere/ws\n"
    )
    let english = try OeshProcess.run(
      ["--lang", "en", "-c", "clock"], cwd: ws, env: ["OESH_WORKSPACE": "/nowhere/ws"])
    XCTAssertEqual(
      english.stderr,
      "oesh: $OESH_WORKSPACE: directory /nowhere/ws does not exist; create a workspace with: oesh init /nowhere/ws\n")
    let option = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir, env: ["OESH_WORKSPACE": "/nowhere/ws"])
    XCTAssertEqual(option.status, 0, option.stderr)
    let variable = try OeshProcess.run(
      ["-c", "clock"], cwd: dir.appendingPathComponent(".."), env: ["OESH_WORKSPACE": ws.path])
    XCTAssertEqual(variable.status, 0, variable.stderr)
    let missing = try OeshProcess.run(["-w", "/nowhere/ws", "-c", "clock"], cwd: dir)
    XCTAssertFalse(missing.stderr.contains("OESH_WORKSPACE"), missing.stderr)
  }

  /// `-w ''` is refused (status 3), not taken as the current directory, even when that is a workspace.
  func testAnEmptyWorkspacePathIsRefused() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let ws = dir.appendingPathComponent("ws")
    for arguments in [["-w", "", "-c", "echo ici"], ["--workspace=", "-c", "echo ici"], ["tutorial", "-w", ""]] {
      let r = try OeshProcess.run(arguments, cwd: ws)
      XCTAssertEqual(r.status, 3, "\(arguments)")
      XCTAssertEqual(r.stdout, "", "\(arguments)")
      XCTAssertEqual(r.stderr, "oesh: -w (--workspace) est vide : donnez le dossier de l'espace de travail\n")
    }
    let english = try OeshProcess.run(["--lang", "en", "-w", ""], cwd: ws)
    XCTAssertEqual(english.stderr, "oesh: -w (--workspace) is empty: give the workspace's folder\n")
  }

  /// oesh run in a folder of a workspace (its `scripts/`, a folder of `snapshots/`) says which workspace that
  /// is and how to open it, where it said to make another one in there, «créez-en un avec : oesh init
  /// …/ws/scripts», which `oesh init` then did.
  func testAFolderInsideAWorkspaceNamesTheWorkspace() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let ws = dir.appendingPathComponent("ws").path
    let scripts = try OeshProcess.run(["-c", "campaigns"], cwd: dir.appendingPathComponent("ws/scripts"))
    XCTAssertEqual(scripts.status, 3)
    XCTAssertEqual(scripts.stdout, "")
    XCTAssertEqual(
      scripts.stderr,
      "oesh: \(ws)/scripts n'est pas un espace de travail oesh (pas de oesh.toml), mais un dossier de celui de \(ws)"
        + " : oesh -w \(ws)\n")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("ws/snapshots/à trier"), withIntermediateDirectories: false)
    let english = try OeshProcess.run(["--lang", "en", "-w", "ws/snapshots/à trier", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(english.status, 3)
    XCTAssertEqual(
      english.stderr,
      "oesh: \(ws)/snapshots/à trier is not an oesh workspace (no oesh.toml) but a folder of the one at \(ws): oesh -w \(ws)\n"
    )
    let elsewhere = try OeshProcess.run(["-w", "ailleurs", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(
      elsewhere.stderr,
      "oesh: le dossier \(dir.path)/ailleurs n'existe pas ; créez un espace de travail avec : oesh init \(dir.path)/ailleurs\n"
    )
  }

  func testConfirmationWithoutTerminalIsNo() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    XCTAssertFalse(session.confirm("Écrire ?"))
    session.confirmation = { _ in true }
    XCTAssertTrue(session.confirm("Écrire ?"))
  }

  /// At a terminal the question offers the language's own answers: [o/N] in French, [y/N] in English.
  func testConfirmationAtATerminalIsAskedInTheSessionsLanguage() {
    final class Answers: LineReader {
      var answers: [String]
      var prompts: [String] = []
      init(_ answers: [String]) { self.answers = answers }
      func readLine(prompt: String) -> ReadResult {
        prompts.append(prompt)
        return answers.isEmpty ? .eof : .line(answers.removeFirst())
      }
      func addHistory(_ line: String) {}
      var history: [String] { [] }
      var historyProblem: HistoryFileProblem? { nil }
    }
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: true)
    let french = Answers(["oui", "o", "non", ""])
    session.reader = french
    XCTAssertEqual((0..<4).map { _ in session.confirm("Écrire ?") }, [true, true, false, false])
    XCTAssertEqual(french.prompts.first, "Écrire ? [o/N] ")
    session.settings.language = .en
    let english = Answers(["y", "YES", "o", "oui", ""])
    session.reader = english
    XCTAssertEqual((0..<5).map { _ in session.confirm("Write?") }, [true, true, false, false, false])
    XCTAssertEqual(english.prompts.first, "Write? [y/N] ")
  }

  /// English says it all in English: the usage of `send`, the campaigns of a fiche.
  func testEnglishMessagesHaveNoFrenchWords() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let send = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "open campaign 1", "-c", "send"], cwd: dir)
    XCTAssertEqual(send.status, 2)
    XCTAssertEqual(send.stderr, demoOpened.en + "-c:2: send: send ID… or send --all (see \"help send\")\n")
    let french = try OeshProcess.run(["-w", "ws", "-c", "open campaign 1", "-c", "send --all 5100004"], cwd: dir)
    XCTAssertEqual(french.stderr, demoOpened.fr + "-c:2: send : send ID… ou send --all (voir « help send »)\n")
    let fiche = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "fiche 5100001"], cwd: dir)
    XCTAssertTrue(fiche.stdout.contains("\"Mise à jour 2027\": Email transmis\n"), fiche.stdout)
  }
}

/// Damaged zips are refused in the user's language, naming the export and the entry.
final class DamagedExportTests: XCTestCase {
  /// The real export with one byte of an entry's compressed data flipped, and with its method set to
  /// bzip2 (12) in both headers, as a hand re-zipping with another tool may leave it.
  private func damagedCopies(in dir: URL) throws -> (damaged: URL, bzip2: URL) {
    let original = try [UInt8](Data(contentsOf: OeshProcess.hotentic.appendingPathComponent("json_export.zip")))
    let entry = Array("objets_modifies/objets_modifies-1.json".utf8)
    let local = try XCTUnwrap(original.firstRange(of: entry)).lowerBound - 30
    XCTAssertEqual(Array(original[local..<local + 4]), [0x50, 0x4B, 0x03, 0x04])
    var damaged = original
    damaged[local + 30 + entry.count + Int(original[local + 28]) + 40] ^= 0xFF
    var bzip2 = original
    bzip2[local + 8] = 12
    let central = try XCTUnwrap(original.ranges(of: entry).last).lowerBound - 46
    XCTAssertEqual(Array(original[central..<central + 4]), [0x50, 0x4B, 0x01, 0x02])
    bzip2[central + 10] = 12
    let urls = (
      dir.appendingPathComponent("3126_20190215-0156_Damage.zip"),
      dir.appendingPathComponent("3126_20190215-0156_Bzip2x.zip")
    )
    try Data(damaged).write(to: urls.0)
    try Data(bzip2).write(to: urls.1)
    return urls
  }

  func testADamagedOrOtherwiseCompressedEntryIsRefusedInTheUsersLanguage() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let (damaged, bzip2) = try damagedCopies(in: dir)
    // Each language's own punctuation before the reason.
    let entry = "objets_modifies/objets_modifies-1.json"
    let cases: [(URL, String, String)] = [
      (damaged, entry + " : données compressées endommagées", entry + ": damaged compressed data"),
      (bzip2, entry + " : méthode de compression non prise en charge", entry + ": unsupported compression method"),
    ]
    for (url, french, english) in cases {
      for (lang, text) in [("fr", french), ("en", english)] {
        let r = try OeshProcess.run(["-w", "ws", "--lang", lang, "-c", "import \(url.path)"], cwd: dir)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains(url.lastPathComponent), r.stderr)
        XCTAssertTrue(r.stderr.contains(text), r.stderr)
      }
    }
    let snapshots = try FileManager.default.contentsOfDirectory(
      atPath: dir.appendingPathComponent("ws/snapshots").path)
    XCTAssertEqual(snapshots, [], "nothing of a refused export is copied")
  }
}

/// `import` says when the export it copied will be synced, against the clock, as `snapshots` does (R1);
/// `--as-of` reads times as the clock does.
final class ImportTests: XCTestCase {
  /// `import` of a symbolic link copies the export, not the link: `snapshots/` keeps what was imported,
  /// whatever becomes of the file the link pointed at.
  func testImportOfALinkCopiesTheExport() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let outside = dir.appendingPathComponent("export.zip")
    try copyNewestExport(of: dir.appendingPathComponent("ws"), to: outside)
    let link = dir.appendingPathComponent("4242_20270301-0800_Linked.zip")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
    let r = try OeshProcess.run(["-w", "ws", "-c", "import \(link.lastPathComponent)"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let copied = dir.appendingPathComponent("ws/snapshots/4242_20270301-0800_Linked.zip").path
    XCTAssertThrowsError(try FileManager.default.destinationOfSymbolicLink(atPath: copied), "a file, not a link")
    try FileManager.default.removeItem(at: outside)
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "sync"], cwd: dir).status, 0, "it reads without the link")
  }

  func testImportSaysWhetherTheExportIsDueNowOrWhen() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)  // clock: 2027-03-01 09:00
    try copyNewestExport(of: dir.appendingPathComponent("ws"), to: dir.appendingPathComponent("export.zip"))
    let due = try OeshProcess.run(["-w", "ws", "-c", "import export.zip --as-of 08:00"], cwd: dir)
    XCTAssertEqual(due.status, 0, due.stderr)
    XCTAssertTrue(due.stdout.hasSuffix("Son heure est venue : le prochain « sync » l'importera.\n"), due.stdout)
    // One object, no deletion: no plural that counts wrong (it said «1 objets»).
    XCTAssertTrue(due.stdout.hasPrefix("Copié dans snapshots/ : 4242_20270301-0800_"), due.stdout)
    XCTAssertTrue(due.stdout.contains(" (1 fiche, 0 suppression).\n"), due.stdout)
    let later = try OeshProcess.run(["-w", "ws", "-c", "import export.zip --as-of \"demain 02:00\""], cwd: dir)
    XCTAssertEqual(later.status, 0, later.stderr)
    XCTAssertTrue(
      later.stdout.hasSuffix(
        "Son heure n'est pas venue : « sync » l'importera à partir du 2027-03-02 02:00 (l'horloge est au 2027-03-01 09:00).\n"
      ), later.stdout)
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "import export.zip --as-of +1h"], cwd: dir)
    XCTAssertTrue(
      english.stdout.hasSuffix(
        "Its time has not come: \"sync\" imports it from 2027-03-01 10:00 on (the clock says 2027-03-01 09:00).\n"),
      english.stdout)
    XCTAssertTrue(english.stdout.contains(" (1 fiche, 0 deletions).\n"), english.stdout)
    let help = try OeshProcess.run(["-w", "ws", "-c", "help import"], cwd: dir)
    XCTAssertTrue(help.stdout.contains("(10:30, demain, +2h)"), help.stdout)
  }

  /// An export imported already, taken out of snapshots/ (by hand, or by `snapshots prune`) and imported
  /// again, is said imported: no sync takes it again (it said «le prochain « sync » l'importera»).
  func testImportOfAnExportImportedAlreadySaysSo() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
    let name = "4242_20270219-0200_2FYSbb.zip"  // imported by the demo at 2027-02-19 08:00
    try FileManager.default.moveItem(
      at: dir.appendingPathComponent("ws/snapshots/" + name), to: dir.appendingPathComponent(name))
    let french = try OeshProcess.run(["-w", "ws", "-c", "import " + name], cwd: dir)
    XCTAssertEqual(french.status, 0, french.stderr)
    XCTAssertTrue(
      french.stdout.hasSuffix("Déjà importé le 2027-02-19 08:00 : « sync » ne l'importera pas de nouveau.\n"),
      french.stdout)
    let json = try OeshProcess.run(["-w", "ws", "-c", "snapshots --format json"], cwd: dir)
    XCTAssertTrue(json.stdout.contains(#""name": "4242_20270219-0200_2FYSbb""#), json.stdout)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("ws/snapshots/" + name))
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "import " + name], cwd: dir)
    XCTAssertTrue(
      english.stdout.hasSuffix("Already imported on 2027-02-19 08:00: \"sync\" will not import it again.\n"),
      english.stdout)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("ws/snapshots/" + name))
    let data = try OeshProcess.run(["-w", "ws", "-c", "import \(name) --format json"], cwd: dir)
    XCTAssertTrue(data.stdout.contains(#""status": "imported""#), data.stdout)
  }
}

/// `clock set` goes back in time as it goes forward (`-1j`, `-2h`: a leading '-' is no option there),
/// and says so when the clock is then before an export already imported, but does it.
final class ClockCommandTests: XCTestCase {
  func testTheClockGoesBackAndWarnsBeforeAnImportedExport() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)  // clock: 2027-03-01 09:00
    let back = try OeshProcess.run(["-w", "ws", "-c", "clock set -1j", "-c", "clock set -2h"], cwd: dir)
    XCTAssertEqual(back.status, 0, back.stderr)
    XCTAssertEqual(
      back.stdout,
      "2027-02-28 09:00 (horloge simulée, fuseau Europe/Paris)\n2027-02-28 07:00 (horloge simulée, fuseau Europe/Paris)\n"
    )
    XCTAssertEqual(back.stderr, "", "after the last import (2027-02-19 02:00): nothing to say")

    // The demo's last import is the export of 2027-02-19 02:00.
    let before = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2027-02-19 01:00\"", "-c", "clock"], cwd: dir)
    XCTAssertEqual(before.status, 0, before.stderr)
    XCTAssertEqual(before.stdout.components(separatedBy: "2027-02-19 01:00 (horloge simulée").count, 3, before.stdout)
    XCTAssertEqual(
      before.stderr,
      "-c:1: attention : l'horloge (2027-02-19 01:00) est avant l'export 4242_20270219-0200_2FYSbb (2027-02-19 02:00), "
        + "déjà importé : Open Edit a des données d'après l'horloge\n")
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "clock set -1d"], cwd: dir)
    XCTAssertEqual(english.status, 0, english.stderr)
    XCTAssertTrue(
      english.stderr.hasPrefix("-c:1: warning: the clock (2027-02-18 01:00) is before export 4242_"), english.stderr)

    // import --as-of reads the same, a leading '-' included.
    try copyNewestExport(of: dir.appendingPathComponent("ws"), to: dir.appendingPathComponent("export.zip"))
    let imported = try OeshProcess.run(["-w", "ws", "-c", "import export.zip --as-of -1h"], cwd: dir)
    XCTAssertEqual(imported.status, 0, imported.stderr)
    XCTAssertTrue(imported.stdout.hasPrefix("Copié dans snapshots/ : 4242_20270218-0000_"), imported.stdout)

    // A warning names its line as an error does, in a script and inside a nested one.
    try "echo a\nclock set 2020-01-01\n".write(
      to: dir.appendingPathComponent("w.oesh"), atomically: true, encoding: .utf8)
    let script = try OeshProcess.run(["-w", "ws", "-f", "w.oesh", "-c", "source w.oesh"], cwd: dir)
    XCTAssertEqual(script.status, 0, script.stderr)
    let warnings = script.stderr.split(separator: "\n").map { String($0.prefix { $0 != "(" }) }
    XCTAssertEqual(warnings, ["w.oesh:2: attention : l'horloge ", "w.oesh:2: attention : l'horloge "], script.stderr)
    XCTAssertTrue(script.stderr.hasSuffix("(depuis -c:1)\n"), script.stderr)
  }
}

/// A transport oesh does not have, asked for in oesh.toml: nothing sent, nothing marked, and the
/// message names the setting.
final class MailTransportTests: XCTestCase {
  func testAnUnknownTransportSendsNothingAndSaysWhere() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let toml = dir.appendingPathComponent("ws/oesh.toml")
    let settings = try String(contentsOf: toml, encoding: .utf8)
    XCTAssertTrue(settings.contains("transport = \"outbox\""))
    try settings.replacingOccurrences(of: "transport = \"outbox\"", with: "transport = \"smtp\"").write(
      to: toml, atomically: true, encoding: .utf8)
    let outbox = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ws/outbox").path)
    for command in ["send 5100004", "send --all --yes"] {
      let r = try OeshProcess.run(["-w", "ws", "-c", "open campaign mise", "-c", command], cwd: dir)
      XCTAssertEqual(r.status, 1, command)
      XCTAssertEqual(
        r.stderr,
        demoOpened.fr
          + "-c:2: rien n'est envoyé : oesh.toml demande le transport « smtp » ([mail] transport), mais oesh n'a que "
          + "« outbox » (un fichier .eml par e-mail dans outbox/)\n", command)
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ws/outbox").path), outbox)
    let status = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign mise", "-c", "expect status 5100004 \"Email à transmettre\""], cwd: dir)
    XCTAssertEqual(status.status, 0, status.stderr)
  }
  /// A `[mail]` setting that is wrong (a sender or a redirect that is no address, a form link that is no web
  /// address) sends nothing, marks nothing, and is named with the file and the setting to fix: the redirect
  /// was «adresse de redirection invalide : moi», with no word of oesh.toml, and a form link «pas une url» was
  /// sent to the socio-pro as «pas une url/TOKEN», the offre «Email transmis» for good.
  func testAWrongMailSettingSendsNothingAndNamesIt() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let toml = dir.appendingPathComponent("ws/oesh.toml")
    let settings = try String(contentsOf: toml, encoding: .utf8)
    let outbox = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ws/outbox").path)
    let cases: [(String, String, String)] = [
      (
        "from = \"Open Edit <openedit@openedit.invalid>\"", "from = \"Office\"",
        "l'expéditeur « Office » de oesh.toml ([mail] from) est invalide : écrivez « Nom <adresse@domaine> » ou une adresse"
      ),
      (
        "# redirect = \"me@example.org\"", "redirect = \"moi\"",
        "l'adresse de redirection « moi » de oesh.toml ([mail] redirect) est invalide : écrivez une adresse, comme moi@office.example"
      ),
      (
        "form_base_url = \"https://openedit.invalid/formulaire\"", "form_base_url = \"pas une url\"",
        "le lien du formulaire « pas une url » de oesh.toml ([mail] form_base_url) n'est pas une adresse web : écrivez https://…, chaque e-mail y ajoutant /JETON"
      ),
      (
        "form_base_url = \"https://openedit.invalid/formulaire\"", "form_base_url = \"https://forms.example/f?id=\"",
        "le lien du formulaire « https://forms.example/f?id= » de oesh.toml ([mail] form_base_url) n'est pas une adresse web : écrivez https://…, chaque e-mail y ajoutant /JETON"
      ),
    ]
    for (line, wrong, message) in cases {
      XCTAssertTrue(settings.contains(line), line)
      try settings.replacingOccurrences(of: line, with: wrong).write(to: toml, atomically: true, encoding: .utf8)
      for command in ["send 5100010", "send --all --yes", "send --all --dry-run"] {
        let r = try OeshProcess.run(["-w", "ws", "-c", "open campaign mise", "-c", command], cwd: dir)
        XCTAssertEqual(r.status, 1, command)
        XCTAssertEqual(r.stderr, demoOpened.fr + "-c:2: rien n'est envoyé : " + message + "\n", command)
      }
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ws/outbox").path), outbox)
    try settings.write(to: toml, atomically: true, encoding: .utf8)
    let status = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign mise", "-c", "expect status 5100010 \"Email à transmettre\""], cwd: dir)
    XCTAssertEqual(status.status, 0, status.stderr)
    try settings.replacingOccurrences(of: "# redirect = \"me@example.org\"", with: "redirect = \"moi\"").write(
      to: toml, atomically: true, encoding: .utf8)
    let english = try OeshProcess.run(
      ["--lang", "en", "-w", "ws", "-c", "open campaign mise", "-c", "send 5100010"], cwd: dir)
    XCTAssertEqual(
      english.stderr,
      demoOpened.en + "-c:2: nothing is sent: the redirect address \"moi\" of oesh.toml ([mail] redirect) is invalid: "
        + "write an address, such as me@office.example\n")
  }
}

/// A command an error suggests runs as it is written: a text with spaces is quoted in it.
final class SuggestionTests: XCTestCase {
  func testSuggestedCommandsQuoteWhatHoldsSpaces() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let why = try OeshProcess.run(["-w", "ws", "-c", "open campaign 1", "-c", "why \"Hôtel Neuf\""], cwd: dir)
    XCTAssertEqual(
      why.stderr,
      demoOpened.fr
        + "-c:2: Open Edit n'a pas de fiche « Hôtel Neuf » (voir « fiches --search \"Hôtel Neuf\" », ou donnez l'id)\n")
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "fiches --search \"Hôtel Neuf\""], cwd: dir).status, 0)
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "fiche 'Hôtel Neuf'"], cwd: dir)
    XCTAssertTrue(
      english.stderr.contains("(look with: fiches --search \"Hôtel Neuf\"; or give the id)"), english.stderr)
    // sh's own quotes for a command line of sh.
    let missing = try OeshProcess.run(["-w", "mon office", "-c", "quit"], cwd: dir)
    XCTAssertEqual(missing.status, 3)
    XCTAssertTrue(missing.stderr.hasSuffix("/mon office'\n"), missing.stderr)
    XCTAssertTrue(missing.stderr.contains("oesh init '/"), missing.stderr)
    XCTAssertEqual(shellWord("l'atelier"), "'l'\\''atelier'")
    XCTAssertEqual(shellWord("/tmp/démo"), "/tmp/démo")
    let demo = try OeshProcess.run(["demo", "ma démo"], cwd: dir)
    XCTAssertTrue(demo.stdout.contains("oesh -w 'ma démo', "), demo.stdout)
  }
}

/// Messages that said too little or too much.
final class PlainMessagesTests: XCTestCase {
  func testMessagesSayWhatIsMissingOnceAndNeverEndOnNothing() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    func run(_ commands: String...) throws -> OeshProcess.Result {
      try OeshProcess.run(["-w", "ws"] + commands.flatMap { ["-c", $0] }, cwd: dir)
    }
    XCTAssertEqual(try run("set format").stderr, "-c:1: valeur manquante pour format (valeurs : table, csv, json)\n")
    XCTAssertEqual(
      try run("set format xml").stderr, "-c:1: valeur « xml » impossible pour format (valeurs : table, csv, json)\n")
    // `why` names the fiche once.
    let why = try run("open campaign 1", "why 5100005")
    XCTAssertTrue(
      why.stdout.contains(
        "mais ne peut pas être envoyée : pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync).\n"),
      why.stdout)
    // An empty list reads «—».
    let calcul = try run("apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR", "apidae calcul --dry-run")
    XCTAssertTrue(calcul.stdout.hasSuffix(" ; sortent —\n"), calcul.stdout)
    // No hint where no tutorial runs; once it does, the step's command.
    let hint = try run("hint")
    XCTAssertEqual(hint.status, 1)
    XCTAssertEqual(
      hint.stderr,
      "-c:1: pas de tutoriel en cours ici : « tutorial » le commence sur cette démo, « oesh tutorial » sur une démo à lui\n"
    )
    XCTAssertEqual(try run("tutorial", "hint").stdout.split(separator: "\n").last, "Indice : campaigns")
    XCTAssertEqual(try run("hint").stdout, "Indice : campaigns\n", "the tutorial ran in this workspace")
  }
}

/// `nuit` at 01:00 ends that same night: the simulated Apidae writes its 02:00 export and the clock stops
/// at 08:00 the same day, not a day later.
final class NightFromTheSmallHoursTests: XCTestCase {
  func testNuitInTheNightEndsThatNight() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let night = try OeshProcess.run(
      [
        "-w", "ws", "-c", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR", "-c",
        "clock set \"2027-02-20 01:00\"", "-c", "nuit", "-c", "clock",
      ], cwd: dir)
    XCTAssertEqual(night.status, 0, night.stderr)
    XCTAssertTrue(night.stdout.contains("Apidae : export nocturne 4242_20270220-0200_"), night.stdout)
    XCTAssertTrue(night.stdout.contains("La nuit passe… Horloge : 2027-02-20 08:00.\n"), night.stdout)
    XCTAssertTrue(night.stdout.hasSuffix("2027-02-20 08:00 (horloge simulée, fuseau Europe/Paris)\n"), night.stdout)
  }
}

/// `campaign set PART ""` (or blank) puts the default back and says so, naming the part in the session's
/// words; a body without {lien} is refused.
final class CampaignSetTests: XCTestCase {
  func testAnEmptyValueSaysTheDefaultIsBackAndABodyNeedsTheLink() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let reset = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "campaign set subject \"  \""], cwd: dir)
    XCTAssertEqual(reset.stdout, "Objet de « Mise à jour 2027 » remis par défaut.\n")
    // The subject is the «Objet», as French mail programs call it; `objet` names it too.
    let objet = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "campaign set objet \"Votre fiche {nom}\"", "-c", "campaign show"],
      cwd: dir)
    XCTAssertEqual(objet.status, 0, objet.stderr)
    XCTAssertTrue(objet.stdout.hasPrefix("Objet de « Mise à jour 2027 » changé.\n"), objet.stdout)
    XCTAssertTrue(objet.stdout.contains("\nObjet : Votre fiche {nom}\n"), objet.stdout)
    let english = try OeshProcess.run(
      ["-w", "ws", "--lang", "en", "-c", "open campaign 1", "-c", "campaign set from \"\""], cwd: dir)
    XCTAssertEqual(english.stdout, "Sender of \"Mise à jour 2027\" put back to the default.\n")
    let noLink = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "campaign set body \"Bonjour {nom}\""], cwd: dir)
    XCTAssertEqual(noLink.status, 2)
    XCTAssertTrue(
      noLink.stderr.contains("-c:2: le corps doit contenir {lien} : c'est le lien du formulaire"), noLink.stderr)
    let numeric = try OeshProcess.run(["-w", "ws", "-c", "new campaign 2 --selection 49001"], cwd: dir)
    XCTAssertEqual(numeric.status, 2)
    XCTAssertTrue(numeric.stderr.contains("intitulé « 2 » impossible : fait de chiffres seuls"), numeric.stderr)
  }
}

/// `snapshots` in JSON and CSV says what its table's «Importé» column says, as a code for scripts.
final class SnapshotStatusTests: XCTestCase {
  func testEachExportSaysWhetherItIsImportedDueNotYetOrUnreadable() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let snapshots = dir.appendingPathComponent("ws/snapshots")
    try FileManager.default.copyItem(
      at: snapshots.appendingPathComponent("4242_20270219-0200_2FYSbb.zip"),
      to: snapshots.appendingPathComponent("4242_20270401-0200_Future.zip"))
    try Data("pas un zip".utf8).write(to: snapshots.appendingPathComponent("4242_20270219-0500_Broken.zip"))
    let r = try OeshProcess.run(
      [
        "-w", "ws", "-c", "apidae fiche 5100001 --name \"Hôtel du Galibier (rénové)\"", "-c", "apidae calcul",
        "-c", "snapshots --format json",
      ], cwd: dir)
    let json = try XCTUnwrap(r.stdout.split(separator: "\n").last)
    let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    XCTAssertEqual(
      rows.compactMap { $0["status"] as? String }, ["imported", "imported", "unreadable", "due", "not_yet"])
    XCTAssertEqual(rows[2]["name"] as? String, "4242_20270219-0500_Broken")
    XCTAssertEqual((rows[3]["name"] as? String)?.hasPrefix("4242_20270301-0900_"), true, "the calcul, at the clock")
    XCTAssertEqual(rows[4]["name"] as? String, "4242_20270401-0200_Future")
    let csv = try OeshProcess.run(["-w", "ws", "-c", "snapshots --format csv"], cwd: dir).stdout
    XCTAssertTrue(
      csv.hasPrefix(
        "name,project_id,exported_at,ponctuel,reinitialisation,objects,deleted,imported,imported_at,status\n"), csv)
    XCTAssertTrue(csv.contains(",not_yet\n"), csv)
  }
}

/// The notes of `snapshots` in JSON or CSV go to standard error as they are under the table, not placed
/// at a script's line as a warning is (`-c:1: Ignoré : …`).
final class SnapshotNotesTests: XCTestCase {
  func testTheNotesOfAListingAreNoWarnings() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let snapshots = dir.appendingPathComponent("ws/snapshots")
    try Data("notes".utf8).write(to: snapshots.appendingPathComponent("readme.txt"))
    let empty = try OeshProcess.run(["-w", "ws", "-c", "snapshots --format json"], cwd: dir)
    XCTAssertEqual(empty.status, 0, empty.stderr)
    XCTAssertEqual(empty.stdout, "[]\n")
    XCTAssertEqual(
      empty.stderr,
      "Ignoré : readme.txt — le nom ne suit pas le modèle Apidae <projetId>_<AAAAMMJJ>-<HHMM>_<code>\n"
        + "Aucun export dans snapshots/ : déposez-y les zips d'Apidae, ou « import CHEMIN ».\n")
    try Data("pas un zip".utf8).write(to: snapshots.appendingPathComponent("4242_20270219-0500_Broken.zip"))
    let script = dir.appendingPathComponent("s.oesh")
    try "echo ok\nsnapshots --format csv\n".write(to: script, atomically: true, encoding: .utf8)
    let broken = try OeshProcess.run(["-w", "ws", "--lang", "en", "-f", "s.oesh"], cwd: dir)
    XCTAssertEqual(broken.status, 0, broken.stderr)
    XCTAssertEqual(
      broken.stderr.split(separator: "\n").map { String($0.prefix(13)) }, ["Unreadable: e", "Ignored: read"],
      broken.stderr)
  }
}

/// A sync says «nocturne» of an export only when something says it is the nightly one: its sidecar, or,
/// without one, its time in the night; «calcul exceptionnel» when its sidecar says ponctuel.
final class ExportOccasionTests: XCTestCase {
  func testNocturneOnlyWhenTheSidecarOrTheNightSaysSo() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let snapshots = dir.appendingPathComponent("ws/snapshots")
    func write(_ stem: String, ponctuel: Bool? = nil) throws {
      let w = try ExportWriter(
        directory: snapshots, name: ExportName.parse(stem)!,
        notification: ponctuel.map {
          ExportNotification(projectId: 4242, statut: "SUCCESS", ponctuel: $0, reinitialisation: false)
        })
      try w.addObjects([Story.lac.exportJSON()])
      w.setSelections([])
      try w.finish()
    }
    try write("4242_20270301-0156_AAAAAA")
    try write("4242_20270301-1100_BBBBBB")
    try write("4242_20270301-1200_CCCCCC", ponctuel: false)
    try write("4242_20270301-1300_DDDDDD", ponctuel: true)
    let run = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2027-03-02 09:00\"", "-c", "sync"], cwd: dir)
    XCTAssertEqual(run.status, 0, run.stderr)
    let headers = run.stdout.split(separator: "\n").filter { $0.hasPrefix("Import de") }.map {
      String($0.prefix { $0 != ":" })
    }
    XCTAssertEqual(
      headers,
      [
        "Import de 4242_20270301-0156_AAAAAA (réinitialisation, nocturne) ",
        "Import de 4242_20270301-1100_BBBBBB (différentiel) ",
        "Import de 4242_20270301-1200_CCCCCC (différentiel, nocturne) ",
        "Import de 4242_20270301-1300_DDDDDD (différentiel, calcul exceptionnel) ",
      ], run.stdout)
  }
}

/// Standard input is read as a script file is: a byte order mark is no part of the first command, and
/// a line that is not UTF-8 is refused where it is, nothing of it stored.
final class StandardInputTests: XCTestCase {
  func testAByteOrderMarkAndBytesThatAreNotUTF8() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let bom = try OeshProcess.run(
      ["-w", "ws"], cwd: dir, stdinBytes: [0xEF, 0xBB, 0xBF] + Array("echo un\r\necho deux".utf8))
    XCTAssertEqual(bom.stdout, "un\ndeux\n")
    XCTAssertEqual(bom.status, 0, bom.stderr)
    let latin1 =
      Array("echo avant\napidae new fiche --type HOTELLERIE --name \"Zzyzx H".utf8) + [0xF4]
      + Array("tel\" --commune Valloire\necho après\n".utf8)
    let refused = try OeshProcess.run(["-w", "ws"], cwd: dir, stdinBytes: latin1)
    XCTAssertEqual(refused.stdout, "avant\n")
    XCTAssertEqual(
      refused.stderr,
      "stdin:2: cette ligne n'est pas en UTF-8 : rien n'en est exécuté (enregistrez le script en UTF-8)\n")
    XCTAssertEqual(refused.status, 1)
    let fiches = try OeshProcess.run(["-w", "ws", "-c", "apidae fiches --format csv"], cwd: dir)
    XCTAssertTrue(fiches.stdout.contains("Hôtel"), fiches.stdout)
    XCTAssertFalse(fiches.stdout.contains("Zzyzx"), "nothing stored")
  }
}

/// The newest zip of a workspace's `snapshots/`, copied out of it (as an export a user would import).
func copyNewestExport(of workspace: URL, to target: URL) throws {
  let snapshots = workspace.appendingPathComponent("snapshots")
  let zip = try XCTUnwrap(
    FileManager.default.contentsOfDirectory(atPath: snapshots.path).filter { $0.hasSuffix(".zip") }.sorted().last)
  try FileManager.default.copyItem(at: snapshots.appendingPathComponent(zip), to: target)
}

/// What `open campaign 1` of a new demo says on standard error: a message, not a result.
let demoOpened = (
  fr: "Campagne « Mise à jour 2027 » ouverte : 19 offres — 14 « Email à transmettre », 5 « Email transmis ».\n",
  en: "Campaign \"Mise à jour 2027\" open: 19 offres — 14 «Email à transmettre», 5 «Email transmis».\n"
)

/// `oesh.toml` edited while a shell runs is read again by the next command that uses the workspace, as git
/// reads its config at each command: the sender an error pointed at, once fixed, is taken, and a redirect
/// added sends the next e-mail to it, where the shell went on with the settings it had started with.
final class SettingsEditedWhileTheShellRunsTests: XCTestCase {
  func testTheNextCommandReadsTheSettingsAgain() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let ws = dir.appendingPathComponent("ws")
    let toml = ws.appendingPathComponent("oesh.toml")
    let original = try String(contentsOf: toml, encoding: .utf8)
    func edit(_ text: String) throws { try text.write(to: toml, atomically: false, encoding: .utf8) }
    try edit(
      original.replacingOccurrences(of: "from = \"Open Edit <openedit@openedit.invalid>\"", with: "from = \"x\""))
    let interpreter = Interpreter(session: Session(workspaceURL: ws, interactive: false))
    XCTAssertEqual(interpreter.run(line: "open campaign 1", at: nil), 0)
    XCTAssertEqual(interpreter.run(line: "send 5100010", at: nil), 1, "the sender x is no address")

    try edit(
      original.replacingOccurrences(
        of: "# redirect = \"me@example.org\"", with: "redirect = \"moi@office.example\""))
    XCTAssertEqual(interpreter.run(line: "send 5100010", at: nil), 0)
    let outbox = ws.appendingPathComponent("outbox")
    let sent = try XCTUnwrap(
      FileManager.default.contentsOfDirectory(atPath: outbox.path).first { $0.hasSuffix("_5100010.eml") })
    let mail = try String(contentsOf: outbox.appendingPathComponent(sent), encoding: .utf8)
    XCTAssertTrue(mail.contains("\r\nTo: Chalet Le =?UTF-8?B?TsOpdsOp?= <moi@office.example>\r\n"), mail)
    XCTAssertTrue(mail.contains("\r\nFrom: Open Edit <openedit@openedit.invalid>\r\n"), mail)

    // Now wrong, the file stops the commands that use the workspace (status 3) until it is right again.
    try edit(original.replacingOccurrences(of: "timezone = \"Europe/Paris\"", with: "timezone = \"Mars/Base\""))
    XCTAssertEqual(interpreter.run(line: "campaigns", at: nil), 3)
    XCTAssertEqual(interpreter.run(line: "echo la session continue", at: nil), 0)
    try edit(original)
    XCTAssertEqual(interpreter.run(line: "campaigns", at: nil), 0)
  }
}
