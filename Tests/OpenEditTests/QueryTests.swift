import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// The values the shell's listing commands show: fiches, fiche, sélections, snapshots, diff, import.
final class QueryTests: XCTestCase {
  let day1 = TestWorkspace.name(day: 1)
  let day2 = TestWorkspace.name(day: 2)
  let day3 = TestWorkspace.name(day: 3)

  func synced() throws -> TestWorkspace {
    let t = try TestWorkspace(self)
    try t.export(
      day1,
      fiches: [
        fiche(1, "Hôtel du Lac", commune: 1),
        fiche(2, "HOTEL DES ALPES", commune: 3),
        fiche(3, "Camping Les Pins", type: "HOTELLERIE_PLEIN_AIR", commune: 3, email: nil),
        fiche(4, "Restaurant l'Œuf", type: "RESTAURATION", commune: 2, email: ""),
        fiche(5, "Hôtel fermé", commune: 1),
      ],
      selections: [
        Selection(id: 10, name: "Hôtels", ficheIds: [1, 2, 5]), Selection(id: 11, name: "Été", ficheIds: [3]),
        Selection(id: 12, name: "ete", ficheIds: [4]), Selection(id: 13, name: "Sans mél", ficheIds: [3, 4, 99]),
      ],
      communes: testCommunes)
    try t.export(
      day2, deleted: [5],
      selections: [
        Selection(id: 10, name: "Hôtels", ficheIds: [1, 2, 5]), Selection(id: 11, name: "Été", ficheIds: [3]),
        Selection(id: 12, name: "ete", ficheIds: [4]), Selection(id: 13, name: "Sans mél", ficheIds: [3, 4, 99]),
      ])
    try t.workspace.sync()
    return t
  }

