import Apidae
import StoryFixtures
import XCTest

@testable import OpenEdit
@testable import Shell

/// `fiches --format json` and `--format csv` are written from the rows as SQLite holds them, not from the
/// listing's table: the text must still be the table's JSON and CSV, byte for byte.
final class ListingTests: XCTestCase {
  func testJSONAndCSVListingsAreThoseOfTheFullTable() throws {
    try forEachListing { session, store, filter, label in
      let table = FicheRows.table(try store.fiches(filter, withSelections: true), session: session, full: true)
      // Read by one connection, and by two from both ends of the listing index (a big workspace's way).
      for split in [ListingSplit.never, ListingSplit(minimumPages: 0)] {
        XCTAssertEqual(
          String(decoding: try FicheRows.json(store, filter, split: split), as: UTF8.self),
          Renderer.json(table) + "\n", "\(label) \(split.minimumPages)")
        XCTAssertEqual(
          String(decoding: try FicheRows.csv(store, filter, split: split), as: UTF8.self),
          Renderer.csv(table), "\(label) \(split.minimumPages)")
      }
    }
  }

  /// `fiches` through a pipe or into a file is written from SQLite's rows as CSV is: the same text as the
  /// table the renderer lays out, escaped controls, wide characters and missing e-mails included.
  func testThePlainTableOfFichesIsTheRenderersTable() throws {
    try forEachListing { session, store, filter, label in
      let table = FicheRows.table(try store.fiches(filter), session: session, full: false)
      for split in [ListingSplit.never, ListingSplit(minimumPages: 0)] {
        XCTAssertEqual(
          String(decoding: try FicheRows.plainTable(store, filter, session: session, split: split).text, as: UTF8.self),
          Renderer(format: .table).render(table), "\(label) \(split.minimumPages)")
      }
    }
  }

  /// `selection ID` through a pipe: its title, then its fiches as `fiches --selection` writes them, then the
  /// members Open Edit does not have, as the renderer lays out the sélection's table.
  func testASelectionThroughAPipeIsTheRenderersTable() throws {
    let dir = try syncedOddNames()
    let session = Session(workspaceURL: dir.appendingPathComponent("ws"), interactive: false)
    for selection in ["1", "S"] {
      let d = try session.store().selection(selection)
      XCTAssertEqual(d.missing, [9999])
      var table = FicheRows.table(d.fiches, session: session, full: false)
      table.footer = [session.t("selection.missing", "9999")]
      let shown = try OeshProcess.run(["-w", "ws", "-c", "selection \(selection)"], cwd: dir)
      XCTAssertEqual(shown.status, 0, shown.stderr)
      XCTAssertEqual(
        shown.stdout,
        session.t("selection.title", 1, "S", 3) + "\n" + Renderer(format: .table).render(table), selection)
    }
  }

