import LineEditing
import OpenEdit
import XCTest

@testable import Shell

/// What TAB proposes, as the completer hands it to libedit (the terminal tests press TAB for real).
final class CompleterTests: XCTestCase {
  private func session(_ fixture: String) throws -> Session {
    let dir = try OeshProcess.temporaryDirectory(self).appendingPathComponent("ws")
    if fixture == "demo" {
      _ = try Demo.create(at: dir)
    } else {
      _ = try Workspace.create(at: dir)
      try Fixtures.install(fixture, into: dir)
      let workspace = try Workspace.open(at: dir)
      try workspace.clock().set(LocalDateTime(year: 2030, month: 1, day: 1))
      _ = try workspace.sync()
    }
    return Session(workspaceURL: dir, interactive: false)
  }

  func testFicheIdsAreFoundByTheirDigitsOrByAPartOfTheNameAndListedWithTheirNames() throws {
    let session = try session("story")
    let completer = Completer(session: session)  // which holds it unowned
    let byId = completer.complete(lineBeforeCursor: "fiche 10")
    XCTAssertEqual(byId.candidates, ["101", "102", "103", "105", "106"], "104 was deleted")
    XCTAssertEqual(byId.labels.prefix(2), ["101 Hôtel du Lac", "102 Camping des Pins"])
    XCTAssertTrue(byId.continuesWord)
    XCTAssertEqual(byId.replacing, 2)

    let one = completer.complete(lineBeforeCursor: "why LAC")
    XCTAssertEqual(one.candidates, ["101"], "case and accents ignored, a part of the name")
    XCTAssertFalse(one.continuesWord, "the ids do not go on from a name: listed, never a common prefix")
    XCTAssertEqual(one.replacing, 3)

    let hotels = completer.complete(lineBeforeCursor: "journal --fiche hotel")
    XCTAssertEqual(hotels.candidates, ["105", "101"], "by name: Hôtel Beau Rivage, then Hôtel du Lac")
    XCTAssertEqual(hotels.labels, ["105 Hôtel Beau Rivage", "101 Hôtel du Lac"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "why fontaines").candidates, [], "deleted")
    XCTAssertEqual(completer.complete(lineBeforeCursor: "expect status rivage").candidates, ["105"])
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "expect status 105 \"Email à").candidates, ["\"Email à transmettre\""])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "journal --campaign ").candidates, [])

    // Names, for a search: completed from their start.
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "fiches --search hô").candidates,
      ["\"Hôtel Beau Rivage\"", "\"Hôtel du Lac\""])
    // The rest is as before: command names, sélection names.
    XCTAssertEqual(completer.complete(lineBeforeCursor: "help qu").candidates, ["quit"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "selection h").candidates, ["Hébergements"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiches --commune ta").candidates, ["Talloires-Montmin"])
  }

  func testSendProposesOnlyTheOffresToSendAndTheApidaeSideItsOwnFiches() throws {
    let session = try session("demo")
    let completer = Completer(session: session)
    let interpreter = Interpreter(session: session)
    XCTAssertEqual(completer.complete(lineBeforeCursor: "send ").candidates, [], "no open campaign")
    XCTAssertEqual(interpreter.run(line: "open campaign mise", at: nil), 0)
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "send galib").candidates, [],
      "Hôtel du Galibier's e-mail was sent already")
    // 14 offres «Email à transmettre», three of them without an e-mail: `send` would refuse those.
    let toSend = completer.complete(lineBeforeCursor: "send ").candidates
    XCTAssertEqual(toSend.count, 11)
    XCTAssertFalse(toSend.contains("5100001"))
    XCTAssertFalse(toSend.contains("5100005"), "no e-mail")
    XCTAssertEqual(completer.complete(lineBeforeCursor: "send bellec").labels, ["5100008 Hôtel Le Bellecôte"])
    // Hidden by an import since the campaign was actualised: actualiser would set it aside, send refuses it.
    for line in ["apidae hide 5100008", "apidae calcul", "sync"] {
      XCTAssertEqual(interpreter.run(line: line, at: nil), 0)
    }
    XCTAssertEqual(completer.complete(lineBeforeCursor: "send bellec").labels, [])
    // What a fiche argument takes, TAB proposes: «week end» is how `journal --fiche "week end"` finds
    // «Week-end vélo au Galibier» (hyphens and apostrophes are spaces), so TAB finds it that way too.
    XCTAssertEqual(completer.complete(lineBeforeCursor: "journal --fiche \"week end").candidates, ["5100062"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "journal --fiche \"week-end v").candidates, ["5100062"])

    // The Apidae side proposes the project's fiches, those Open Edit does not have yet too.
    XCTAssertEqual(
      interpreter.run(
        line: "apidae new fiche --type HOTELLERIE --name \"Hôtel L'Aigle Blanc\" --commune Valmeinier", at: nil),
      0)
    XCTAssertEqual(completer.complete(lineBeforeCursor: "why aigle").candidates, [], "not in Open Edit")
    let aigle = completer.complete(lineBeforeCursor: "apidae hide aigle")
    XCTAssertEqual(aigle.candidates.count, 1)
    XCTAssertEqual(aigle.labels, [aigle.candidates[0] + " Hôtel L'Aigle Blanc"])
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "apidae fiche galib").labels,
      [
        "5100001 Hôtel du Galibier", "5100047 Randonnée accompagnée au col du Galibier",
        "5100062 Week-end vélo au Galibier",
      ])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "apidae fiche 5100001").candidates, ["5100001"])
  }

  /// TAB proposes what the command would take there: no second argument to a command that takes one,
  /// no title after a title, no option given already (unless it repeats), names holding a search's text.
  func testTabProposesOnlyWhatTheCommandTakesThere() throws {
    let session = try session("demo")
    let completer = Completer(session: session)
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiche sétaz").candidates, ["5100002"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiche 5100002 ").candidates, [], "fiche takes one fiche")
    XCTAssertEqual(completer.complete(lineBeforeCursor: "why 5100002 51").candidates, [])
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "fiche 5100002 --format ").candidates, ["table", "csv", "json"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiche --raw 510000").candidates.count, 9, "an option first")
    XCTAssertEqual(completer.complete(lineBeforeCursor: "source matin.oesh ").candidates, [])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "diff pending ").candidates, [])
    // A command that runs alone and has a subcommand: its subcommand after it, its options after a dash.
    XCTAssertEqual(completer.complete(lineBeforeCursor: "snapshots pr").candidates, ["prune"])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "snapshots --").candidates, ["--format"])
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "snapshots prune --").candidates, ["--dry-run", "--yes", "--format"])

    XCTAssertEqual(completer.complete(lineBeforeCursor: "open campaign ").candidates, ["\"Mise à jour 2027\""])
    XCTAssertEqual(completer.complete(lineBeforeCursor: "open campaign \"Mise à jour 2027\" ").candidates, [])

    let interpreter = Interpreter(session: session)
    XCTAssertEqual(interpreter.run(line: "open campaign 1", at: nil), 0)
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "send --all --").candidates, ["--dry-run", "--yes", "--format"])
    XCTAssertFalse(completer.complete(lineBeforeCursor: "send 5100004 ").candidates.contains("5100004"))
    XCTAssertEqual(
      completer.complete(lineBeforeCursor: "new campaign X --selection Hébergements --").candidates,
      ["--selection", "--format"], "--selection repeats")
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiches --no-email --no").candidates, [])

    // A search finds any part of a name: TAB proposes the names that hold it.
    let search = completer.complete(lineBeforeCursor: "fiches --search gali")
    XCTAssertEqual(
      search.candidates,
      [
        "\"Hôtel du Galibier\"", "\"Randonnée accompagnée au col du Galibier\"", "\"Week-end vélo au Galibier\"",
      ])
    XCTAssertFalse(search.continuesWord, "they do not start with «gali»: listed, what is typed stays")
    let one = completer.complete(lineBeforeCursor: "fiches --search vélo")
    XCTAssertEqual(one.candidates, ["\"Week-end vélo au Galibier\""])
    XCTAssertTrue(completer.complete(lineBeforeCursor: "fiches --search auberge").continuesWord, "all start with it")
  }

  /// Digits that start no id are looked for in the names: `fiche 3` TAB finds the real export's
  /// «3C-Centre de Coordination en Cancerologie» (and a fiche named «1789» is reached by its digits), as
  /// `fiche 3c` does; it proposed nothing.
  func testDigitsThatStartNoIdFindTheNamesHoldingThem() throws {
    let session = try session("hotentic")
    let completer = Completer(session: session)  // which holds it unowned
    for line in ["fiche 3", "why 3"] {
      let found = completer.complete(lineBeforeCursor: line)
      XCTAssertEqual(found.labels, ["4826137 3C-Centre de Coordination en Cancerologie"], line)
      XCTAssertFalse(found.continuesWord, line)
    }
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiche 48").candidates.count, 5, "ids first")
    XCTAssertEqual(completer.complete(lineBeforeCursor: "fiche 9").candidates, [], "in no id and no name")

    // The Apidae side alike: a fiche named «1789» is found by its digits, which start no id.
    let demo = try self.session("demo")
    let apidae = Completer(session: demo)
    XCTAssertEqual(
      Interpreter(session: demo).run(
        line: "apidae new fiche --type PATRIMOINE_CULTUREL --name 1789 --commune Valmeinier", at: nil), 0)
    let named = apidae.complete(lineBeforeCursor: "apidae fiche 1789")
    XCTAssertEqual(named.labels.count, 1)
    XCTAssertEqual(named.labels.first?.hasSuffix(" 1789"), true, "\(named.labels)")
    XCTAssertEqual(apidae.complete(lineBeforeCursor: "apidae fiche 510000").candidates.count, 9, "ids first")
  }

  /// A sélection argument takes a part of the name (`selection activ` shows «Sites et activités»): TAB
  /// finds it that way too, where it found only the names that start with what is typed.
  /// `import ~/` lists the home folder (`$HOME`, as the command reads it) and keeps `~/` bare in what it
  /// inserts: quoted, it would name a folder `~`.
  func testTabListsTheHomeFolderAfterATilde() throws {
    let session = try session("demo")
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("maison")
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent("Mes exports"), withIntermediateDirectories: true)
    let previous = environmentValue("HOME")
    setenv("HOME", home.path, 1)
    defer { if let previous { setenv("HOME", previous, 1) } else { unsetenv("HOME") } }
    let completer = Completer(session: session)
    let found = completer.complete(lineBeforeCursor: "import ~/Me")
    XCTAssertEqual(found.candidates, [#"~/"Mes exports/""#])
    XCTAssertEqual(found.replacing, 4)
    XCTAssertEqual(
      try Tokenizer.split("import " + found.candidates[0] + "x.zip"), [["import", home.path + "/Mes exports/x.zip"]])
  }

  func testTabFindsASelectionByAPartOfItsName() throws {
    let session = try session("demo")
    let completer = Completer(session: session)  // which holds it unowned
    for line in ["selection activ", "fiches --selection activ", "new campaign X --selection \"et activ"] {
      let found = completer.complete(lineBeforeCursor: line)
      XCTAssertEqual(found.candidates, ["\"Sites et activités\""], line)
      XCTAssertFalse(found.continuesWord, "\(line): a part of the name, never a common beginning")
    }
    let both = completer.complete(lineBeforeCursor: "sélection ET")
    XCTAssertEqual(both.candidates, ["\"Restaurants et dégustation\"", "\"Sites et activités\""])
    XCTAssertEqual(both.labels, both.candidates)
    XCTAssertEqual(completer.complete(lineBeforeCursor: "selection ").candidates.count, 3, "nothing typed: all")
    let start = completer.complete(lineBeforeCursor: "selection h")
    XCTAssertEqual(start.candidates, ["Hébergements"])
    XCTAssertTrue(start.continuesWord)
  }
}