  /// A type Apidae added since DESIGN.md's list of 16 is kept, and `fiches --type` finds it.
  func testATypeAnExportBroughtCanBeListed() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: [fiche(1, "Bivouac", type: "AIRE_DE_BIVOUAC"), fiche(2, "Hôtel")],
      selections: [Selection(id: 10, name: "Tout", ficheIds: [1, 2])])
    try t.workspace.sync()
    let store = try t.store
    XCTAssertEqual(try store.fiches(FicheFilter(types: ["aire_de_bivouac"])).map(\.id), [1])
    XCTAssertThrowsError(try store.fiches(FicheFilter(types: ["AIRE"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownType("AIRE"))
    }
  }

  /// Namesakes: the whole name keeps the fiches of each; the INSEE code picks one.
  func testACommuneNameSeveralCommunesBearKeepsTheFichesOfEach() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1,
      fiches: [
        fiche(1, "Gîte du Lac", commune: 1), fiche(2, "Hôtel du Col", commune: 2), fiche(3, "Chalet", commune: 3),
      ],
      selections: [Selection(id: 10, name: "Tout", ficheIds: [1, 2, 3])],
      communes: [
        Commune(id: 1, code: "73250", name: "Saint-Martin", postalCode: nil),
        Commune(id: 2, code: "74245", name: "Saint-Martin", postalCode: nil),
        Commune(id: 3, code: "73257", name: "Saint-Martin-de-Belleville", postalCode: nil),
      ])
    try t.workspace.sync()
    XCTAssertEqual(try t.store.fiches(FicheFilter(communes: ["saint martin"])).map(\.id).sorted(), [1, 2])
    XCTAssertEqual(try t.store.fiches(FicheFilter(communes: ["74245"])).map(\.id), [2])
    XCTAssertEqual(try t.store.fiches(FicheFilter(communes: ["belleville"])).map(\.id), [3])
    XCTAssertThrowsError(try t.store.fiches(FicheFilter(communes: ["saint"]))) {
      XCTAssertEqual(
        $0 as? QueryError,
        .ambiguousCommune(
          "saint", ["Saint-Martin (73250)", "Saint-Martin (74245)", "Saint-Martin-de-Belleville (73257)"]))
    }
  }

  func testFolding() {
    XCTAssertEqual(folded("Hôtel Œnologie ÇA Straße"), "hotel oenologie ca strasse")
    XCTAssertEqual(folded("ÀÉÎÕÜÿ ñ Łódź"), "aeiouy n lodz")
    XCTAssertEqual(folded("Plain ASCII 42"), "plain ascii 42")
    XCTAssertEqual(folded("e\u{301}te\u{301}"), "ete")
    XCTAssertEqual(folded("Ελλάδα"), "ελλαδα")
    XCTAssertEqual(folded("3×4"), "3×4")
    // Ligatures and compatibility forms as the letters they stand for (a name pasted from a PDF).
    XCTAssertEqual(folded("Chocolaterie ﬁne, ﬂeur ﬀ STRAẞE Ｃａｆé"), "chocolaterie fine, fleur ff strasse cafe")
    XCTAssertEqual(folded("L’Essentiel ‘à’ Lʼours"), "l'essentiel 'a' l'ours")
    XCTAssertEqual(folded("«\u{A0}Les Alpes\u{202F}» “x” „y”"), "\" les alpes \" \"x\" \"y\"")
  }

  /// A typographic apostrophe typed finds a typewriter one stored, and the other way round; the search
  /// and a fiche argument (NameLookup) find the same.
  func testTypographicApostrophesAndQuotesAreFoldedAsTyped() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: [fiche(1, "Retour à l'essentiel"), fiche(2, "L’Auberge «Chez Jo»")],
      selections: [Selection(id: 10, name: "Tout", ficheIds: [1, 2])])
    try t.workspace.sync()
    let store = try t.store
    for text in ["l’essentiel", "l'essentiel", "lʼessentiel"] {
      XCTAssertEqual(try store.fiches(FicheFilter(searches: [text])).map(\.id), [1], text)
      XCTAssertEqual(try store.ficheId(FicheRef(text)), 1, text)
    }
    for text in ["l'auberge", "\"chez jo\"", "“chez jo”"] {
      XCTAssertEqual(try store.fiches(FicheFilter(searches: [text])).map(\.id), [2], text)
    }
    XCTAssertEqual(try store.ficheId(FicheRef("l'auberge")), 2)
  }

  /// The search finds the names TAB proposes for it and a fiche argument finds: hyphens, apostrophes and
  /// runs of spaces count as one space («week end» finds «Week-end», «hotel  du» «Hôtel du»).
  func testTheSearchTakesHyphensApostrophesAndRepeatedSpacesAsOneSpace() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1,
      fiches: [
        fiche(1, "Week-end vélo"), fiche(2, "Hôtel du  Lac"), fiche(3, "Cave Saint-Michel"),
        fiche(4, "Retour à l'essentiel"), fiche(5, "Weekend tranquille"),
      ],
      selections: [Selection(id: 10, name: "Tout", ficheIds: [1, 2, 3, 4, 5])])
    try t.workspace.sync()
    let store = try t.store
    let searches: [(String, [Int])] = [
      ("week end", [1]), ("week-end", [1]), ("hotel du lac", [2]), ("hotel  du", [2]), (" du   lac ", [2]),
      ("saint michel", [3]), ("cave saint-michel", [3]), ("l essentiel", [4]), ("weekend", [5]),
    ]
    for (text, ids) in searches {
      XCTAssertEqual(try store.fiches(FicheFilter(searches: [text])).map(\.id), ids, text)
      XCTAssertEqual(t.workspace.ficheCandidates(named: text).map(\.id), ids, "TAB: \(text)")
    }
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["velo", "week end"])).map(\.id), [1])
    // A hyphen or an apostrophe alone is looked for as it is, not taken for nothing, which every name holds.
    let punctuation: [(String, [Int])] = [("-", [3, 1]), ("'", [4]), ("’", [4]), (" - ", [3, 1])]
    for (text, ids) in punctuation {
      XCTAssertEqual(try store.fiches(FicheFilter(searches: [text])).map(\.id), ids, text)
    }
  }

  func testFichesFiltersExcludeDeletedFiches() throws {
    let store = try synced().store
    XCTAssertEqual(try store.fiches().map(\.id), [3, 2, 1, 4])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["hotel"])).map(\.name), ["HOTEL DES ALPES", "Hôtel du Lac"])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["OEUF"])).map(\.id), [4])
    XCTAssertEqual(try store.fiches(FicheFilter(types: ["hotellerie"])).map(\.id), [2, 1])
    XCTAssertThrowsError(try store.fiches(FicheFilter(types: ["HOTEL"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownType("HOTEL"))
    }
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["chambery"])).map(\.id), [3, 2])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["73065"])).map(\.id), [3, 2])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["2"])).map(\.id), [4])
    XCTAssertEqual(try store.fiches(FicheFilter(noEmail: true)).map(\.id), [3, 4])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["Chambéry"], noEmail: true)).map(\.id), [3])
    // Communes are named as sélections are: a start or a part of the name, hyphens as spaces.
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["aix les bains"])).map(\.id), [1])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["cham"])).map(\.id), [3, 2])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["bains"])).map(\.id), [1])
    XCTAssertThrowsError(try store.fiches(FicheFilter(communes: ["n"]))) {
      XCTAssertEqual($0 as? QueryError, .ambiguousCommune("n", ["Aix-les-Bains (73008)", "Annecy (74010)"]))
    }
    XCTAssertThrowsError(try store.fiches(FicheFilter(communes: ["Lyon"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownCommune("Lyon"), "not an empty listing: no such commune")
    }
    XCTAssertEqual(try store.fiches(FicheFilter(selections: ["hotels"])).map(\.id), [2, 1])
    let first = try XCTUnwrap(store.fiches(FicheFilter(searches: ["lac"])).first)
    XCTAssertEqual(first.communeName, "Aix-les-Bains")
    XCTAssertEqual(first.communeCode, "73008")
    XCTAssertEqual(first.state, "PUBLISHED")
    // Sélection ids come with the listing when asked for, in id order; not otherwise.
    let listed = try store.fiches(withSelections: true)
    XCTAssertEqual(listed.map(\.id), [3, 2, 1, 4])
    XCTAssertEqual(listed.map(\.selectionIds), [[11, 13], [10], [10], [12, 13]])
    XCTAssertEqual(
      try store.fiches(FicheFilter(searches: ["hotel"]), withSelections: true).map(\.selectionIds), [[10], [10]])
    XCTAssertEqual(try store.fiches().map(\.selectionIds), [nil, nil, nil, nil])
  }

  /// An export may carry no `communes.json` (or one without the commune): a fiche's `{id}` alone. An
  /// API-format object that names that commune (`{id, code, nom}`) names it for the other fiches of the
  /// id too (they showed none while `fiches --commune` found them); an id named nowhere is still a
  /// commune the fiches carry (`fiches --commune 30248` said there was no such commune); a later
  /// `communes.json` has the last word.
  func testACommuneNamedByAnAPIFormatObjectIsNamedForEveryFicheOfIt() throws {
    let t = try TestWorkspace(self)
    let members = [Selection(id: 10, name: "Tout", ficheIds: [1, 2, 3])]
    try t.export(
      day1, fiches: [fiche(1, "Gîte du Lac", commune: 30287), fiche(2, "Chalet", commune: 30248)],
      selections: members)
    let writer = try ExportWriter(directory: t.workspace.snapshotsURL, name: day2, asZip: true)
    try writer.addObjects([
      Array(
        #"{"type": "RESTAURATION", "id": 3, "state": "PUBLISHED", "nom": {"libelleFr": "Bistro"}, "localisation": "#
          .utf8)
        + Array(#"{"adresse": {"commune": {"id": 30287, "code": "73008", "nom": "Aix-les-Bains"}}}}"#.utf8)
    ])
    writer.setSelections(members)
    try writer.finish()
    try t.workspace.sync()
    let store = try t.store
    XCTAssertEqual(try store.fiches().map(\.id), [3, 2, 1])
    XCTAssertEqual(try store.fiches().map(\.communeName), ["Aix-les-Bains", nil, "Aix-les-Bains"])
    XCTAssertEqual(try store.fiche(1).summary.communeCode, "73008")
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["aix les bains"])).map(\.id), [3, 1])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["30248"])).map(\.id), [2])
    XCTAssertEqual(try store.fiche(2).summary.communeId, 30248)
    XCTAssertThrowsError(try store.fiches(FicheFilter(communes: ["30249"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownCommune("30249"))
    }
    try t.export(
      day3, selections: members, communes: [Commune(id: 30287, code: "73008", name: "Aix les Bains", postalCode: nil)])
    try t.workspace.sync()
    XCTAssertEqual(try store.fiches().map(\.communeName), ["Aix les Bains", nil, "Aix les Bains"])
  }

  /// `fiches --no-email` keeps the fiches no valid e-mail reaches, as `audience --no-email` does (R5's own
  /// check): an address `send` refuses is no way to reach the socio-pro either (only none was listed).
  func testNoEmailKeepsTheFichesNoValidAddressReaches() throws {
    let t = try TestWorkspace(self)
    let emails: [String?] = [
      "hotel@lac.example", nil, "", "camping.example", "a@gite.example; b@gite.example", "x@y.example\u{0}z",
      "contact@hôtel-été.example", " Bistro@Lac.example ",
    ]
    try t.export(
      day1, fiches: emails.enumerated().map { fiche($0.offset + 1, "Fiche \($0.offset + 1)", email: $0.element) },
      selections: [Selection(id: 10, name: "Tout", ficheIds: Array(1...emails.count))])
    try t.workspace.sync()
    XCTAssertEqual(try t.store.fiches(FicheFilter(noEmail: true)).map(\.id), [2, 3, 4, 5, 6])
    XCTAssertEqual(try t.store.fiches(FicheFilter(noEmail: true)).map(\.email), [nil, nil] + emails[3...5])
    XCTAssertEqual(try t.store.fiches(FicheFilter(searches: ["fiche"], noEmail: true)).count, 5)
  }

  /// Repeated filters (`fiches --type A --type B`): a fiche of any of the types, communes or sélections,
  /// whose name holds every text searched (words in a search box); each is checked, none ignored.
  func testRepeatedFiltersKeepAnyTypeCommuneOrSelectionAndEverySearchedText() throws {
    let store = try synced().store
    XCTAssertEqual(try store.fiches(FicheFilter(types: ["restauration", "HOTELLERIE_PLEIN_AIR"])).map(\.id), [3, 4])
    XCTAssertEqual(try store.fiches(FicheFilter(types: ["hotellerie", "HOTELLERIE"])).map(\.id), [2, 1])
    XCTAssertThrowsError(try store.fiches(FicheFilter(types: ["hotellerie", "HOTEL"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownType("HOTEL"))
    }
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["aix les bains", "2"])).map(\.id), [1, 4])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["73008", "chambery"])).map(\.id), [3, 2, 1])
    XCTAssertEqual(
      try store.fiches(FicheFilter(types: ["hotellerie"], communes: ["aix les bains", "chambery"])).map(\.id), [2, 1])
    XCTAssertThrowsError(try store.fiches(FicheFilter(communes: ["chambery", "Lyon"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownCommune("Lyon"))
    }
    XCTAssertEqual(try store.fiches(FicheFilter(selections: ["hotels", "Été"])).map(\.id), [3, 2, 1])
    XCTAssertEqual(try store.fiches(FicheFilter(noEmail: true, selections: ["hotels", "Été"])).map(\.id), [3])
    XCTAssertThrowsError(try store.fiches(FicheFilter(selections: ["hotels", "hiver"]))) {
      XCTAssertEqual($0 as? QueryError, .unknownSelection("hiver"))
    }
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["hotel", "lac"])).map(\.id), [1])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["LAC", "hôtel du"])).map(\.id), [1], "in any order")
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["hotel", "pins"])).map(\.id), [])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["alpes", ""])).map(\.id), [2], "an empty text finds all")
  }

  func testFicheDetailHasItsSelectionsAndRawAndDeletedFichesStillShow() throws {
    let t = try synced()
    let store = try t.store
    let lac = try t.workspace.fiche(1)
    XCTAssertEqual(lac.selections, [SelectionRef(id: 10, name: "Hôtels")])
    XCTAssertEqual(lac.raw, fiche(1, "Hôtel du Lac", commune: 1).exportJSON())
    // The store keeps where the JSON is, not a copy of it.
    XCTAssertEqual(try store.fiche(1).raw, [])
    XCTAssertEqual(try store.fiche(1).rawSource?.export, day1.stem)
    XCTAssertEqual(lac.ownerId, 80)
    let closed = try store.fiche(5)
    XCTAssertEqual(closed.summary.state, "DELETED")
    XCTAssertEqual(closed.stateSince, day2.stem)
    XCTAssertThrowsError(try store.fiche(42)) { XCTAssertEqual($0 as? QueryError, .unknownFiche(42)) }
  }

  /// A fiche argument: an id as it is, else a name as `NameLookup` finds it among the fiches not deleted.
  func testFichesAreNamedByIdOrByName() throws {
    let store = try synced().store
    XCTAssertEqual(try store.ficheId(FicheRef("42")), 42, "an id is taken as it is")
    XCTAssertEqual(try store.ficheId(FicheRef("hôtel du lac")), 1)
    XCTAssertEqual(try store.ficheId(FicheRef("camp")), 3, "a start")
    XCTAssertEqual(try store.ficheId(FicheRef("oeuf")), 4, "a part, accents and ligatures folded")
    XCTAssertThrowsError(try store.ficheId(FicheRef("hotel"))) {
      XCTAssertEqual(
        $0 as? QueryError,
        .ambiguousFiche("hotel", [FicheName(id: 2, name: "HOTEL DES ALPES"), FicheName(id: 1, name: "Hôtel du Lac")]),
        "5, «Hôtel fermé», was deleted")
    }
    XCTAssertThrowsError(try store.ficheId(FicheRef("fermé"))) {
      XCTAssertEqual($0 as? QueryError, .unknownFicheName("fermé"), "deleted fiches are named by id only")
    }
  }

  func testSelectionsAndTheirResolution() throws {
    let store = try synced().store
    let all = try store.selections()
    XCTAssertEqual(all.map(\.name), ["Été", "ete", "Hôtels", "Sans mél"])
    XCTAssertEqual(all.map(\.members), [1, 1, 3, 3])
    XCTAssertEqual(all.map(\.membersDeletedOrUnknown), [0, 0, 1, 1])
    XCTAssertEqual(try store.resolveSelection("10").name, "Hôtels")
    XCTAssertEqual(try store.resolveSelection("hotels").id, 10)
    XCTAssertEqual(try store.resolveSelection("SANS MEL").id, 13)
    XCTAssertEqual(try store.resolveSelection("Été").id, 11, "an exact name wins")
    XCTAssertThrowsError(try store.resolveSelection("ETE")) {
      XCTAssertEqual(
        $0 as? QueryError,
        .ambiguousSelection("ETE", candidates: [SelectionRef(id: 11, name: "Été"), SelectionRef(id: 12, name: "ete")]))
    }
    XCTAssertThrowsError(try store.resolveSelection("Restaurants")) {
      XCTAssertEqual($0 as? QueryError, .unknownSelection("Restaurants"))
    }
    XCTAssertThrowsError(try store.resolveSelection("Hotles")) {
      XCTAssertEqual($0 as? QueryError, .unknownSelection("Hotles", near: "Hôtels"), "a slip away: suggested")
    }
    XCTAssertEqual(try store.resolveSelection("hôt").id, 10, "the start of one name is enough")
    XCTAssertEqual(try store.resolveSelection("mél").id, 13, "a part of one name is enough")
    XCTAssertThrowsError(try store.resolveSelection("e")) {
      XCTAssertEqual(
        $0 as? QueryError,
        .ambiguousSelection(
          "e", candidates: [SelectionRef(id: 11, name: "Été"), SelectionRef(id: 12, name: "ete")]),
        "names that start with the text come before names that contain it")
    }
    let hotels = try store.selection("Hôtels")
    XCTAssertEqual(hotels.fiches.map(\.id), [2, 1])
    XCTAssertEqual(hotels.missing, [5])
    XCTAssertEqual(try store.selection("13").missing, [99])
  }

  /// Without `project_id`, the workspace follows the project of its imports, else of its earliest
  /// export: another project's exports are ignored, not imported into it.
  func testAWorkspaceFollowsOneApidaeProject() throws {
    let t = try TestWorkspace(self, projectId: nil)
    func other(_ day: Int, _ code: String) -> ExportName {
      ExportName(projectId: 9999, year: 2024, month: 3, day: day, hour: 2, minute: 0, code: code)
    }
    try t.export(day1, fiches: [fiche(1, "A")])
    try t.export(other(2, "Other2"), fiches: [fiche(2, "B")])
    // A sidecar that says another project than the name is a problem of that export.
    try t.export(day3, notification: ExportNotification(projectId: 9999))
    var folder = try t.workspace.snapshotFolder()
    XCTAssertEqual(folder.exports.map(\.name), [day1, day3])
    XCTAssertEqual(folder.ignored.map(\.reason), [.otherProject(9999)])
    XCTAssertEqual(folder.exports[1].problem?.entry, day3.stem + ".notification.json")
    try FileManager.default.removeItem(
      at: t.workspace.snapshotsURL.appendingPathComponent(day3.stem + ".notification.json"))
    try t.workspace.sync()
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"])
    // Once imported, an older export of the other project is still ignored, and refused by import.
    try t.export(other(1, "Other1"))
    folder = try t.workspace.snapshotFolder()
    XCTAssertEqual(folder.ignored.map(\.reason), [.otherProject(9999), .otherProject(9999)])
    let zip = try temporaryDirectory(self).appendingPathComponent(other(5, "Other5").stem + ".zip")
    try FileManager.default.moveItem(
      at: t.workspace.snapshotsURL.appendingPathComponent(other(1, "Other1").stem + ".zip"), to: zip)
    XCTAssertThrowsError(try t.workspace.importExport(path: zip)) {
      XCTAssertEqual($0 as? ImportError, .otherProject(9999, OpenEditFixtures.projectId))
    }
  }

  func testSnapshotsListKindsCountsImportedAndIgnoredEntries() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 12:00")
    try t.export(day1, fiches: [fiche(1, "A"), fiche(2, "B")], deleted: [7])
    try t.export(day2, fiches: [fiche(3, "C")], deleted: [1, 2], asZip: false)
    try t.export(day3, notification: ExportNotification(ponctuel: true, reinitialisation: true))
    let snapshots = t.workspace.snapshotsURL
    for junk in [
      "notes.txt", "1234_20240230-0200_AbC123.zip", "1234_20240304-0200_AbC123.notification.json", ".DS_Store",
    ] {
      try Data("x".utf8).write(to: snapshots.appendingPathComponent(junk))
    }
    try t.export(ExportName(projectId: 99, year: 2024, month: 3, day: 4, hour: 2, minute: 0, code: "Other1"))
    try t.export(day1, fiches: [fiche(1, "A"), fiche(2, "B")], deleted: [7], asZip: false)  // the same, unzipped
    try Data("x".utf8).write(to: snapshots.appendingPathComponent("1234_20240305-0200_AbC123"))  // neither
    try t.workspace.sync()

    let (exports, ignored) = try t.workspace.snapshots()
    XCTAssertEqual(exports.map(\.name), [day1, day2, day3])
    XCTAssertEqual(exports.map(\.imported), [true, false, false])
    XCTAssertEqual(exports[0].importedAt, LocalDateTime(year: 2024, month: 3, day: 1, hour: 12))
    XCTAssertEqual(exports.map(\.reinitialisation), [true, false, true])
    XCTAssertEqual(exports.map(\.ponctuel), [false, false, true])
    XCTAssertEqual(exports.map(\.objects), [2, 1, 0])
    XCTAssertEqual(exports.map(\.deleted), [1, 2, 0])
    XCTAssertEqual(exports[1].exportedAt, LocalDateTime(year: 2024, month: 3, day: 2, hour: 2))
    XCTAssertEqual(
      ignored,
      [
        IgnoredEntry(fileName: "1234_20240230-0200_AbC123.zip", reason: .impossibleDate),
        IgnoredEntry(fileName: "1234_20240301-0200_AbC123.zip", reason: .duplicate(of: "1234_20240301-0200_AbC123")),
        IgnoredEntry(fileName: "1234_20240304-0200_AbC123.notification.json", reason: .sidecarWithoutExport),
        IgnoredEntry(fileName: "1234_20240305-0200_AbC123", reason: .badPattern),
        IgnoredEntry(fileName: "99_20240304-0200_Other1.zip", reason: .otherProject(99)),
        IgnoredEntry(fileName: "notes.txt", reason: .badPattern),
      ])
    // Counts of exports not imported yet are kept, by name, size and time, until they are imported.
    let cached = try t.store.read { db in try String.fetchAll(db, sql: "SELECT name FROM export_count ORDER BY name") }
    XCTAssertEqual(cached, [day2.stem, day3.stem + ".zip"])
    try t.workspace.clock().set("2024-03-02 12:00")
    try t.workspace.sync()
    let after = try t.store.read { db in try String.fetchAll(db, sql: "SELECT name FROM export_count ORDER BY name") }
    XCTAssertEqual(after, [day3.stem + ".zip"])
  }

  func testCachedCountsAreUsedUntilTheFileChanges() throws {
    let t = try TestWorkspace(self, clock: "2024-02-01 00:00")
    try t.export(day1, fiches: [fiche(1, "A")])
    XCTAssertEqual(try t.workspace.snapshots().exports.map(\.objects), [1])
    try t.store.write { db in try db.execute(sql: "UPDATE export_count SET objects = 41") }
    XCTAssertEqual(try t.workspace.snapshots().exports.map(\.objects), [41], "the cache is read, not the zip")
    try FileManager.default.removeItem(at: t.workspace.snapshotsURL.appendingPathComponent(day1.stem + ".zip"))
    try t.export(day1, fiches: [fiche(1, "A"), fiche(2, "Bigger")])
    XCTAssertEqual(try t.workspace.snapshots().exports.map(\.objects), [2])
  }

  /// The counts are kept only when the store's write lock is free, without waiting for it, as the sidecars
  /// are: `snapshots` behind another shell's long sync waited its busy timeout (2 s, here 30 s) to keep them.
  func testCountsAreKeptOnlyWhenNoOtherShellWrites() throws {
    let t = try TestWorkspace(self, clock: "2024-02-01 00:00")
    try t.export(day1, fiches: [fiche(1, "A")])
    let patient = try Workspace.open(at: t.url, busyTimeout: 30)
    let other = try Store(url: t.workspace.storeURL, busyTimeout: 0.1)
    func kept() throws -> [String] {
      try t.store.read { db in try String.fetchAll(db, sql: "SELECT name FROM export_count") }
    }
    let started = Date()
    try other.write { _ in XCTAssertEqual(try patient.snapshots().exports.map(\.objects), [1]) }
    XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the listing waited for the lock")
    XCTAssertEqual(try kept(), [], "nothing kept while another shell wrote")
    _ = try patient.snapshots()
    XCTAssertEqual(try kept(), [day1.stem + ".zip"], "kept by the next listing")
  }

  func testABadExportIsListedWithItsProblem() throws {
    let t = try TestWorkspace(self, clock: "2024-02-01 00:00")
    try Data("not a zip".utf8).write(to: t.workspace.snapshotsURL.appendingPathComponent(day1.stem + ".zip"))
    let (exports, _) = try t.workspace.snapshots()
    XCTAssertEqual(exports.count, 1)
    XCTAssertNil(exports[0].objects)
    XCTAssertEqual(exports[0].problem?.reason, .notAZip)
  }

  /// `diff` takes an export's date and time as `snapshots` shows them (`2024-03-02 02:00`, or the day alone
  /// when one export has it), as it takes them written as in the name: the table's Date column, or
  /// `exported_at` of its JSON, names the export; before, «pas d'export « 2024-03-02 02:00 » (voir
  /// « snapshots »)» sent the user back to the table they had copied it from.
  func testDiffNamesExportsByTheirDateAsSnapshotsShowsIt() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 12:00")
    let day2Evening = TestWorkspace.name(day: 2, hour: 15, code: "XyZ789")
    try t.export(day1, fiches: [fiche(1, "A")])
    try t.export(day2, fiches: [fiche(1, "A bis")])
    try t.export(day2Evening, fiches: [fiche(2, "B")])
    let byName = try t.workspace.diff(from: day1.stem, to: day2.stem)
    XCTAssertEqual(try t.workspace.diff(from: "2024-03-01 02:00", to: "2024-03-02 2:00"), byName)
    XCTAssertEqual(try t.workspace.diff(from: "2024-03-01", to: "2024-03-02 02:00"), byName)
    XCTAssertThrowsError(try t.workspace.diff(from: "2024-03-01", to: "2024-03-02")) {
      XCTAssertEqual($0 as? QueryError, .ambiguousExport("2024-03-02", [day2.stem, day2Evening.stem]))
    }
    XCTAssertThrowsError(try t.workspace.diff(from: "2024-03-01", to: "2024-03-05 02:00")) {
      XCTAssertEqual($0 as? QueryError, .unknownExport("2024-03-05 02:00"))
    }
    // A file `snapshots` ignores is said so, with why, not «pas d'export … dans snapshots/» while it is there.
    let failed = TestWorkspace.name(day: 4, code: "FaiLed")
    try t.export(
      failed, fiches: [fiche(3, "C")],
      notification: ExportNotification(projectId: OpenEditFixtures.projectId, statut: "ERROR", ponctuel: true))
    XCTAssertThrowsError(try t.workspace.diff(from: "2024-03-01", to: "FaiLed")) {
      XCTAssertEqual(
        $0 as? QueryError, .ignoredExport("FaiLed", fileName: failed.stem + ".zip", reason: .failedExport))
    }
  }

  /// `diff pending` with an export due that cannot be read says what the next sync would do, as
  /// `sync --dry-run` does: the exports before it imported, then a stop there. It said only the bad
  /// export's error, as if the sync would import nothing.
  func testDiffPendingStopsWhereTheSyncWouldAfterTheExportsBefore() throws {
    let t = try TestWorkspace(self, clock: "2024-03-05 12:00")
    try t.export(day1, fiches: [fiche(1, "A")])
    try t.workspace.sync()
    try t.export(day2, fiches: [fiche(1, "A bis"), fiche(2, "B")])
    let broken = TestWorkspace.name(day: 3)
    try Data("not a zip".utf8).write(to: t.workspace.snapshotsURL.appendingPathComponent(broken.stem + ".zip"))
    try t.export(TestWorkspace.name(day: 4), fiches: [fiche(3, "C")])
    XCTAssertThrowsError(try t.workspace.diffPending()) { error in
      guard case .badExport(let name, let exportError, let diff)? = error as? DiffError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(name, broken)
      XCTAssertEqual(exportError.reason, .notAZip)
      XCTAssertEqual(diff.exports, [day2])
      XCTAssertEqual(diff.changes.created, [2])
      XCTAssertEqual(diff.changes.modified, [1])
    }
    XCTAssertThrowsError(try t.workspace.sync(dryRun: true)) { error in
      guard case .badExport(let name, _, let report)? = error as? SyncError else { return XCTFail("\(error)") }
      XCTAssertEqual(name, broken)
      XCTAssertEqual(report.imported.map(\.name), [day2])
    }
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"], "diff changes nothing")
    // diff A B replays the exports in order: one up to B that cannot be read is named, with B; after B, none.
    XCTAssertThrowsError(try t.workspace.diff(from: day1.stem, to: TestWorkspace.name(day: 4).stem)) { error in
      guard case .unreadableExport(let name, let exportError, let to)? = error as? DiffError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual([name, to], [broken, TestWorkspace.name(day: 4)])
      XCTAssertEqual(exportError.reason, .notAZip)
    }
    XCTAssertEqual(try t.workspace.diff(from: day1.stem, to: day2.stem).changes.created, [2])
  }

  func testDiffBetweenTwoExportsAndWithPendingOnes() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 12:00")
    try t.export(
      day1, fiches: [fiche(1, "A"), fiche(2, "B"), fiche(3, "C")],
      selections: [Selection(id: 10, name: "S", ficheIds: [1])])
    try t.export(
      day2, fiches: [fiche(1, "A bis"), fiche(4, "D")], deleted: [3],
      selections: [Selection(id: 10, name: "S", ficheIds: [1, 4])])
    try t.export(
      day3, fiches: [fiche(2, "B", state: "HIDDEN")], selections: [Selection(id: 10, name: "S", ficheIds: [4])])
    let d = try t.workspace.diff(from: day1.stem, to: day3.stem + ".zip")
    XCTAssertEqual(d.from, day1)
    XCTAssertEqual(d.exports, [day2, day3])
    XCTAssertEqual(d.changes.created, [4])
    XCTAssertEqual(d.changes.modified, [1])
    XCTAssertEqual(d.changes.hidden, [2])
    XCTAssertEqual(d.changes.deleted, [3])
    XCTAssertEqual(d.changes.names[4], "D")
    XCTAssertEqual(
      d.changes.selections, [SelectionChange(id: 10, name: "S", entered: [4], left: [1], isNew: false, dropped: false)])
    XCTAssertThrowsError(try t.workspace.diff(from: day3.stem, to: day1.stem)) {
      XCTAssertEqual($0 as? QueryError, .exportsOutOfOrder(day3.stem, day1.stem))
    }
    XCTAssertThrowsError(try t.workspace.diff(from: "nope", to: day1.stem)) {
      XCTAssertEqual($0 as? QueryError, .unknownExport("nope"))
    }
    // A slip in a part of a long name is suggested, when one export is nearest.
    XCTAssertThrowsError(try t.workspace.diff(from: "20240310", to: day3.stem)) {
      XCTAssertEqual($0 as? QueryError, .unknownExport("20240310", near: day1.stem))
    }
    XCTAssertThrowsError(try t.workspace.diff(from: "AbC124", to: day3.stem)) {
      XCTAssertEqual($0 as? QueryError, .unknownExport("AbC124"), "the three exports share their code")
    }
    XCTAssertThrowsError(try t.workspace.diff(from: "0302-0200", to: day2.stem)) {
      XCTAssertEqual($0 as? QueryError, .sameExport("0302-0200", day2.stem, export: day2.stem))
    }
    // Exports are named as sélections are: a part of the name will do when only one holds it.
    XCTAssertEqual(try t.workspace.diff(from: "20240301", to: "0303-0200").changes, d.changes)
    XCTAssertThrowsError(try t.workspace.diff(from: "202403", to: day3.stem)) {
      XCTAssertEqual($0 as? QueryError, .ambiguousExport("202403", [day1.stem, day2.stem, day3.stem]))
    }

    try t.workspace.sync()  // day1 only: the others are in the future
    // What the next sync would do: nothing yet, the others named apart.
    let early = try t.workspace.diffPending()
    XCTAssertEqual(early.exports, [])
    XCTAssertEqual(early.changes, ChangeSet())
    XCTAssertEqual(early.notDue.map(\.name), [day2, day3])
    try t.workspace.clock().set("2024-03-03 02:00")
    let pending = try t.workspace.diffPending()
    XCTAssertNil(pending.from)
    XCTAssertEqual(pending.exports, [day2, day3])
    XCTAssertEqual(pending.notDue, [])
    XCTAssertEqual(pending.changes, d.changes)
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED", 3: "PUBLISHED"], "diff changes nothing")
    XCTAssertEqual(try t.store.fiche(1).summary.name, "A")
  }

  /// A diff keeps only the fiches' statuses whole and reads the texts of those that changed: the name
  /// after, the fields before and after, and the name of a fiche that left a sélection without changing.
  func testADiffNamesTheFichesThatChangedFromBothSidesAndKeepsNothing() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 12:00")
    try t.export(
      day1, fiches: [fiche(1, "A", email: "a@example.invalid"), fiche(2, "B"), fiche(3, "C"), fiche(5, "E")],
      selections: [Selection(id: 10, name: "S", ficheIds: [1, 2, 5]), Selection(id: 11, name: "T", ficheIds: [3])])
    try t.export(
      day2, fiches: [fiche(1, "A bis", commune: 2, email: "b@example.invalid"), fiche(4, "D")], deleted: [2],
      selections: [Selection(id: 10, name: "S", ficheIds: [1, 4]), Selection(id: 11, name: "T", ficheIds: [])])
    try t.workspace.sync()
    try t.workspace.clock().set("2024-03-02 12:00")
    let pending = try t.workspace.diffPending()
    let between = try t.workspace.diff(from: day1.stem, to: day2.stem)
    XCTAssertEqual(pending.changes, between.changes)
    let changes = pending.changes
    XCTAssertEqual(changes.created, [4])
    XCTAssertEqual(changes.modified, [1])
    XCTAssertEqual(changes.deleted, [2])
    XCTAssertEqual(changes.modifiedFields, [1: [.name, .commune, .email]])
    XCTAssertEqual(changes.names, [1: "A bis", 2: "B", 3: "C", 4: "D", 5: "E"])
    XCTAssertEqual(
      changes.selections,
      [
        SelectionChange(id: 10, name: "S", entered: [4], left: [2, 5], isNew: false, dropped: false),
        SelectionChange(id: 11, name: "T", entered: [], left: [3], isNew: false, dropped: false),
      ])
    // Within one transaction, as `diff pending`'s: what the diff applied is rolled back at its end.
    try t.store.dryRun { db in
      let changes = try ChangeSet.made(in: db) {
        try db.execute(sql: "UPDATE fiche SET name = 'A ter', state = 'HIDDEN' WHERE id = 1")
      }
      XCTAssertEqual(changes.hidden, [1])
      XCTAssertEqual(changes.names, [1: "A ter"])
      XCTAssertEqual(try String.fetchOne(db, sql: "SELECT name || state FROM fiche WHERE id = 1"), "APUBLISHED")
    }
  }

  func testImportCopiesAnExportAfterCheckingItReads() throws {
    let t = try TestWorkspace(self)
    let outside = try temporaryDirectory(self)
    let writer = try ExportWriter(
      directory: outside, name: day1, notification: ExportNotification(ponctuel: true, reinitialisation: true))
    try writer.addObjects([fiche(1, "A").exportJSON()])
    let zip = try writer.finish()

    let copied = try t.workspace.importExport(path: zip)
    XCTAssertEqual(copied.name, day1)
    XCTAssertEqual(copied.objects, 1)
    XCTAssertTrue(copied.ponctuel)
    let listed = try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path).sorted()
    XCTAssertEqual(listed, [day1.stem + ".notification.json", day1.stem + ".zip"])
    XCTAssertThrowsError(try t.workspace.importExport(path: zip)) {
      XCTAssertEqual($0 as? ImportError, .alreadyPresent(day1.stem))
    }
    // Another file of that name (downloaded again, fixed or not) is said other: the one there stays.
    let again = try ExportWriter(directory: try temporaryDirectory(self), name: day1)
    try again.addObjects([fiche(1, "A, corrigée").exportJSON()])
    XCTAssertThrowsError(try t.workspace.importExport(path: again.finish())) {
      XCTAssertEqual($0 as? ImportError, .presentWithOtherContent(day1.stem))
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path).sorted(), listed)

    // --as-of renames, keeping the project id and code.
    let later = try t.workspace.importExport(
      path: zip, asOf: LocalDateTime(year: 2024, month: 3, day: 9, hour: 7, minute: 45))
    XCTAssertEqual(later.name.stem, "1234_20240309-0745_AbC123")
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: t.workspace.snapshotsURL.appendingPathComponent("1234_20240309-0745_AbC123.notification.json").path))
    XCTAssertEqual(try t.workspace.sync().imported.map(\.name.stem), [day1.stem, "1234_20240309-0745_AbC123"])
  }

  /// A folder that is no export (a home folder given by mistake, with `--as-of`) is refused before anything
  /// of it is copied: it was copied whole into snapshots/, then found to lack selections.json.
  func testAFolderThatIsNoExportIsRefusedBeforeItIsCopied() throws {
    let t = try TestWorkspace(self)
    let home = try temporaryDirectory(self).appendingPathComponent("maison")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    try Data(repeating: 0, count: 1 << 20).write(to: home.appendingPathComponent("photos.bin"))
    var steps: [Workspace.SnapshotsStep] = []
    t.workspace.snapshotsSteps = { steps.append($0) }
    XCTAssertThrowsError(
      try t.workspace.importExport(path: home, asOf: LocalDateTime(year: 2024, month: 3, day: 9, hour: 7, minute: 45))
    ) {
      XCTAssertEqual($0 as? ImportError, .unreadable(ExportError(export: "maison", reason: .missingSelections)))
    }
    XCTAssertFalse(steps.contains(.stagingMade), "nothing staged: \(steps)")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [])
  }

  /// A home folder given by mistake holds symbolic links (`~/.swiftpm/cache`): it is said to be no export
  /// («selections.json manque»), as one without links is, not refused for a link it would not hold as one.
  func testAFolderThatIsNoExportIsSaidSoThoughItHoldsALink() throws {
    let t = try TestWorkspace(self)
    let home = try temporaryDirectory(self).appendingPathComponent("maison")
    let tools = home.appendingPathComponent(".swiftpm")
    try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: tools.appendingPathComponent("cache").path, withDestinationPath: home.path)
    XCTAssertThrowsError(
      try t.workspace.importExport(path: home, asOf: LocalDateTime(year: 2024, month: 3, day: 9, hour: 7, minute: 45))
    ) {
      XCTAssertEqual($0 as? ImportError, .unreadable(ExportError(export: "maison", reason: .missingSelections)))
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [])
  }

  /// An import killed on the way leaves its staging folder in `snapshots/`; the next import or listing
  /// removes it, and leaves alone one whose lock an import still holds.
  func testStagingFoldersOfDeadImportsAreRemoved() throws {
    let t = try TestWorkspace(self)
    let fm = FileManager.default
    let dead = t.workspace.snapshotsURL.appendingPathComponent(".importing-dead")
    let unlocked = t.workspace.snapshotsURL.appendingPathComponent(".importing-unlocked")
    let running = t.workspace.snapshotsURL.appendingPathComponent(".importing-running")
    for folder in [dead, unlocked, running] {
      try fm.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(repeating: 1, count: 1000).write(to: folder.appendingPathComponent(day1.stem + ".zip"))
    }
    try Data().write(to: unlocked.appendingPathComponent(".lock"))
    try Data().write(to: running.appendingPathComponent(".lock"))
    let held = open(running.appendingPathComponent(".lock").path, O_RDWR)
    XCTAssertEqual(flock(held, LOCK_EX | LOCK_NB), 0)
    defer { close(held) }
    _ = try t.workspace.snapshots()
    XCTAssertEqual(try fm.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [".importing-running"])
  }

  // Two shells importing into one workspace: two `Workspace`s on one folder, each its own descriptors and
  // locks as two oesh processes have. At a step of the first one's import, `meanwhile` runs the second
  // one's work and returns when it is done or waits for `snapshots/`'s lock (then it ends after the
  // import); never a guess of how long it takes.

  /// An export written outside the workspace, with its sidecar (a ponctuel réinitialisation).
  private func exportOutside() throws -> URL {
    let writer = try ExportWriter(
      directory: try temporaryDirectory(self), name: day1,
      notification: ExportNotification(ponctuel: true, reinitialisation: true))
    try writer.addObjects([fiche(1, "A").exportJSON()])
    return try writer.finish()
  }

  /// Runs `work` in `other` when `importing` reaches `step`, and waits until it has ended or waits for
  /// `snapshots/`'s lock; `finished` waits for its end.
  private func meanwhile(
    _ importing: Workspace, at step: Workspace.SnapshotsStep, in other: Workspace,
    _ work: @escaping @Sendable () -> Void
  ) -> (finished: () -> Void, ran: () -> Bool) {
    let stopped = DispatchSemaphore(value: 0)
    let ended = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var ran = false
    other.snapshotsSteps = { if $0 == .waitingForLock { stopped.signal() } }
    importing.snapshotsSteps = { reached in
      guard reached == step, !ran else { return }
      ran = true
      DispatchQueue.global().async {
        work()
        ended.signal()
        stopped.signal()
      }
      XCTAssertEqual(stopped.wait(timeout: .now() + 10), .success, "the other shell neither ended nor waited")
    }
    return ({ XCTAssertEqual(ended.wait(timeout: .now() + 10), .success, "the other shell never ended") }, { ran })
  }

  /// Another shell's cleanup of dead imports (`snapshots`, `import`) between this import's making of its
  /// staging folder and its taking of the folder's lock took the folder for a dead import's and removed
  /// it, and the import failed; the folder is now made and locked under `snapshots/`'s lock, which the
  /// cleanup waits for.
  func testACleanupByAnotherShellLeavesTheStagingFolderOfAnImportBeingMade() throws {
    let t = try TestWorkspace(self)
    let zip = try exportOutside()
    let other = try Workspace.open(at: t.url)
    nonisolated(unsafe) var listed: [ExportName]?
    let (finished, ran) = meanwhile(t.workspace, at: .stagingMade, in: other) {
      listed = try? other.snapshots().exports.map(\.name)
    }
    XCTAssertEqual(try t.workspace.importExport(path: zip).name, day1)
    finished()
    XCTAssertTrue(ran())
    XCTAssertNotNil(listed)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path).sorted(),
      [day1.stem + ".notification.json", day1.stem + ".zip"])
  }

  /// A listing of `snapshots/` (a sync's, in another shell) between the moves of an import's sidecar and
  /// export saw the sidecar alone; it now sees both or neither, and here, waiting, both.
  func testAListingByAnotherShellSeesAnImportedExportWithItsSidecarOrNeither() throws {
    let t = try TestWorkspace(self)
    let zip = try exportOutside()
    let other = try Workspace.open(at: t.url)
    nonisolated(unsafe) var listing: SnapshotFolder?
    let (finished, ran) = meanwhile(t.workspace, at: .sidecarPlaced, in: other) {
      listing = try? other.snapshotFolder()
    }
    try t.workspace.importExport(path: zip)
    finished()
    XCTAssertTrue(ran())
    XCTAssertEqual(listing?.ignored.map(\.fileName), [])
    XCTAssertEqual(listing?.exports.map(\.name), [day1])
    XCTAssertEqual(listing?.exports.first?.notification?.reinitialisation, true)
  }

  /// Two shells importing one export at once: the second to put it in place says it is already there, as
  /// it would have after the first, and leaves the first's export and sidecar as they are (it failed to
  /// move its sidecar onto the first's, «copy failed»).
  func testTheSecondOfTwoShellsImportingOneExportSaysItIsAlreadyThere() throws {
    let t = try TestWorkspace(self)
    let zip = try exportOutside()
    let other = try Workspace.open(at: t.url)
    nonisolated(unsafe) var otherImport: SnapshotSummary?
    let (finished, ran) = meanwhile(t.workspace, at: .exportChecked, in: other) {
      otherImport = try? other.importExport(path: zip)
    }
    XCTAssertThrowsError(try t.workspace.importExport(path: zip)) {
      XCTAssertEqual($0 as? ImportError, .alreadyPresent(day1.stem))
    }
    finished()
    XCTAssertTrue(ran())
    XCTAssertEqual(otherImport?.name, day1)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path).sorted(),
      [day1.stem + ".notification.json", day1.stem + ".zip"])
    XCTAssertEqual(try t.workspace.sync().imported.map(\.name), [day1])
  }

  /// An import whose export cannot be put in place (here a file of its name came there meanwhile) takes
  /// its sidecar back: a sidecar alone would give its kind to whatever export of that name came later.
  func testAnImportThatCannotPlaceItsExportLeavesNoSidecarAlone() throws {
    let t = try TestWorkspace(self)
    let zip = try exportOutside()
    let target = t.workspace.snapshotsURL.appendingPathComponent(day1.stem + ".zip")
    t.workspace.snapshotsSteps = { step in
      if step == .sidecarPlaced { _ = FileManager.default.createFile(atPath: target.path, contents: Data("x".utf8)) }
    }
    XCTAssertThrowsError(try t.workspace.importExport(path: zip)) {
      guard case .copyFailed(let path, _)? = $0 as? ImportError else { return XCTFail("\($0)") }
      XCTAssertEqual(path, target.path)
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [target.lastPathComponent])
  }

  /// An import with its sidecar, of an export whose sidecar alone is in `snapshots/` already (dropped
  /// there first; `snapshots` lists it as «notification sans export de ce nom»), cannot put its own in
  /// place: the failure names that sidecar, not the export, which is not there; nothing else is left.
  func testAnImportWhoseSidecarIsInTheWayNamesTheSidecar() throws {
    let t = try TestWorkspace(self)
    let zip = try exportOutside()
    let sidecar = t.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: day1))
    XCTAssertTrue(FileManager.default.createFile(atPath: sidecar.path, contents: Data("{}".utf8)))
    XCTAssertThrowsError(try t.workspace.importExport(path: zip)) {
      guard case .copyFailed(let path, let reason)? = $0 as? ImportError else { return XCTFail("\($0)") }
      XCTAssertEqual(path, sidecar.path)
      XCTAssertEqual(reason, "EEXIST")
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [sidecar.lastPathComponent])
  }

  func testImportRefusesWhatItCannotName() throws {
    let t = try TestWorkspace(self, projectId: nil)
    let outside = try temporaryDirectory(self)
    let plain = outside.appendingPathComponent("export.zip")
    try FileManager.default.copyItem(at: OpenEditFixtures.hotentic.appendingPathComponent("json_export.zip"), to: plain)
    XCTAssertThrowsError(try t.workspace.importExport(path: plain)) {
      XCTAssertEqual($0 as? ImportError, .needsAsOf("export.zip"))
    }
    XCTAssertThrowsError(try t.workspace.importExport(path: plain, asOf: LocalDateTime(year: 2024, month: 1, day: 1))) {
      XCTAssertEqual($0 as? ImportError, .unknownProjectId("export.zip"))
    }
    // Named as Apidae names exports, on a day that does not exist: said so, as `snapshots` says it.
    let february = outside.appendingPathComponent("3126_20250231-0156_BadDat.zip")
    try FileManager.default.copyItem(at: plain, to: february)
    XCTAssertThrowsError(try t.workspace.importExport(path: february)) {
      XCTAssertEqual($0 as? ImportError, .impossibleDate("3126_20250231-0156_BadDat.zip"))
    }
    let missing = outside.appendingPathComponent("absent/" + day1.stem + ".zip")
    XCTAssertThrowsError(try t.workspace.importExport(path: missing)) {
      XCTAssertEqual(
        $0 as? ImportError, .unreadable(ExportError(export: missing.path, reason: .notFound)),
        "a missing file is named by its whole path: the folder may be what is wrong")
    }
    let broken = outside.appendingPathComponent(day1.stem + ".zip")
    try Data("PK\u{3}\u{4} broken".utf8).write(to: broken)
    XCTAssertThrowsError(try t.workspace.importExport(path: broken)) { error in
      guard case .unreadable(let exportError)? = error as? ImportError else { return XCTFail("\(error)") }
      XCTAssertEqual(exportError.export, day1.stem + ".zip")
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [])
  }

  /// `import FILE --as-of` of a file not named like an export takes the project the workspace follows
  /// without `project_id`: its imports', else its earliest export's, as for every other import (it was
  /// refused, «oesh.toml n'a pas de project_id», in a workspace of project 3126's exports); a sidecar's
  /// `projetId`, the export's own, comes first, and another project is refused as such.
  func testImportAsOfTakesTheProjectTheWorkspaceFollows() throws {
    let t = try TestWorkspace(self, projectId: nil)
    let outside = try temporaryDirectory(self)
    let real = OpenEditFixtures.hotentic.appendingPathComponent("json_export.zip")
    try FileManager.default.copyItem(at: real, to: outside.appendingPathComponent("3126_20190215-0156_H8zWaD.zip"))
    let plain = outside.appendingPathComponent("export.zip")
    try FileManager.default.copyItem(at: real, to: plain)
    try t.workspace.importExport(path: outside.appendingPathComponent("3126_20190215-0156_H8zWaD.zip"))
    let named = try t.workspace.importExport(
      path: plain, asOf: LocalDateTime(year: 2019, month: 2, day: 16, hour: 1, minute: 56))
    XCTAssertEqual(named.name.projectId, 3126)
    XCTAssertTrue(named.name.stem.hasPrefix("3126_20190216-0156_"), named.name.stem)
    _ = try t.workspace.sync()
    let other = outside.appendingPathComponent("autre.zip")
    try FileManager.default.copyItem(at: real, to: other)
    try Data(#"{"projetId": "9999"}"#.utf8).write(to: outside.appendingPathComponent("autre.notification.json"))
    XCTAssertThrowsError(try t.workspace.importExport(path: other, asOf: LocalDateTime(year: 2019, month: 2, day: 17)))
    {
      XCTAssertEqual($0 as? ImportError, .otherProject(9999, 3126))
    }
  }

  /// `import FILE --as-of WHEN` of a file not named like an export makes up its code: the same file given
  /// again at the same time is the export already there, not a second one beside it that the next sync
  /// imports again (a script run twice, a command typed again); another file, or another time, is another
  /// export. A folder as a zip.
  func testImportAsOfTheSameFileAgainIsTheExportAlreadyThere() throws {
    let t = try TestWorkspace(self, projectId: 3126)
    let outside = try temporaryDirectory(self)
    let real = OpenEditFixtures.hotentic.appendingPathComponent("json_export.zip")
    let plain = outside.appendingPathComponent("export.zip")
    try FileManager.default.copyItem(at: real, to: plain)
    let asOf = LocalDateTime(year: 2019, month: 2, day: 16, hour: 1, minute: 56)
    let first = try t.workspace.importExport(path: plain, asOf: asOf)
    XCTAssertThrowsError(try t.workspace.importExport(path: plain, asOf: asOf)) {
      XCTAssertEqual($0 as? ImportError, .alreadyPresent(first.name.stem))
    }
    let copy = outside.appendingPathComponent("copie.zip")
    try FileManager.default.copyItem(at: real, to: copy)
    XCTAssertThrowsError(try t.workspace.importExport(path: copy, asOf: asOf)) {
      XCTAssertEqual($0 as? ImportError, .alreadyPresent(first.name.stem), "the same bytes under another name")
    }
    let later = try t.workspace.importExport(path: plain, asOf: LocalDateTime(year: 2019, month: 2, day: 17))
    let other = outside.appendingPathComponent("autre.zip")
    let written = try ExportWriter(directory: outside, name: XCTUnwrap(ExportName.parse("3126_20240101-0000_Autre")))
    try written.addObjects([fiche(1, "A").exportJSON()])
    try FileManager.default.moveItem(at: written.finish(), to: other)
    let another = try t.workspace.importExport(path: other, asOf: asOf)
    let folder = outside.appendingPathComponent("dossier")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("[]".utf8).write(to: folder.appendingPathComponent("selections.json"))
    let asFolder = try t.workspace.importExport(path: folder, asOf: asOf)
    XCTAssertThrowsError(try t.workspace.importExport(path: folder, asOf: asOf)) {
      XCTAssertEqual($0 as? ImportError, .alreadyPresent(asFolder.name.stem))
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path).sorted(),
      [first.fileName, later.fileName, another.fileName, asFolder.fileName].sorted())
  }

  /// `import FILE --as-of` reads the sidecar of a file not named like an export as every sidecar is read:
  /// a regular file of at most 64 KiB, refused unread otherwise (it was read whole for its `projetId`, a
  /// FIFO blocking the shell, then copied), and nothing is copied.
  func testImportAsOfReadsTheSidecarOfAnyNameWithinTheSidecarLimit() throws {
    let t = try TestWorkspace(self)
    let outside = try temporaryDirectory(self)
    let plain = outside.appendingPathComponent("gros.zip")
    try FileManager.default.copyItem(at: OpenEditFixtures.hotentic.appendingPathComponent("json_export.zip"), to: plain)
    let sidecar = outside.appendingPathComponent("gros.notification.json")
    XCTAssertTrue(FileManager.default.createFile(atPath: sidecar.path, contents: nil))
    let handle = try FileHandle(forWritingTo: sidecar)
    try handle.truncate(atOffset: 1 << 20)
    try handle.close()
    let asOf = LocalDateTime(year: 2019, month: 2, day: 16, hour: 1, minute: 56)
    XCTAssertThrowsError(try t.workspace.importExport(path: plain, asOf: asOf)) {
      XCTAssertEqual(
        $0 as? ImportError,
        .unreadable(ExportError(export: "gros.zip", entry: "gros.notification.json", reason: .sidecarTooLarge(1 << 20)))
      )
    }
    try FileManager.default.removeItem(at: sidecar)
    XCTAssertEqual(mkfifo(sidecar.path, 0o644), 0)
    XCTAssertThrowsError(try t.workspace.importExport(path: plain, asOf: asOf)) {
      XCTAssertEqual(
        $0 as? ImportError,
        .unreadable(ExportError(export: "gros.zip", entry: "gros.notification.json", reason: .notARegularFile)))
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path), [])
  }

  /// The JSON is read back from the export it came from, in a zip or a folder, at its place in its entry.
  func testRawJSONIsReadFromTheExportInSnapshots() throws {
    let t = try TestWorkspace(self)
    let fiches = (1...7).map { fiche($0, "Fiche \($0) « été »", commune: 1) }
    try t.export(day1, fiches: fiches, selections: [], communes: testCommunes, chunk: 3)
    try t.export(day2, fiches: [fiche(6, "Fiche 6 renommée", commune: 1)], selections: [], asZip: false)
    try t.workspace.sync()
    for f in fiches where f.id != 6 { XCTAssertEqual(try t.workspace.fiche(f.id).raw, f.exportJSON(), "\(f.id)") }
    let six = try t.workspace.fiche(6)
    XCTAssertEqual(six.rawSource?.export, day2.stem)
    XCTAssertEqual(six.raw, fiche(6, "Fiche 6 renommée", commune: 1).exportJSON())
  }

  /// A fiche's JSON is read from its export found by name, not through the listing of snapshots/ (a year
  /// of sidecars read for one fiche): an imported export whose sidecar was later marked failed, which the
  /// listing leaves out, still gives the JSON its hash vouches for.
  func testRawJSONIsReadFromItsExportWhateverTheListingMakesOfIt() throws {
    let t = try TestWorkspace(self)
    let notified = ExportNotification(projectId: OpenEditFixtures.projectId, statut: "SUCCESS")
    try t.export(day1, fiches: [fiche(1, "Hôtel du Lac")], selections: [], notification: notified)
    try t.workspace.sync()
    let sidecar = t.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: day1))
    try Data(#"{"projetId": 1234, "statut": "ERROR"}"#.utf8).write(to: sidecar)
    XCTAssertTrue(try t.workspace.snapshots().ignored.contains { $0.reason == .failedExport })
    XCTAssertEqual(try t.workspace.fiche(1).raw, fiche(1, "Hôtel du Lac").exportJSON())
  }

  /// An export removed from snapshots/, or replaced by other bytes, is said; the rest of the fiche still shows.
  func testRawJSONOfAMissingOrReplacedExportIsRefusedClearly() throws {
    let t = try TestWorkspace(self)
    let zip = try t.export(day1, fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Gîte")], selections: [])
    try t.workspace.sync()
    let other = try temporaryDirectory(self).appendingPathComponent(zip.lastPathComponent)
    try FileManager.default.moveItem(at: zip, to: other)
    XCTAssertThrowsError(try t.workspace.fiche(1)) {
      XCTAssertEqual($0 as? QueryError, .rawExportMissing(ficheId: 1, export: day1.stem))
    }
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Hôtel du Lac")
    // The same name, other contents: the hash taken at import tells.
    try t.export(day1, fiches: [fiche(1, "Hôtel du Lac modifié"), fiche(2, "Gîte")], selections: [])
    XCTAssertThrowsError(try t.workspace.fiche(1)) {
      XCTAssertEqual($0 as? QueryError, .rawExportChanged(ficheId: 1, export: zip.lastPathComponent))
    }
    // Replaced by what is no zip at all: said as unreadable, not as an export refused by an import.
    try Data("junk".utf8).write(to: zip)
    XCTAssertThrowsError(try t.workspace.fiche(1)) {
      XCTAssertEqual(
        $0 as? QueryError,
        .rawExportUnreadable(ficheId: 1, ExportError(export: zip.lastPathComponent, reason: .notAZip)))
    }
  }

  /// Rows written by versions that kept a copy of the JSON (before migration v4) still show it.
  func testRowsOfOlderVersionsShowTheirCopyOfTheRawJSON() throws {
    let t = try synced()
    try t.store.write { db in
      try db.execute(sql: "UPDATE fiche SET raw_export = NULL, raw_entry = NULL WHERE id = 2")
      try db.execute(sql: "INSERT INTO fiche_raw(fiche_id, raw) VALUES (2, ?)", arguments: [Data("{\"id\":2}".utf8)])
    }
    XCTAssertNil(try t.store.fiche(2).rawSource)
    XCTAssertEqual(try t.workspace.fiche(2).raw, Array("{\"id\":2}".utf8))
  }
}