  /// `selections` counts in «Fiches» the members `selection ID` lists (those Open Edit has), and the others
  /// the export lists apart, so that the two commands agree; a table shows that column only when needed.
  func testSelectionsCountTheFichesSelectionListsAndTheAbsentApart() throws {
    let dir = try syncedOddNames()
    let listed = try OeshProcess.run(["-w", "ws", "-c", "selection 1 --format json"], cwd: dir)
    let fiches = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
    XCTAssertEqual((fiches?["fiches"] as? [Any])?.count, 3, listed.stdout)
    let shown = try OeshProcess.run(
      ["-w", "ws", "-c", "selections", "-c", "selections --format csv", "-c", "selections --format json"], cwd: dir)
    XCTAssertEqual(shown.status, 0, shown.stderr)
    XCTAssertEqual(
      shown.stdout,
      """
      Id  Nom  Fiches  Absentes
       1  S         3         1
      Absentes : les fiches que la sélection compte dans Apidae mais qu'Open Edit n'a pas (supprimées ou \
      jamais reçues) ; « selection ID » les nomme.
      id,name,fiches,absent
      1,S,3,1
      [{"id": 1, "name": "S", "fiches": 3, "absent": 1}]

      """)
    // `selection ID` names them in the same word, agreeing with «fiches» as the column does («Membres absents
    // d'Open Edit (supprimés ou inconnus)» under the column «Absentes : membres … (supprimés …)»).
    let one = try OeshProcess.run(["-w", "ws", "-c", "selection 1"], cwd: dir)
    XCTAssertTrue(one.stdout.hasSuffix("\nAbsentes d'Open Edit (supprimées ou jamais reçues) : 9999\n"), one.stdout)
    let english = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "selection 1", "-c", "selections"], cwd: dir)
    XCTAssertTrue(
      english.stdout.contains("\nMissing from Open Edit (deleted or never received): 9999\n"), english.stdout)
    XCTAssertTrue(
      english.stdout.hasSuffix(
        "\nMissing: the fiches the sélection has in Apidae that Open Edit does not (deleted or never received);"
          + " \"selection ID\" names them.\n"), english.stdout)
    // With no absent member, a table has no column for them; CSV and JSON keep their shape.
    let demo = dir.appendingPathComponent("demo")
    XCTAssertEqual(try OeshProcess.run(["demo", demo.path], cwd: dir).status, 0)
    let plain = try OeshProcess.run(
      ["-w", demo.path, "-c", "selections", "-c", "selections --format csv"], cwd: dir)
    XCTAssertEqual(plain.stdout.split(separator: "\n").first, "   Id  Nom                         Fiches")
    XCTAssertTrue(plain.stdout.contains("id,name,fiches,absent\n49001,Hébergements,19,0\n"), plain.stdout)
    XCTAssertFalse(plain.stdout.contains("Absentes"), plain.stdout)
  }

  /// A temporary folder holding `ws`, a workspace synced with `writeOddNames`' export.
  private func syncedOddNames() throws -> URL {
    let dir = try OeshProcess.temporaryDirectory(self)
    _ = try Workspace.create(at: dir.appendingPathComponent("ws"))
    try writeOddNames(into: dir.appendingPathComponent("ws"))
    let run = try OeshProcess.run(["-w", "ws", "-c", "clock set 2030-01-01", "-c", "sync"], cwd: dir)
    XCTAssertEqual(run.status, 0, run.stderr)
    return dir
  }

  /// An export of fiches with names to escape, wide or combining characters, no e-mail, no commune.
  private func writeOddNames(into dir: URL) throws {
    let writer = try ExportWriter(
      directory: dir.appendingPathComponent("snapshots"), name: ExportName.parse("4242_20270301-0156_AAAAAA")!)
    let names = ["Hôtel \u{1b}[31mRouge", "Chez \u{202e}live", "Ligne\r\nBcc", "東京 hotel", "Cafe\u{301} e", "Zéro"]
    try writer.addObjects(
      names.enumerated().map { i, name in
        Fiche(
          id: 7000 + i, identifier: "X\(i)", type: i == 3 ? "RESTAURATION" : "HOTELLERIE", name: name,
          state: "PUBLISHED", ownerId: 1, ownerName: "Office", dateModification: "2027-03-01T10:00:00.000+0000",
          communeId: i.isMultiple(of: 2) ? nil : 1, email: i.isMultiple(of: 3) ? nil : "c\(i)@example.invalid"
        ).exportJSON()
      })
    writer.setSelections([Selection(id: 1, name: "S", ficheIds: [7000, 7003, 7004, 9999])])
    try writer.finish()
  }

  /// Calls `body` with listings of the story's and Hotentic's workspaces, and of one of odd names: several
  /// filters and every sélection.
  private func forEachListing(_ body: (Session, Store, FicheFilter, String) throws -> Void) throws {
    for fixture in ["story", "hotentic", "names"] {
      let dir = try OeshProcess.temporaryDirectory(self).appendingPathComponent("ws")
      _ = try Workspace.create(at: dir)
      if fixture == "names" {
        try writeOddNames(into: dir)
      } else {
        try Fixtures.install(fixture, into: dir)
      }
      let session = Session(workspaceURL: dir, interactive: false)
      let workspace = try session.workspace()
      try workspace.clock().set(LocalDateTime(year: 2030, month: 1, day: 1))
      XCTAssertFalse(try workspace.sync().imported.isEmpty, fixture)
      let store = try session.store()
      var listed = 0
      let selectionIds = try store.read { try Int.fetchAll($0, sql: "SELECT id FROM selection") }
      XCTAssertFalse(selectionIds.isEmpty, fixture)
      let filters =
        [
          FicheFilter(), FicheFilter(searches: ["hotel"]), FicheFilter(searches: ["bob"]), FicheFilter(noEmail: true),
          FicheFilter(types: ["restauration"]), FicheFilter(searches: ["aucune fiche ne porte ce nom"]),
          FicheFilter(types: ["restauration", "hotellerie"]), FicheFilter(searches: ["hotel", "e"]),
          FicheFilter(selections: selectionIds.map(String.init)),
        ] + (fixture == "story" ? [FicheFilter(communes: ["annecy"])] : [])
      for filter in filters + selectionIds.map({ FicheFilter(selections: ["\($0)"]) }) {
        listed += try store.fiches(filter).count
        try body(session, store, filter, "\(fixture) \(filter)")
      }
      XCTAssertGreaterThan(listed, 4, fixture)
    }
  }

  /// An unknown type is a usage error that lists Apidae's, and names the nearest when it is a typing slip
  /// away, as a sélection or a commune is suggested (`fiches --type hotelerie`, `apidae new fiche`).
  func testAnUnknownTypeSuggestsTheNearestOne() {
    let t = Catalogue(.fr)
    for error in [
      QueryError.unknownType("hotelerie").shellError(t), ApidaeError.unknownType("hotelerie").shellError(t),
    ] {
      XCTAssertEqual(error.kind, .usage)
      XCTAssertTrue(error.message.contains("ACTIVITE, COMMERCE_ET_SERVICE"), error.message)
      XCTAssertTrue(error.message.hasSuffix(". Vouliez-vous dire « HOTELLERIE » ?"), error.message)
    }
    XCTAssertTrue(QueryError.unknownType("restoration").shellError(t).message.hasSuffix("« RESTAURATION » ?"))
    XCTAssertTrue(QueryError.unknownType("HOTEL").shellError(t).message.hasSuffix("TERRITOIRE"), "none near")
  }

  /// Through the command: the listing parses, escapes what comes from the export, keeps the sélections.
  func testFichesCommandWritesParsableJSON() throws {
    let dir = try syncedStory()
    let result = try OeshProcess.run(["-w", "ws", "-c", "fiches --search chez --format json"], cwd: dir)
    XCTAssertEqual(result.status, 0, result.stderr)
    let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(objects.count, 1)
    XCTAssertEqual(objects.first?["name"] as? String, Story.bob.name)
    XCTAssertEqual(objects.first?["selections"] as? [Int], [9002])
    XCTAssertEqual(objects.first?["commune"] as? String, "Annecy")
    XCTAssertTrue(result.stdout.hasSuffix("}]\n"))
    XCTAssertFalse(result.stdout.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\r" })
  }

  /// `selection ID` and `fiche ID` in CSV, asked for or inferred from `> FILE.csv`: the rows of `fiches`,
  /// with its columns (they gave the table, or the card); their JSON keeps its shape; `--raw` has no CSV.
  /// A campaign's sélections in CSV are their ids, as `fiches` gives a fiche's: a name may hold «, ».
  func testCampaignsInCSVGiveTheSelectionsIds() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let r = try OeshProcess.run(
      [
        "-w", "ws", "-c", "new campaign \"Été, bis\" --selection 49002 --selection 49001", "-c",
        "campaigns --format csv",
      ], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stdout.split(separator: "\n").drop { !$0.hasPrefix("id,") }
    XCTAssertEqual(
      lines.first,
      "id,name,selections,audience,Email à transmettre,Email transmis,Hors sélection,Fiche supprimée,Fiche masquée")
    XCTAssertEqual(lines.dropFirst().first, "1,Mise à jour 2027,49001,19,14,5,0,0,0")
    XCTAssertEqual(lines.last?.hasPrefix("2,\"Été, bis\",\"49002, 49001\","), true, r.stdout)

    // Its card shows Apidae's timestamp as the workspace's time, as every other date.
    let card = try OeshProcess.run(["-w", "ws", "-c", "fiche 5100001"], cwd: dir).stdout
    XCTAssertTrue(card.contains("Modifiée (Apidae)  2027-01-15 10:00\n"), card)
    // A fiche's JSON names its campaigns, with its offre's status in each, as its card does.
    let fiche = try OeshProcess.run(["-w", "ws", "-c", "fiche 5100001 --format json"], cwd: dir).stdout
    XCTAssertTrue(
      fiche.hasSuffix(
        #""selections": [49001], "campaigns": [{"id": 1, "name": "Mise à jour 2027", "status": "Email transmis"}, "#
          + #"{"id": 2, "name": "Été, bis", "status": "Email à transmettre"}]}"# + "\n"), fiche)
  }

  func testOneSelectionOrOneFicheInCSVHasTheColumnsOfFiches() throws {
    let dir = try syncedStory()
    func oesh(_ command: String) throws -> OeshProcess.Result {
      try OeshProcess.run(["-w", "ws", "-c", command], cwd: dir)
    }

    let members = try oesh("fiches --selection 9002 --format csv")
    XCTAssertEqual(members.status, 0, members.stderr)
    XCTAssertTrue(members.stdout.contains("\n106,"), members.stdout)
    XCTAssertEqual(try oesh("selection 9002 --format csv").stdout, members.stdout)
    XCTAssertEqual(try oesh("selection 9002 > members.csv").status, 0)
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("members.csv"), encoding: .utf8), members.stdout)

    let all = try oesh("fiches --format csv").stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let bob = try XCTUnwrap(all.first { $0.hasPrefix("106,") })
    let expected = String(all[0] + "\n" + bob + "\n")
    XCTAssertEqual(try oesh("fiche 106 --format csv").stdout, expected)
    XCTAssertEqual(try oesh("fiche 106 > bob.csv").status, 0)
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("bob.csv"), encoding: .utf8), expected)

    let selection = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(try oesh("selection 9002 --format json").stdout.utf8)) as? [String: Any])
    XCTAssertEqual(Set(selection.keys), ["id", "name", "fiches"])
    let fiche = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(try oesh("fiche 106 --raw --format json").stdout.utf8))
        as? [String: Any])
    XCTAssertEqual(Set(fiche.keys), Set(FicheRows.keys + ["campaigns", "raw"]))

    let rawCSV = try oesh("fiche 106 --raw --format csv")
    XCTAssertEqual(rawCSV.status, 2)
    XCTAssertEqual(rawCSV.stdout, "")
    XCTAssertTrue(rawCSV.stderr.contains("--raw --format json"), rawCSV.stderr)
    // The session's format yields to --raw, which is asked for: the JSON as the export gave it.
    XCTAssertTrue(try oesh("set format csv; fiche 106 --raw").stdout.hasPrefix("{"))
  }

  /// `fiche ID --raw` through a pipe or into a file is the export's JSON, its bytes as they are: a raw DEL,
  /// U+2028 or C1 control in a name stays so and the text parses (they were written `\u{7f}`, no JSON).
  func testRawJSONThroughAPipeOrAFileIsTheExportsBytes() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let name = "Hôtel\u{7f} du\u{2028}Galibier\u{9b}"
    let changed = try OeshProcess.run(
      ["-w", "ws", "-c", "apidae fiche 5100001 --name \"\(name)\"", "-c", "apidae calcul", "-c", "sync"], cwd: dir)
    XCTAssertEqual(changed.status, 0, changed.stderr)
    let piped = try OeshProcess.run(
      ["-w", "ws", "-c", "fiche 5100001 --raw", "-c", "fiche 5100001 --raw > f.txt"], cwd: dir)
    XCTAssertEqual(piped.status, 0, piped.stderr)
    XCTAssertTrue(piped.stdout.contains("\"libelleFr\":\"\(name)\""), piped.stdout)
    let fiche = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
    XCTAssertEqual((fiche["nom"] as? [String: Any])?["libelleFr"] as? String, name)
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("f.txt"), encoding: .utf8), piped.stdout)
  }

  /// CSV is machine output: a yes or no is `true` or `false` in every language, as in JSON (it was «oui» in
  /// French, «yes» with --lang en); tables keep the session's words.
  func testYesAndNoInCSVAreTheSameInEveryLanguage() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    func csv(_ command: String, _ lang: String) throws -> [String] {
      let r = try OeshProcess.run(["-w", "ws", "--lang", lang, "-c", command + " --format csv"], cwd: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      return r.stdout.split(separator: "\n").map(String.init)
    }
    let snapshots = try csv("snapshots", "fr")
    XCTAssertEqual(try csv("snapshots", "en"), snapshots)
    XCTAssertTrue(snapshots.dropFirst().allSatisfy { $0.contains(",false,") && $0.contains(",true,") }, "\(snapshots)")
    for command in ["apidae fiches", "apidae agenda --all"] {
      for lang in ["fr", "en"] {
        let lastFields = try csv(command, lang).dropFirst().map { $0.split(separator: ",").last.map(String.init) }
        XCTAssertFalse(lastFields.isEmpty, command)
        XCTAssertTrue(lastFields.allSatisfy { $0 == "true" || $0 == "false" }, "\(command) \(lang): \(lastFields)")
      }
    }
    let table = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "snapshots"], cwd: dir).stdout
    XCTAssertTrue(table.contains(" yes "), table)
  }

  /// `fiches` with a filter repeated, on the demo: any of the types, communes or sélections given, and a name
  /// holding every text searched (only the last of each was kept).
  func testRepeatedFiltersOfFichesAreEachKept() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    func ids(_ options: String) throws -> Set<Int> {
      let r = try OeshProcess.run(["-w", "ws", "-c", "fiches \(options) --format csv"], cwd: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      return Set(r.stdout.split(separator: "\n").dropFirst().compactMap { Int($0.prefix { $0 != "," }) })
    }
    let hotels = try ids("--type HOTELLERIE"), restaurants = try ids("--type RESTAURATION")
    XCTAssertFalse(hotels.isEmpty || restaurants.isEmpty)
    XCTAssertEqual(try ids("--type HOTELLERIE --type RESTAURATION"), hotels.union(restaurants))
    let valloire = try ids("--commune Valloire"), aussois = try ids("--commune Aussois")
    XCTAssertEqual(try ids("--commune Valloire --commune Aussois"), valloire.union(aussois))
    XCTAssertEqual(
      try ids("--type HOTELLERIE --commune Valloire --type RESTAURATION --commune Aussois"),
      hotels.union(restaurants).intersection(valloire.union(aussois)))
    let first = try ids("--selection 49001"), second = try ids("--selection Restaurants")
    XCTAssertEqual(try ids("--selection 49001 --selection Restaurants"), first.union(second))
    let col = try ids("--search col"), galibier = try ids("--search galibier")
    XCTAssertGreaterThan(col.union(galibier).count, col.intersection(galibier).count)
    XCTAssertEqual(try ids("--search col --search galibier"), col.intersection(galibier))
    XCTAssertEqual(try ids("--search col --search galibier"), try ids("--search \"col du galibier\""))
    XCTAssertEqual(try ids("--search hotel --search gite"), [])
  }

  /// A workspace `ws` in a new folder (returned) holding the story's exports, all synced.
  private func syncedStory() throws -> URL {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try Fixtures.install("story", into: dir.appendingPathComponent("ws"))
    let sync = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2030-01-01 00:00\"", "-c", "sync"], cwd: dir)
    XCTAssertEqual(sync.status, 0, sync.stderr)
    return dir
  }
}

/// OWASP's guard against formulas in CSV, on the demo: names from an export kept text, valid addresses
/// kept whole.
final class CSVFormulaTests: DemoWorkspaceTestCase {
  /// The results of `commands`, which must succeed.
  private func output(_ commands: String...) throws -> String {
    let r = try OeshProcess.run(["-w", "ws"] + commands.flatMap { ["-c", $0] }, cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    return r.stdout
  }

  /// A fiche named as a formula (data from an export, DESIGN.md §6) is kept text in every CSV, written from
  /// SQLite's rows (`fiches`) or through the table (`fiche ID`, `apidae fiches`): OWASP's leading `'`.
  func testAFicheNamedAsAFormulaIsTextInCSV() throws {
    _ = try output(
      #"apidae fiche 5100001 --name "=SUM(1+1)""#, #"apidae fiche 5100002 --name "@cmd, a""#, "apidae calcul", "sync")
    let fiches = try output("fiches --format csv")
    XCTAssertTrue(fiches.contains("\n5100001,'=SUM(1+1),HOTELLERIE,Valloire,"), fiches)
    XCTAssertTrue(fiches.contains("\n5100002,\"'@cmd, a\",HOTELLERIE,"), fiches)
    XCTAssertTrue(
      try output("fiche 5100001 --format csv").hasSuffix(
        "\n5100001,'=SUM(1+1),HOTELLERIE,Valloire,"
          + "contact@hotel-galibier.example,PUBLISHED,Office de tourisme de Valloire,49001\n"))
    XCTAssertTrue(try output("apidae fiches --format csv").contains("\n5100001,'=SUM(1+1),HOTELLERIE,"))
    XCTAssertTrue(try output("fiches --format json").contains(#"{"fiche_id": 5100001, "name": "=SUM(1+1)", "#))
    XCTAssertTrue(try output("fiches").contains("5100001  =SUM(1+1)  "))
  }

  /// A valid address starting with `-` or `+` is written as it is in an e-mail column, in every CSV that
  /// has one (`fiches`, `fiche ID`, `audience`, `apidae fiches`): a mailing list made from it must hold
  /// it (it was `'-resa@…`). An address that could carry a formula's call (`|`, `'`, `!`) keeps the guard.
  func testAValidAddressStartingAsAFormulaIsWrittenAsItIsInCSV() throws {
    _ = try output(
      "apidae fiche 5100001 --email=-resa@lasetaz.example", "apidae fiche 5100002 --email=+info@x.example",
      #"apidae fiche 5100003 "--email=+cmd|'/Ccalc'!A0@x.example""#, "apidae calcul", "sync")
    let fiches = try output("fiches --format csv")
    XCTAssertTrue(fiches.contains("\n5100001,Hôtel du Galibier,HOTELLERIE,Valloire,-resa@lasetaz.example,"), fiches)
    XCTAssertTrue(fiches.contains(",+info@x.example,"), fiches)
    XCTAssertTrue(fiches.contains(",'+cmd|'/Ccalc'!A0@x.example,"), fiches)
    XCTAssertTrue(try output("fiche 5100001 --format csv").contains(",-resa@lasetaz.example,"))
    let audience = try output("open campaign 1", "audience --format csv")
    XCTAssertTrue(audience.contains(",-resa@lasetaz.example,"), audience)
    XCTAssertTrue(audience.contains(",+info@x.example,"), audience)
    XCTAssertTrue(audience.contains(",'+cmd|'/Ccalc'!A0@x.example,"), audience)
    let apidae = try output("apidae fiches --format csv")
    XCTAssertTrue(apidae.contains(",-resa@lasetaz.example,"), apidae)
    XCTAssertTrue(apidae.contains(",'+cmd|'/Ccalc'!A0@x.example,"), apidae)
  }
}

/// What a data manager reads about a fiche's e-mail: an address `send` would refuse is said to be one.
final class FicheEmailTests: DemoWorkspaceTestCase {
  /// Two addresses in Apidae's one field: `fiches --no-email` lists the fiche among those to call, as
  /// `audience --no-email` does, and its card says the address is invalid (it showed it as any other).
  func testAnInvalidAddressIsListedByNoEmailAndSaidSoOnTheCard() throws {
    let change = try oesh(
      #"apidae fiche 5100001 --email "a@galibier.example; b@galibier.example""#, "apidae calcul", "sync")
    XCTAssertEqual(change.status, 0, change.stderr)
    let listed = try oesh("fiches --no-email --format csv")
    XCTAssertEqual(listed.status, 0, listed.stderr)
    XCTAssertTrue(
      listed.stdout.contains("\n5100001,Hôtel du Galibier,HOTELLERIE,Valloire,a@galibier.example; b@galibier.example,"),
      listed.stdout)
    XCTAssertTrue(listed.stdout.contains("\n5100005,"), "none still listed: " + listed.stdout)
    XCTAssertFalse(listed.stdout.contains("\n5100002,"), "a valid address is not: " + listed.stdout)
    let audience = try oesh("open campaign 1", "audience --no-email --format csv")
    XCTAssertTrue(audience.stdout.contains("\n5100001,"), audience.stdout)
    XCTAssertEqual(
      try oesh("fiche 5100001").stdout.split(separator: "\n").first { $0.hasPrefix("E-mail") },
      "E-mail             « a@galibier.example; b@galibier.example » : e-mail invalide, la fiche ne peut pas "
        + "recevoir de message (à corriger dans Apidae)")
    XCTAssertEqual(
      try oesh("fiche 5100002").stdout.split(separator: "\n").first { $0.hasPrefix("E-mail") },
      "E-mail             reception@lasetaz.example")
  }
}

/// The real export of hotentic/apidae-engine-rails: its `communes.json` holds three communes of the Ain,
/// none of those its objects carry (30248, 30287).
final class RealExportCommuneTests: XCTestCase {
  /// The card says which commune the fiche carries when no `communes.json` names it (it showed an empty
  /// line), and `fiches --commune` takes that id, as README says of a commune «on a fiche» (it said there
  /// was no such commune).
  func testACommuneNamedNowhereIsShownAndFoundByItsApidaeId() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try Fixtures.install("hotentic", into: dir.appendingPathComponent("ws"))
    let sync = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2019-02-15 08:00\"", "-c", "sync"], cwd: dir)
    XCTAssertEqual(sync.status, 0, sync.stderr)
    let card = try OeshProcess.run(["-w", "ws", "-c", "fiche 4828422"], cwd: dir)
    XCTAssertEqual(
      card.stdout.split(separator: "\n").first { $0.hasPrefix("Commune") },
      "Commune            id Apidae 30287, nom inconnu : aucun communes.json importé ne le donne", card.stdout)
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "fiche 4828422"], cwd: dir)
    XCTAssertTrue(english.stdout.contains("Apidae id 30287, name unknown: no communes.json imported gives it"))
    let listed = try OeshProcess.run(["-w", "ws", "-c", "fiches --commune 30287 --format csv"], cwd: dir)
    XCTAssertEqual(listed.status, 0, listed.stderr)
    XCTAssertEqual(
      listed.stdout.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }, ["4828422", "4833997"])
    let unknown = try OeshProcess.run(["-w", "ws", "-c", "fiches --commune 30288"], cwd: dir)
    XCTAssertEqual(unknown.status, 1)
    XCTAssertTrue(unknown.stderr.contains("pas de commune « 30288 »"), unknown.stderr)
  }
}

/// A searched text may start with a dash, as the real export's «A ciel ouvert -Vivre relié à l'essentiel» and
/// its « - » between a show's name and its kind: `--search` takes the word after it as its text, as
/// `import --as-of -2h` does (it said «valeur manquante pour --search», quoted or not).
final class SearchDashTests: DemoWorkspaceTestCase {
  func testASearchedTextMayStartWithADash() throws {
    let found = try oesh("fiches --search \"-end vélo\" --format csv", "fiches --search -emmanuel --format csv")
    XCTAssertEqual(found.status, 0, found.stderr)
    XCTAssertEqual(
      found.stdout.split(separator: "\n").filter { !$0.hasPrefix("fiche_id") }.map { $0.prefix { $0 != "," } },
      ["5100062", "5100036"])
    let audience = try oesh("open campaign 1", "audience --search -aussois --format csv")
    XCTAssertEqual(audience.status, 0, audience.stderr)
    XCTAssertTrue(audience.stdout.contains("\n5100008,"), audience.stdout)
    // Hyphens and apostrophes are spaces in names and communes, as fiches --search reads them; an address
    // keeps its own.
    let ids = { (search: String) throws -> [String] in
      try self.oesh("open campaign 1", "audience --search \"\(search)\" --format csv").stdout
        .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }.sorted()
    }
    XCTAssertEqual(try ids("saint michel"), ["5100003", "5100018"])
    XCTAssertEqual(try ids("l ecureuil"), ["5100005"])
    XCTAssertEqual(try ids("hotel-galibier"), ["5100001"])
    // A hyphen alone is looked for as it is, as fiches --search does: in names (Perce-Neige), communes
    // (Saint-Michel-de-Maurienne, Bonneval-sur-Arc) and addresses (hotel-galibier), not everywhere.
    XCTAssertEqual(try ids("-"), ["5100001", "5100003", "5100006", "5100007", "5100008", "5100015", "5100018"])
    // Without a text, still said so.
    let missing = try oesh("fiches --search")
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("valeur manquante pour --search"), missing.stderr)
  }
}
