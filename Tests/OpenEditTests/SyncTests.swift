import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// R1 and R2 of DESIGN.md §2, on real SQLite stores and real zips written by ExportWriter.
final class SyncTests: XCTestCase {
  let day1 = TestWorkspace.name(day: 1)
  let day2 = TestWorkspace.name(day: 2)
  let day3 = TestWorkspace.name(day: 3)

  func testTheFirstExportIsAReinitialisationThatCreatesFichesSelectionsAndCommunes() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1,
      fiches: [
        fiche(1, "Hôtel du Lac"), fiche(2, "Camping des Pins", type: "HOTELLERIE_PLEIN_AIR"), fiche(3, "Le Bistrot"),
      ],
      selections: [
        Selection(id: 10, name: "Hôtels", ficheIds: [1]), Selection(id: 11, name: "Tout", ficheIds: [1, 2, 3]),
      ],
      communes: testCommunes)
    let report = try t.workspace.sync(command: "sync")
    XCTAssertEqual(report.imported.count, 1)
    let r = report.imported[0]
    XCTAssertEqual(r.name, day1)
    XCTAssertTrue(r.reinitialisation)
    XCTAssertFalse(r.ponctuel)
    XCTAssertEqual(r.objects, 3)
    XCTAssertEqual(r.changes.created, [1, 2, 3])
    XCTAssertEqual(r.changes.modified + r.changes.hidden + r.changes.deleted, [])
    XCTAssertEqual(r.changes.names[1], "Hôtel du Lac")
    XCTAssertEqual(
      r.changes.selections,
      [
        SelectionChange(id: 10, name: "Hôtels", entered: [1], left: [], isNew: true, dropped: false),
        SelectionChange(id: 11, name: "Tout", entered: [1, 2, 3], left: [], isNew: true, dropped: false),
      ])
    XCTAssertEqual(report.changedSelectionIds, [10, 11])
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED", 3: "PUBLISHED"])
    XCTAssertEqual(try t.memberships(), [10: [1], 11: [1, 2, 3]])
    let (communes, exportRow, journal) = try t.store.read { db in
      (
        try Int.fetchOne(db, sql: "SELECT count(*) FROM commune")!,
        try Row.fetchOne(db, sql: "SELECT name, exported_at, reinitialisation, objects, imported_at FROM export")!,
        try Journal.entries(db).filter { $0.kind == "import" }
      )
    }
    XCTAssertEqual(communes, 3)
    XCTAssertEqual(exportRow[0] as String, day1.stem)
    XCTAssertEqual(exportRow[1] as String, "2024-03-01 02:00")
    XCTAssertEqual(exportRow[2] as Bool, true)
    XCTAssertEqual(exportRow[3] as Int, 3)
    XCTAssertEqual(exportRow[4] as String, "2024-03-31 12:00:00")
    XCTAssertEqual(journal.count, 1)
    XCTAssertEqual(journal[0].command, "sync")
    XCTAssertEqual(journal[0].at, LocalDateTime(year: 2024, month: 3, day: 31, hour: 12))
    let detail = try t.workspace.fiche(1)
    XCTAssertEqual(detail.summary.communeName, "Aix-les-Bains")
    XCTAssertEqual(detail.summary.email, "contact@example.invalid")
    XCTAssertEqual(detail.createdIn, day1.stem)
    XCTAssertEqual(detail.raw, fiche(1, "Hôtel du Lac").exportJSON())
  }

  /// An object given twice in the first export (no lookups then, the store being empty) is created once
  /// and ends as its last version.
  func testAnObjectTwiceInTheFirstExportEndsAsItsLastVersion() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Avant"), fiche(2, "Autre"), fiche(1, "Après", state: "HIDDEN")], chunk: 2)
    let r = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(r.objects, 3)
    XCTAssertEqual(r.changes.created, [1, 2])
    XCTAssertEqual(r.changes.modified + r.changes.hidden, [])
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Après")
    XCTAssertEqual(try t.ficheStates(), [1: "HIDDEN", 2: "PUBLISHED"])
  }

  func testCreationsModificationsMasquagesAndSuppressions() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: (1...6).map { fiche($0, "Fiche \($0)") })
    try t.workspace.sync()
    try t.export(
      day2,
      fiches: [
        fiche(1, "Fiche 1 renommée"),  // modification
        fiche(2, "Fiche 2", state: "HIDDEN"),  // masquage
        fiche(3, "Fiche 3", state: "DELETED"),  // suppression by state
        fiche(4, "Fiche 4", state: "TRASH"),  // suppression by state
        fiche(6, "Fiche 6"),  // re-sent unchanged: not a modification
        fiche(7, "Fiche 7"),  // création
        fiche(8, "Fiche 8", state: "DELETED"),  // deletion of a fiche never received
      ], deleted: [5, 999])
    let r = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertFalse(r.reinitialisation)
    XCTAssertEqual(r.changes.created, [7])
    XCTAssertEqual(r.changes.modified, [1])
    XCTAssertEqual(r.changes.hidden, [2])
    XCTAssertEqual(r.changes.deleted, [3, 4, 5])
    XCTAssertEqual(r.unknownDeletions, [8, 999])
    XCTAssertEqual(r.deletedInExport, 2)
    XCTAssertEqual(r.changes.names[5], "Fiche 5")
    XCTAssertEqual(
      try t.ficheStates(),
      [1: "PUBLISHED", 2: "HIDDEN", 3: "DELETED", 4: "DELETED", 5: "DELETED", 6: "PUBLISHED", 7: "PUBLISHED"])
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Fiche 1 renommée")
    XCTAssertEqual(try t.store.fiche(1).updatedIn, day2.stem)
    XCTAssertEqual(try t.store.fiche(1).stateSince, day1.stem)
    for id in [2, 3, 4, 5] { XCTAssertEqual(try t.store.fiche(id).stateSince, day2.stem) }
    XCTAssertEqual(try t.store.fiche(6).updatedIn, day1.stem)
    let journal = try t.store.read { db in try Journal.entries(db) }
    XCTAssertEqual(journal.filter { $0.kind == "fiche.deleted" }.compactMap(\.ficheId).sorted(), [3, 4, 5])
    XCTAssertEqual(journal.filter { $0.kind == "fiche.hidden" }.compactMap(\.ficheId), [2])
    // Each fiche's story: créations and modifications of an import have their rows too.
    XCTAssertEqual(journal.filter { $0.kind == "fiche.created" }.map(\.ficheId), [7])
    XCTAssertEqual(journal.filter { $0.kind == "fiche.modified" }.map(\.ficheId), [1])
    XCTAssertEqual(journal.first { $0.kind == "fiche.modified" }?.detail, day2.stem + " fields=name")
    // A hidden fiche that comes back is a republication; a deleted one that comes back, a création.
    try t.export(day3, fiches: [fiche(2, "Fiche 2"), fiche(3, "Fiche 3")])
    let r3 = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(r3.changes.published, [2])
    XCTAssertEqual(r3.changes.modified, [])
    XCTAssertEqual(r3.changes.created, [3])
    XCTAssertTrue(r3.journalDetail.contains(" published=1 "), r3.journalDetail)
    let story = try t.store.read { db in try CampaignJournal.entries(db, ficheId: 2) }
    XCTAssertEqual(story.map(\.kind), ["fiche.created", "fiche.hidden", "fiche.published"])
    XCTAssertEqual(story.map(\.detail), [day1.stem, day2.stem, day3.stem])
    let reborn = try t.store.read { db in try CampaignJournal.entries(db, ficheId: 3) }
    XCTAssertEqual(reborn.map(\.kind), ["fiche.created", "fiche.deleted", "fiche.created"])
  }

  /// R2's order within one export: suppressions come after créations and modifications, so a fiche the
  /// export both carries and lists in `objets_supprimes.json` ends deleted, whether it was known or new.
  func testAFicheAnExportModifiesAndDeletesEndsDeleted() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Fiche 1"), fiche(2, "Fiche 2")])
    try t.workspace.sync()
    try t.export(day2, fiches: [fiche(1, "Fiche 1 renommée"), fiche(3, "Fiche 3")], deleted: [1, 3])
    let r = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(try t.ficheStates(), [1: "DELETED", 2: "PUBLISHED", 3: "DELETED"])
    XCTAssertEqual(r.changes.deleted, [1, 3])
    XCTAssertEqual(try t.store.fiche(1).stateSince, day2.stem)
  }

  /// A first import into an empty store writes no row per fiche (all créations, 100,000 at most): the
  /// fiche's creation is told from its record, at the import's row, and only where asked for.
  func testAFirstImportsCreationsAreToldFromTheFicheNotWrittenPerFiche() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: (1...3).map { fiche($0, "Fiche \($0)") })
    try t.workspace.sync(command: "sync")
    try t.store.read { db in
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "fiche").count, 0)
      let story = try CampaignJournal.entries(db, ficheId: 2)
      let importRow = try XCTUnwrap(CampaignJournal.entries(db, kind: "import").first)
      XCTAssertEqual(story.map(\.kind), ["fiche.created"])
      XCTAssertEqual(story.first?.detail, day1.stem)
      XCTAssertEqual(story.first?.at, importRow.at)
      XCTAssertEqual(story.first?.command, "sync")
      XCTAssertEqual(try CampaignJournal.entries(db, ficheId: 2, kind: "fiche.hidden").count, 0)
      XCTAssertEqual(try CampaignJournal.entries(db, ficheId: 2, kind: "fiche").count, 1)
    }
  }

  func testEachSelectionsMembershipIsReplacedAndAbsentSelectionsAreDropped() throws {
    let t = try TestWorkspace(self)
    let fiches = (1...4).map { fiche($0, "Fiche \($0)") }
    try t.export(
      day1, fiches: fiches,
      selections: [Selection(id: 10, name: "A", ficheIds: [1, 2]), Selection(id: 11, name: "B", ficheIds: [3])])
    try t.workspace.sync()
    try t.export(
      day2,
      selections: [
        Selection(id: 10, name: "A", ficheIds: [2, 3]), Selection(id: 12, name: "C", ficheIds: [1]),
        Selection(id: 13, name: "D", ficheIds: [4]),
      ])
    try t.workspace.sync()
    try t.export(
      day3,
      selections: [
        Selection(id: 10, name: "A renamed", ficheIds: [2, 3]), Selection(id: 12, name: "C", ficheIds: [1]),
        Selection(id: 13, name: "D", ficheIds: [4]),
      ])
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.count, 1)
    XCTAssertEqual(report.imported[0].changes.selections, [], "a rename alone is not a membership change")
    XCTAssertEqual(try t.store.resolveSelection("10").name, "A renamed")
    XCTAssertEqual(try t.memberships(), [10: [2, 3], 12: [1], 13: [4]])
    let day2Report = try t.store.read { db in
      try Journal.entries(db).filter { $0.kind.hasPrefix("selection.") }.map { "\($0.kind) \($0.ficheId ?? 0)" }
    }
    XCTAssertTrue(day2Report.contains("selection.entered 3"))
    XCTAssertTrue(day2Report.contains("selection.left 1"))
    XCTAssertTrue(day2Report.contains("selection.dropped 0"))
    // Each fiche's story: 3 left B when B was dropped; 1 and 4 entered the new C and D. The first import
    // wrote no row per member.
    let story = { (fiche: Int) in
      try t.store.read { db in
        try CampaignJournal.entries(db, ficheId: fiche).filter { $0.kind.hasPrefix("selection.") }.map {
          "\($0.kind) \($0.detail ?? "")"
        }
      }
    }
    XCTAssertEqual(try story(3), ["selection.entered 10 A", "selection.left 11 B"])
    XCTAssertEqual(try story(1), ["selection.left 10 A", "selection.entered 12 C"])
    XCTAssertEqual(try story(4), ["selection.entered 13 D"])
  }

  /// An export that names a sélection otherwise is a change the sync reports and journals, and `diff`
  /// between the exports and `diff pending` before it say the same: they said «aucun changement» while
  /// `selections` showed the new name. A rename alone changes no membership, so no campaign needs `actualiser`.
  func testASelectionRenamedByAnExportIsReportedJournalledAndDiffedAlike() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 12:00")
    try t.export(day1, fiches: [fiche(1, "Un")], selections: [Selection(id: 10, name: "A", ficheIds: [1])])
    try t.workspace.sync()
    try t.export(day2, selections: [Selection(id: 10, name: "A renommée", ficheIds: [1])])
    try t.export(day3, fiches: [fiche(2, "Deux")], selections: [Selection(id: 10, name: "Ä", ficheIds: [1, 2])])
    try t.workspace.clock().set("2024-03-03 12:00")
    let rename = [SelectionRename(id: 10, from: "A", to: "A renommée")]
    let pending = try t.workspace.diffPending().changes
    XCTAssertEqual(pending.renamedSelections, [SelectionRename(id: 10, from: "A", to: "Ä")])
    XCTAssertEqual(try t.workspace.diff(from: day1.stem, to: day2.stem).changes.renamedSelections, rename)
    let report = try t.workspace.sync(command: "sync")
    XCTAssertEqual(
      report.imported.map(\.changes.renamedSelections),
      [rename, [SelectionRename(id: 10, from: "A renommée", to: "Ä")]])
    XCTAssertEqual(report.imported[0].changes.selections, [], "a rename alone is not a membership change")
    XCTAssertFalse(report.imported[0].changes.isEmpty)
    XCTAssertEqual(report.changedSelectionIds, [10], "the membership day3 changed, not the renames")
    let rows = try t.store.read { db in try Journal.entries(db).filter { $0.kind == "selection.renamed" } }
    XCTAssertEqual(rows.map(\.detail), ["10 A → A renommée", "10 A renommée → Ä"])
    let imports = try t.store.read { db in try Journal.entries(db).filter { $0.kind == "import" } }
    XCTAssertTrue(imports[1].detail?.hasSuffix("selections_changed=0 selections_renamed=1") ?? false, "\(imports)")
  }

  func testSelectionChangesAreReportedWithTheirSelectionIds() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: (1...3).map { fiche($0, "F\($0)") },
      selections: [Selection(id: 10, name: "A", ficheIds: [1, 2]), Selection(id: 11, name: "B", ficheIds: [3])])
    try t.export(
      day2, selections: [Selection(id: 10, name: "A", ficheIds: [2, 3]), Selection(id: 12, name: "C", ficheIds: [1])])
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.count, 2)
    XCTAssertEqual(
      report.imported[1].changes.selections,
      [
        SelectionChange(id: 10, name: "A", entered: [3], left: [1], isNew: false, dropped: false),
        SelectionChange(id: 11, name: "B", entered: [], left: [3], isNew: false, dropped: true),
        SelectionChange(id: 12, name: "C", entered: [1], left: [], isNew: true, dropped: false),
      ])
    XCTAssertEqual(report.changedSelectionIds, [10, 11, 12])
    XCTAssertEqual(try t.memberships(), [10: [2, 3], 12: [1]])
  }

  /// A report names the first fiches of each list, from the store when the export did not carry them;
  /// every change is still in the lists and the journal.
  func testAReportNamesTheFirstFichesOfEachListItShows() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: (1...20).map { fiche($0, "Fiche \($0)") }, selections: [Selection(id: 10, name: "A", ficheIds: [])])
    try t.export(
      day2, fiches: [fiche(20, "Fiche vingt")], selections: [Selection(id: 10, name: "A", ficheIds: Array(1...20))])
    let changes = try XCTUnwrap(t.workspace.sync().imported.last?.changes)
    let entered = try XCTUnwrap(changes.selections.first?.entered)
    XCTAssertEqual(entered, Array(1...20))
    for id in entered.prefix(ChangeSet.namedPerList) { XCTAssertEqual(changes.names[id], "Fiche \(id)") }
    XCTAssertEqual(changes.names[20], "Fiche vingt", "the export's own name")
    let journal = try t.store.read { db in try Journal.entries(db).filter { $0.kind == "selection.entered" } }
    XCTAssertEqual(journal.map(\.ficheId), entered)
    XCTAssertEqual(Set(journal.map(\.detail)), ["10 A"])
  }

  /// Communes are kept across exports: a later export's list adds and renames, and an export without
  /// `communes.json` keeps them all.
  func testCommunesAreKeptAcrossExportsAndUpdatedWhereTheyDiffer() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Hôtel du Lac", commune: 2)], selections: [], communes: testCommunes)
    var communes = testCommunes
    communes[1].name = "Annecy-le-Vieux"
    communes.append(Commune(id: 9, code: "38185", name: "Grenoble", postalCode: "38000"))
    try t.export(day2, fiches: [fiche(2, "Musée", commune: 9)], selections: [], communes: communes)
    try t.export(day3, fiches: [fiche(3, "Refuge", commune: 1)], selections: [])
    try t.workspace.sync()
    let store = try t.store
    XCTAssertEqual(try store.fiches().map(\.communeName), ["Annecy-le-Vieux", "Grenoble", "Aix-les-Bains"])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["annecy-le-vieux"])).map(\.id), [1])
    XCTAssertEqual(
      try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM commune") }, testCommunes.count + 1)
  }

  func testAReinitialisationDeletesTheFichesItNoLongerContainsADifferentialDoesNot() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: (1...3).map { fiche($0, "F\($0)") })
    try t.export(day2, fiches: [fiche(1, "F1 bis")])  // differential: 2 and 3 stay
    try t.export(
      day3, fiches: [fiche(1, "F1 bis"), fiche(2, "F2")],
      notification: ExportNotification(
        projectId: OpenEditFixtures.projectId, statut: "SUCCESS", ponctuel: true, reinitialisation: true))
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.map(\.reinitialisation), [true, false, true])
    XCTAssertEqual(report.imported[1].changes.deleted, [])
    XCTAssertEqual(report.imported[2].changes.deleted, [3])
    XCTAssertEqual(
      report.imported[2].changes.modified, [], "unchanged objects of a réinitialisation are not modifications")
    XCTAssertTrue(report.imported[2].ponctuel)
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED", 3: "DELETED"])
  }

  func testASidecarDecidesTheKindOfTheFirstExport() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: [fiche(1, "F1")], notification: ExportNotification(ponctuel: false, reinitialisation: false))
    try t.workspace.sync()
    let (exports, _) = try t.workspace.snapshots()
    XCTAssertEqual(exports.map(\.reinitialisation), [false])
  }

  func testAFicheTwiceInOneExportCountsOnceAndItsLastVersionWins() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "First"), fiche(2, "Other"), fiche(1, "Last")], chunk: 1)
    let r = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(r.changes.created, [1, 2])
    XCTAssertEqual(r.changes.modified, [])
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Last")
    XCTAssertEqual(r.changes.names[1], "Last")
  }

  /// A fiche given twice in one export is reported, and told in the journal, as the store ends: its last
  /// version against the fiche as it was before the export, whatever the first version said.
  func testAFicheTwiceInOneExportIsReportedAsItsLastVersionAgainstTheStoreBefore() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: (1...5).map { fiche($0, "Fiche \($0)") })
    try t.workspace.sync()
    try t.export(
      day2,
      fiches: [
        fiche(1, "Masquée d'abord", state: "HIDDEN"), fiche(1, "Fiche 1 renommée"),  // a masquage, then a modification
        fiche(2, "Fiche 2"), fiche(2, "Fiche 2 renommée"),  // unchanged, then a modification
        fiche(3, "Fiche 3 renommée"), fiche(3, "Fiche 3"),  // a modification, then back as it was: no change
        fiche(4, "Fiche 4", state: "DELETED"), fiche(4, "Fiche 4"),  // a suppression taken back
        fiche(9, "Inconnue", state: "DELETED"), fiche(9, "Créée B"),  // an unknown deletion, then a création
        fiche(8, "Créée A"), fiche(8, "Créée B", state: "HIDDEN"),  // a création hidden at once
      ], chunk: 1)
    let r = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(
      try t.ficheStates(),
      [1: "PUBLISHED", 2: "PUBLISHED", 3: "PUBLISHED", 4: "PUBLISHED", 5: "PUBLISHED", 8: "HIDDEN", 9: "PUBLISHED"])
    XCTAssertEqual(r.objects, 12)
    XCTAssertEqual(r.changes.created, [8, 9])
    XCTAssertEqual(r.changes.modified, [1, 2])
    XCTAssertEqual(r.changes.modifiedFields, [1: [.name], 2: [.name]])
    XCTAssertEqual(r.changes.hidden + r.changes.published + r.changes.deleted + r.unknownDeletions, [])
    XCTAssertEqual(r.changes.names[1], "Fiche 1 renommée")
    XCTAssertEqual(r.changes.names[2], "Fiche 2 renommée")
    XCTAssertEqual(r.changes.names[8], "Créée B")
    XCTAssertEqual(r.changes.names[9], "Créée B")
    let journal = try t.store.read { db in try Journal.entries(db) }.filter { $0.kind.hasPrefix("fiche.") }
    XCTAssertEqual(journal.map(\.kind), ["fiche.modified", "fiche.modified", "fiche.created", "fiche.created"])
    XCTAssertEqual(journal.map(\.ficheId), [1, 2, 9, 8])
    XCTAssertEqual(
      journal.map(\.detail), [day2.stem + " fields=name", day2.stem + " fields=name", day2.stem, day2.stem])
    XCTAssertEqual(
      try t.store.read { db in try Journal.entries(db) }.last?.detail,
      day2.stem + " differential created=2 modified=2 hidden=0 published=0 deleted=0 unknown_deletions=0"
        + " selections_changed=0 selections_renamed=0")
    // What diff says of the same export, comparing the store before and after it, is what sync said.
    let t2 = try TestWorkspace(self)
    for name in [day1, day2] {
      try FileManager.default.copyItem(
        at: t.workspace.snapshotsURL.appendingPathComponent(name.stem + ".zip"),
        to: t2.workspace.snapshotsURL.appendingPathComponent(name.stem + ".zip"))
    }
    let diff = try t2.workspace.diff(from: day1.stem, to: day2.stem)
    XCTAssertEqual(diff.changes.created.sorted(), r.changes.created)
    XCTAssertEqual(diff.changes.modified.sorted(), r.changes.modified)
    XCTAssertEqual(diff.changes.modifiedFields, r.changes.modifiedFields)
  }

  func testExportsAreImportedInExportOrderExactlyOnce() throws {
    let t = try TestWorkspace(self)
    // Dropped out of order: the later one first.
    try t.export(day2, fiches: [fiche(1, "Second name")])
    try t.export(day1, fiches: [fiche(1, "First name")])
    let first = try t.workspace.sync()
    XCTAssertEqual(first.imported.map(\.name), [day1, day2])
    XCTAssertEqual(first.imported[1].changes.modified, [1])
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Second name")
    let again = try t.workspace.sync()
    XCTAssertEqual(again.imported, [])
    XCTAssertNil(again.next)
    XCTAssertEqual(try t.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM export") }, 2)
    // An export older than one already imported still comes in once, flagged as late.
    let late = TestWorkspace.name(day: 1, hour: 12)
    try t.export(late, fiches: [fiche(2, "Late")])
    let third = try t.workspace.sync()
    XCTAssertEqual(third.imported.map(\.name), [late])
    XCTAssertTrue(third.imported[0].late)
    // Even older than the workspace's first export, it is a differential: the first one imported was
    // the réinitialisation, and this one, without fiche 1, deletes nothing.
    let earliest = TestWorkspace.name(day: 1, hour: 1)
    try t.export(earliest, fiches: [fiche(3, "Earliest")])
    let fourth = try t.workspace.sync()
    XCTAssertEqual(fourth.imported.map(\.name), [earliest])
    XCTAssertFalse(fourth.imported[0].reinitialisation)
    XCTAssertEqual(fourth.imported[0].changes.deleted, [])
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED", 3: "PUBLISHED"])
  }

  /// Exactly once, when another shell imported an export after this one listed `snapshots/`: the import,
  /// in its transaction, finds the export recorded and does nothing (R2).
  func testAnExportAnotherShellImportedSinceTheListingIsNotImportedAgain() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "F1")])
    let listed = try t.workspace.snapshotFolder().exports
    XCTAssertEqual(listed.map(\.name), [day1])
    // The other shell.
    XCTAssertEqual(try Workspace.open(at: t.url).sync().imported.map(\.name), [day1])
    let again = try t.store.write { db in
      try importUnlessImported(
        db, listed[0], first: day1, at: LocalDateTime(year: 2024, month: 3, day: 31, hour: 12), command: "sync")
    }
    XCTAssertNil(again)
    XCTAssertEqual(try t.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM export") }, 1)
    XCTAssertEqual(try t.workspace.journal(ficheId: nil, campaignId: nil, kind: "import").count, 1)
  }

  /// A late réinitialisation removes the fiches it no longer contains, but not one a newer export brought
  /// (R2, in export order): that one is younger than the réinitialisation's picture of the project.
  func testALateReinitialisationDoesNotRemoveAFicheANewerExportBrought() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Lac"), fiche(3, "Moulin")])
    try t.export(day3, fiches: [fiche(2, "Pins, nouveau le 3")])
    try t.workspace.sync()
    try t.export(
      TestWorkspace.name(day: 2), fiches: [fiche(1, "Lac")],
      notification: ExportNotification(ponctuel: true, reinitialisation: true))
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.map(\.late), [true])
    XCTAssertEqual(report.imported.first?.changes.deleted, [3])
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED", 3: "DELETED"])
  }

  /// An export that arrives after a newer one brings nothing older over what the newer brought: its
  /// versions of fiches the newer one carried, its deletions of them, and its sélections are not
  /// applied; what only it carries is.
  func testALateExportDoesNotTakeBackWhatANewerOneBrought() throws {
    let t = try TestWorkspace(self)
    let s = { (ids: [Int]) in [Selection(id: 10, name: "S", ficheIds: ids)] }
    try t.export(
      day1, fiches: [fiche(1, "Lac v1"), fiche(2, "Pins v1"), fiche(3, "Moulin v1")], selections: s([1, 2, 3]))
    try t.export(day3, fiches: [fiche(1, "Lac v3", email: "new@example.org")], selections: s([1, 2, 3]))
    try t.workspace.sync()
    // Day 2 arrives now: an older version of 1, a deletion of 1 too, a change of 2, a new fiche 4.
    try t.export(
      day2, fiches: [fiche(1, "Lac v2"), fiche(2, "Pins v2"), fiche(4, "Refuge")], deleted: [1], selections: s([2]))
    let report = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertTrue(report.late)
    XCTAssertEqual(report.keptNewer, [1])
    XCTAssertEqual(report.changes.modified, [2])
    XCTAssertEqual(report.changes.created, [4])
    XCTAssertEqual(report.changes.deleted, [])
    XCTAssertEqual(report.changes.selections, [])
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Lac v3")
    XCTAssertEqual(try t.store.fiche(1).summary.email, "new@example.org")
    XCTAssertEqual(try t.store.fiche(2).summary.name, "Pins v2")
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED", 3: "PUBLISHED", 4: "PUBLISHED"])
    XCTAssertEqual(try t.memberships(), [10: [1, 2, 3]])
  }

  /// An export older than a réinitialisation already imported says nothing that is news: the
  /// réinitialisation is the whole project at a later time. Not a fiche it alone carries (gone by then),
  /// not its version of one the réinitialisation sent unchanged (whose row still names the older export),
  /// not its deletions. The fiches are those of a store rebuilt by syncing every export in order (DESIGN.md
  /// section 3), which this test builds beside it.
  func testALateExportOlderThanAnImportedReinitialisationChangesNoFiche() throws {
    let reinit = ExportNotification(ponctuel: false, reinitialisation: true)
    func exports(_ t: TestWorkspace, late: Bool) throws {
      try t.export(day1, fiches: [fiche(1, "Lac"), fiche(2, "Pins"), fiche(3, "Moulin")])
      try t.export(day3, fiches: [fiche(1, "Lac"), fiche(3, "Moulin"), fiche(5, "Chalet")], notification: reinit)
      if late { try t.workspace.sync() }
      // Day 2: a version of 1 in between, fiche 4 created (gone by day 3), fiche 5 deleted (back on day 3).
      try t.export(day2, fiches: [fiche(1, "Lac, en travaux"), fiche(4, "Refuge")], deleted: [5])
      try t.workspace.sync()
    }
    let t = try TestWorkspace(self)
    try exports(t, late: true)
    let late = try XCTUnwrap(
      try t.workspace.journal(ficheId: nil, campaignId: nil, kind: "import").last?.detail)
    XCTAssertTrue(late.hasPrefix(day2.stem + " differential created=0 modified=0"), late)
    let rebuilt = try TestWorkspace(self)
    try exports(rebuilt, late: false)
    func live(_ t: TestWorkspace) throws -> [String] {
      try t.store.read { db in
        try Row.fetchAll(db, sql: "SELECT id, name, state FROM fiche WHERE state != 'DELETED' ORDER BY id").map {
          "\($0)"
        }
      }
    }
    XCTAssertEqual(try live(t), try live(rebuilt))
    XCTAssertEqual(try live(t).count, 3)
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Lac")
  }

  /// `diff pending` says what the next sync will change, a late export's too: as late, keeping what newer
  /// exports brought (it showed fiche 1 taken back to its older version, which the sync does not do).
  func testDiffPendingTakesALateExportAsTheSyncWill() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Lac v1"), fiche(2, "Pins v1")])
    try t.export(day3, fiches: [fiche(1, "Lac v3")])
    try t.workspace.sync()
    try t.export(day2, fiches: [fiche(1, "Lac v2"), fiche(2, "Pins v2"), fiche(4, "Refuge")])
    let pending = try t.workspace.diffPending()
    XCTAssertEqual(pending.exports, [day2])
    XCTAssertEqual(pending.changes.modified, [2])
    XCTAssertEqual(pending.changes.created, [4])
    let synced = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(synced.changes.modified, pending.changes.modified)
    XCTAssertEqual(synced.changes.created, pending.changes.created)
    XCTAssertEqual(try t.store.fiche(1).summary.name, "Lac v3")
  }

  /// The late export's report says which réinitialisation made it old news, and lists what it kept out.
  func testALateExportOlderThanAReinitialisationSaysSo() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Lac")])
    try t.export(
      day3, fiches: [fiche(1, "Lac")], notification: ExportNotification(ponctuel: false, reinitialisation: true))
    try t.workspace.sync()
    try t.export(day2, fiches: [fiche(1, "Lac, en travaux"), fiche(4, "Refuge")])
    let report = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertTrue(report.late)
    XCTAssertEqual(report.supersededBy, day3)
    XCTAssertEqual(report.keptNewer, [1, 4])
    XCTAssertEqual(report.changes.names[4], "Refuge")
    XCTAssertEqual(report.changes.created, [])
    XCTAssertEqual(report.changes.modified, [])
  }

  /// The pending exports that change a fiche, each against what the ones before it leave: the same
  /// version sent again changes nothing, nor a membership an earlier pending export already made.
  func testPendingExportsThatChangeAFiche() throws {
    let t = try TestWorkspace(self)
    let s = { (ids: [Int]) in [Selection(id: 10, name: "S", ficheIds: ids)] }
    try t.export(day1, fiches: [fiche(1, "Lac"), fiche(2, "Pins")], selections: s([1, 2]))
    try t.workspace.sync()
    try t.export(day2, fiches: [fiche(1, "Lac"), fiche(2, "Pins v2")], selections: s([1, 2]))
    try t.export(day3, selections: s([2]))
    try t.export(TestWorkspace.name(day: 4), fiches: [fiche(1, "Lac v4")], selections: s([2]))
    try t.export(TestWorkspace.name(day: 5), deleted: [2], selections: s([]))
    XCTAssertEqual(
      try t.workspace.pendingExports(containing: 1, selectionIds: [10]), [day3.stem, TestWorkspace.name(day: 4).stem])
    XCTAssertEqual(
      try t.workspace.pendingExports(containing: 2, selectionIds: [10]), [day2.stem, TestWorkspace.name(day: 5).stem])
    XCTAssertEqual(try t.workspace.pendingExports(containing: 1), [TestWorkspace.name(day: 4).stem])
  }

  func testTheClockHoldsBackAnExportWhoseTimeHasNotComeAndNightBringsIt() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 12:00")
    try t.export(day1, fiches: [fiche(1, "F1")])
    try t.export(day2, fiches: [fiche(2, "F2")])
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.map(\.name), [day1])
    XCTAssertEqual(report.next, PendingExport(name: day2))
    XCTAssertEqual(report.next?.time, LocalDateTime(year: 2024, month: 3, day: 2, hour: 2))
    let nothing = try t.workspace.sync()
    XCTAssertEqual(nothing.imported, [])
    XCTAssertEqual(nothing.next?.name, day2)
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"])

    XCTAssertEqual(try t.workspace.clock().night(), LocalDateTime(year: 2024, month: 3, day: 2, hour: 8))
    let morning = try t.workspace.sync()
    XCTAssertEqual(morning.at, LocalDateTime(year: 2024, month: 3, day: 2, hour: 8))
    XCTAssertEqual(morning.imported.map(\.name), [day2])
    XCTAssertNil(morning.next)
  }

  /// R1 with the clock set back before exports already imported: they are neither due again nor
  /// waiting (each is imported once, R2); the export waiting is the one not imported yet.
  func testAClockSetBackBeforeImportedExportsWaitsOnlyForTheOnesNotImported() throws {
    let t = try TestWorkspace(self, clock: "2024-03-02 12:00")
    try t.export(day1, fiches: [fiche(1, "F1")])
    try t.export(day2, fiches: [fiche(2, "F2")])
    XCTAssertEqual(try t.workspace.sync().imported.map(\.name), [day1, day2])
    try t.workspace.clock().set(LocalDateTime(year: 2024, month: 3, day: 1, hour: 12))
    try t.export(day3, fiches: [fiche(3, "F3")])
    for dryRun in [true, false] {
      let report = try t.workspace.sync(dryRun: dryRun)
      XCTAssertEqual(report.imported, [], "dry run: \(dryRun)")
      XCTAssertEqual(report.next, PendingExport(name: day3), "dry run: \(dryRun)")
    }
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED", 2: "PUBLISHED"])
  }

  func testAnExportDueToTheMinuteIsImported() throws {
    let t = try TestWorkspace(self, clock: "2024-03-01 02:00")
    try t.export(day1, fiches: [fiche(1, "F1")])
    try t.export(TestWorkspace.name(day: 1, hour: 2, minute: 1), fiches: [fiche(2, "F2")])
    XCTAssertEqual(try t.workspace.sync().imported.map(\.name), [day1])
  }

  /// R1 on a real clock: exports are due by the local time of the workspace's time zone, as Apidae stamps
  /// them. At Kiritimati (UTC+14, no summer time) an export stamped this minute is due, though in UTC its
  /// time is 14 hours away.
  func testARealClockIsTheWorkspacesLocalTime() throws {
    let t = try TestWorkspace(self, clock: nil)
    let settings = t.url.appendingPathComponent("oesh.toml")
    let toml = try String(contentsOf: settings, encoding: .utf8)
    XCTAssertTrue(toml.contains("timezone = \"Europe/Paris\""), toml)
    try toml.replacingOccurrences(of: "timezone = \"Europe/Paris\"", with: "timezone = \"Pacific/Kiritimati\"")
      .write(to: settings, atomically: true, encoding: .utf8)
    let workspace = try Workspace.open(at: t.url)
    XCTAssertEqual(try workspace.clock().mode(), .real)
    let now = LocalDateTime.now(in: TimeZone(identifier: "Pacific/Kiritimati")!)
    let name = ExportName(
      projectId: OpenEditFixtures.projectId, year: now.year, month: now.month, day: now.day, hour: now.hour,
      minute: now.minute, code: "KiriTi")
    try t.export(name, fiches: [fiche(1, "F1")])
    XCTAssertEqual(try workspace.sync().imported.map(\.name), [name])
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"])
  }

  func testABadExportStopsTheSyncWithNothingOfItAppliedAndEarlierOnesKept() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "F1")], selections: [Selection(id: 10, name: "A", ficheIds: [1])])
    // day2: a folder whose first object file is fine and the second is not JSON.
    let folder = try t.export(
      day2, fiches: [fiche(2, "F2"), fiche(3, "F3")], deleted: [1],
      selections: [Selection(id: 10, name: "A", ficheIds: [2])], asZip: false, chunk: 1)
    try Data("[{\"id\": 4, ".utf8).write(to: folder.appendingPathComponent("objets_modifies/objets_modifies-2.json"))
    try t.export(day3, fiches: [fiche(5, "F5")])
    XCTAssertThrowsError(try t.workspace.sync()) { error in
      guard case .badExport(let name, let exportError, let report)? = error as? SyncError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(name, day2)
      XCTAssertEqual(exportError.export, day2.stem)
      XCTAssertEqual(exportError.entry, "objets_modifies/objets_modifies-2.json")
      XCTAssertEqual(report.imported.map(\.name), [day1])
    }
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"])
    XCTAssertEqual(try t.memberships(), [10: [1]])
    let imported = try t.store.read { db in try String.fetchAll(db, sql: "SELECT name FROM export") }
    XCTAssertEqual(imported, [day1.stem])
    // Fixed, the sync goes on from there.
    try FileManager.default.removeItem(at: folder)
    try t.export(day2, fiches: [fiche(2, "F2")], selections: [Selection(id: 10, name: "A", ficheIds: [2])])
    XCTAssertEqual(try t.workspace.sync().imported.map(\.name), [day2, day3])
  }

  func testACorruptedZipIsABadExport() throws {
    let t = try TestWorkspace(self)
    let zip = try t.export(
      day1, fiches: (1...10).map { fiche($0, "Fiche \($0) " + String(repeating: "x", count: 200)) })
    var bytes = [UInt8](try Data(contentsOf: zip))
    bytes.removeLast(bytes.count / 3)
    try Data(bytes).write(to: zip)
    XCTAssertThrowsError(try t.workspace.sync()) { error in
      guard case .badExport(let name, _, let report)? = error as? SyncError else { return XCTFail("\(error)") }
      XCTAssertEqual(name, day1)
      XCTAssertEqual(report.imported, [])
    }
    XCTAssertEqual(try t.ficheStates(), [:])
  }

  /// The store failing in the middle of a sync (here a trigger refuses fiche 99, as a full disk would refuse
  /// a write): that export keeps nothing, the one before stays imported, and the error carries its report.
  func testAStoreFailureMidSyncKeepsTheExportsBeforeAndSaysThem() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Lac")])
    try t.export(day2, fiches: [fiche(2, "Pins"), fiche(99, "Refusée")])
    try t.store.write { db in
      try db.execute(
        sql: "CREATE TRIGGER refuse BEFORE INSERT ON fiche WHEN NEW.id = 99 BEGIN SELECT RAISE(ABORT, 'refused'); END")
    }
    XCTAssertThrowsError(try t.workspace.sync()) { error in
      guard case .storeFailed(let name, let storeError, let report)? = error as? SyncError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(name, day2)
      XCTAssertEqual(report.imported.map(\.name), [day1])
      guard case .unexpected = storeError else { return XCTFail("\(storeError)") }
    }
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"])
    XCTAssertEqual(try t.store.read { db in try String.fetchAll(db, sql: "SELECT name FROM export") }, [day1.stem])
    // Failing on the first export, nothing was imported: the store's error as it is.
    let u = try TestWorkspace(self)
    try u.export(day1, fiches: [fiche(99, "Refusée")])
    try u.store.write { db in
      try db.execute(
        sql: "CREATE TRIGGER refuse BEFORE INSERT ON fiche WHEN NEW.id = 99 BEGIN SELECT RAISE(ABORT, 'refused'); END")
    }
    XCTAssertThrowsError(try u.workspace.sync()) { error in XCTAssertTrue(error is StoreError, "\(error)") }
  }

  func testADryRunReportsExactlyAndChangesNothing() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: [fiche(1, "F1"), fiche(2, "F2")], selections: [Selection(id: 10, name: "A", ficheIds: [1])])
    try t.export(
      day2, fiches: [fiche(2, "F2", state: "HIDDEN")], selections: [Selection(id: 10, name: "A", ficheIds: [1, 2])])
    let dry = try t.workspace.sync(dryRun: true)
    XCTAssertTrue(dry.dryRun)
    XCTAssertEqual(dry.imported.map(\.name), [day1, day2])
    XCTAssertEqual(dry.imported[1].changes.hidden, [2])
    XCTAssertEqual(dry.changedSelectionIds, [10])
    XCTAssertEqual(try t.ficheStates(), [:])
    XCTAssertEqual(try t.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM export") }, 0)
    let real = try t.workspace.sync()
    XCTAssertEqual(real.imported.map(\.changes), dry.imported.map(\.changes))
  }

  /// Deleting state.sqlite and syncing again gives the same fiches and sélections (DESIGN.md §3).
  func testDeletingTheStoreAndSyncingAgainRebuildsTheSameState() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1, fiches: (1...6).map { fiche($0, "Fiche \($0)", commune: $0 % 3 + 1) },
      selections: [Selection(id: 10, name: "A", ficheIds: [1, 2, 3]), Selection(id: 11, name: "B", ficheIds: [4])],
      communes: testCommunes)
    try t.export(
      day2, fiches: [fiche(1, "Fiche 1 bis"), fiche(2, "Fiche 2", state: "HIDDEN"), fiche(7, "Fiche 7")], deleted: [3],
      selections: [Selection(id: 10, name: "A", ficheIds: [1, 7]), Selection(id: 12, name: "C", ficheIds: [4, 5])])
    try t.workspace.sync()
    func state(_ ws: Workspace) throws -> [String] {
      try ws.store().read { db in
        try String.fetchAll(
          db,
          sql: """
            SELECT id || '|' || name || '|' || state || '|' || coalesce(state_since, '') || '|' || hex(r.raw)
              || '|' || coalesce(commune_id, '') || '|' || coalesce(email, '')
            FROM fiche f JOIN fiche_raw r ON r.fiche_id = f.id ORDER BY id
            """)
          + String.fetchAll(db, sql: "SELECT selection_id || ':' || fiche_id FROM selection_member ORDER BY 1")
          + String.fetchAll(db, sql: "SELECT id || ' ' || name FROM selection ORDER BY id")
          + String.fetchAll(db, sql: "SELECT id || ' ' || name FROM commune ORDER BY id")
      }
    }
    let before = try state(t.workspace)
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: t.workspace.storeURL.path + suffix)
    }
    let reopened = try Workspace.open(at: t.url)
    XCTAssertEqual(try reopened.sync().imported.map(\.name), [day1, day2])
    XCTAssertEqual(try state(reopened), before)
  }

  /// The real Apidae export of the hotentic sample, copied in with `--as-of` and synced.
  func testTheRealExportSyncs() throws {
    let t = try TestWorkspace(self, projectId: 3126)
    let asOf = LocalDateTime(year: 2024, month: 3, day: 1, hour: 2, minute: 0)
    let copied = try t.workspace.importExport(
      path: OpenEditFixtures.hotentic.appendingPathComponent("json_export.zip"), asOf: asOf)
    XCTAssertEqual(copied.objects, 5)
    XCTAssertEqual(copied.deleted, 1)
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.count, 1)
    let r = report.imported[0]
    XCTAssertTrue(r.reinitialisation)
    XCTAssertEqual(r.changes.created, [4_826_137, 4_826_186, 4_826_282, 4_828_422, 4_833_997])
    XCTAssertEqual(r.unknownDeletions, [123])
    XCTAssertEqual(try t.memberships(), [49063: [4_826_137, 4_826_282], 49073: [4_826_186, 4_828_422, 4_833_997]])
    let selections = try t.store.selections()
    XCTAssertEqual(selections.map(\.name), ["Sélection 1", "Sélection 2"])
    XCTAssertEqual(selections.map(\.members), [2, 3])
    let communes = try t.store.read { db in try String.fetchAll(db, sql: "SELECT name FROM commune ORDER BY id") }
    XCTAssertEqual(communes, ["L'Abergement-Clémenciat", "L'Abergement-de-Varey", "Ambérieu-en-Bugey"])
    let zingaro = try t.store.fiche(4_828_422)
    XCTAssertEqual(zingaro.summary.name, "Ex Anima - Théâtre équestre Zingaro")
    XCTAssertEqual(zingaro.summary.type, "FETE_ET_MANIFESTATION")
    XCTAssertEqual(zingaro.summary.communeId, 30287)
    XCTAssertEqual(zingaro.selections, [SelectionRef(id: 49073, name: "Sélection 2")])
    XCTAssertEqual(try t.store.fiches(FicheFilter(searches: ["THEATRE EQUESTRE"])).map(\.id), [4_828_422])
    XCTAssertEqual(try t.store.fiches(FicheFilter(noEmail: true)).count, 5)
  }
}

extension SyncTests {
  /// A modified fiche is written in place; its indexed columns (type, commune, and the listed ones: name,
  /// state, e-mail, owner) only when one of them changed. Either way every column ends up as the export
  /// says, and listings by type, commune and name follow.
  func testAModifiedFicheTakesEveryNewValueWhetherItsIndexedColumnsChangedOrNot() throws {
    let t = try TestWorkspace(self)
    let all = [Selection(id: 10, name: "Tout", ficheIds: [1, 2, 3, 4, 5])]
    var owned = fiche(5, "Ferme", type: "RESTAURATION")
    try t.export(
      day1, fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Le Bistrot"), fiche(3, "Gîte"), fiche(4, "Refuge"), owned],
      selections: all, communes: testCommunes)
    try t.workspace.sync()
    owned.ownerName = "Office de tourisme du Lac"
    let refuge = fiche(4, "Refuge", modified: "2024-03-05T10:00:00.000+0000")
    try t.export(
      day2,
      fiches: [
        fiche(1, "Restaurant du Lac", type: "RESTAURATION", commune: 2, email: "lac@example.invalid"),
        fiche(2, "Le Bistrot d'Annecy", state: "HIDDEN", email: nil),
        fiche(3, "Gîte des Pins", modified: "2024-03-02T10:00:00.000+0000"), refuge, owned,
      ], selections: all)
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.last?.changes.modified, [1, 3, 4, 5])
    XCTAssertEqual(report.imported.last?.changes.hidden, [2])
    // Each modification says which of the fields Open Edit shows changed; the refuge, only its JSON.
    let fields: [Int: [FicheField]] = [1: [.name, .type, .commune, .email], 3: [.name], 4: [], 5: [.owner]]
    XCTAssertEqual(report.imported.last?.changes.modifiedFields, fields)
    let details = try t.store.read { db in try Journal.entries(db) }.filter { $0.kind == "fiche.modified" }
    XCTAssertEqual(
      details.map(\.detail),
      ["name,type,commune,email", "name", "other", "owner"].map { day2.stem + " fields=" + $0 })
    // diff compares two moments by another path (the states of a scratch store): the same fields.
    XCTAssertEqual(try t.workspace.diff(from: day1.stem, to: day2.stem).changes.modifiedFields, fields)
    let store = try t.store
    XCTAssertEqual(try store.fiches(FicheFilter(types: ["RESTAURATION"])).map(\.id), [5, 1])
    XCTAssertEqual(
      try store.fiches(FicheFilter(types: ["HOTELLERIE"])).map(\.id), [3, 2, 4], "hidden fiches are listed")
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["Annecy"])).map(\.id), [1])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["lac"])).map(\.id), [1])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["pins"])).map(\.id), [3])
    let lac = try store.fiche(1)
    XCTAssertEqual(lac.summary.name, "Restaurant du Lac")
    XCTAssertEqual(lac.summary.email, "lac@example.invalid")
    XCTAssertEqual(lac.updatedIn, day2.stem)
    let bistrot = try store.fiche(2)
    XCTAssertEqual(bistrot.summary.name, "Le Bistrot d'Annecy")
    XCTAssertEqual(bistrot.summary.state, "HIDDEN")
    XCTAssertNil(bistrot.summary.email)
    XCTAssertEqual(bistrot.stateSince, day2.stem, "a new state is dated")
    let gite = try store.fiche(3)
    XCTAssertEqual(gite.summary.name, "Gîte des Pins")
    XCTAssertEqual(gite.dateModification, "2024-03-02T10:00:00.000+0000")
    XCTAssertEqual(gite.stateSince, day1.stem, "an unchanged state keeps its date")
    XCTAssertEqual(gite.rawSource?.export, day2.stem)
    XCTAssertEqual(
      try t.workspace.fiche(3).raw, fiche(3, "Gîte des Pins", modified: "2024-03-02T10:00:00.000+0000").exportJSON())
    // Only its JSON and date changed: nothing indexed was rewritten, the rest is the new version's.
    let written = try store.fiche(4)
    XCTAssertEqual(written.dateModification, "2024-03-05T10:00:00.000+0000")
    XCTAssertEqual(written.updatedIn, day2.stem)
    XCTAssertEqual(written.stateSince, day1.stem)
    XCTAssertEqual(try t.workspace.fiche(4).raw, refuge.exportJSON())
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["refuge"])).map(\.state), ["PUBLISHED"])
    // The owner is listed: a new owner shows in listings, read from the index alone.
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["ferme"])).map(\.ownerName), ["Office de tourisme du Lac"])
    XCTAssertEqual(try store.fiche(5).summary.ownerName, "Office de tourisme du Lac")
  }

  /// A commune given as `{id, code, nom}` (API format) in one version and `{id}` in the next is the same
  /// commune, shown with the same name: not a change of commune; a name given on both sides and
  /// different is.
  func testACommuneGivenWithOrWithoutItsNameIsNoChangeOfCommune() throws {
    let t = try TestWorkspace(self)
    func export(_ day: Int, commune: String, description: String) throws {
      let writer = try ExportWriter(
        directory: t.workspace.snapshotsURL, name: TestWorkspace.name(day: day), asZip: true)
      try writer.addObjects([
        Array(
          (#"{"type": "HOTELLERIE", "id": 1, "state": "PUBLISHED", "nom": {"libelleFr": "Hôtel du Lac"}, "#
            + #""presentation": {"descriptifCourt": {"libelleFr": "\#(description)"}}, "#
            + #""localisation": {"adresse": {"commune": \#(commune)}}}"#).utf8)
      ])
      writer.setSelections([Selection(id: 10, name: "Tout", ficheIds: [1])])
      try writer.finish()
    }
    let named = #"{"id": 9, "code": "73008", "nom": "Aix-les-Bains"}"#
    try export(1, commune: named, description: "Au bord du lac")
    try t.workspace.sync()
    try export(2, commune: #"{"id": 9}"#, description: "Au bord du lac, rénové")
    XCTAssertEqual(try t.workspace.sync().imported.last?.changes.modifiedFields, [1: []])
    XCTAssertEqual(
      try t.workspace.diff(from: TestWorkspace.name(day: 1).stem, to: TestWorkspace.name(day: 2).stem).changes
        .modifiedFields, [1: []])
    // The fiche takes the new version as it is (no name of its own), shown with its commune's.
    XCTAssertNil(try t.store.read { db in try String.fetchOne(db, sql: "SELECT commune_name FROM fiche") })
    XCTAssertEqual(try t.store.fiche(1).summary.communeName, "Aix-les-Bains")
    try export(3, commune: #"{"id": 9, "code": "73008", "nom": "Aix"}"#, description: "Au bord du lac, rénové")
    try t.workspace.sync()
    try export(4, commune: named, description: "Au bord du lac, rénové")
    XCTAssertEqual(try t.workspace.sync().imported.last?.changes.modifiedFields, [1: [.commune]])
  }

  /// The first import into an empty store builds the fiche indexes once at its end: they are all there
  /// after it, and a search reads the listing index alone, in its order.
  func testTheIndexesDroppedForAFirstImportAreBuiltAgain() throws {
    let t = try TestWorkspace(self)
    let indexes = { try t.store.read { db in try db.indexes(on: "fiche").map(\.name).sorted() } }
    let before = try indexes()
    XCTAssertEqual(before, ["fiche_commune", "fiche_listing", "fiche_type"])
    try t.export(
      day1, fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Le Bistrot")], selections: [], communes: testCommunes)
    XCTAssertEqual(try t.workspace.sync(dryRun: true).imported.count, 1)
    XCTAssertEqual(try indexes(), before, "a dry run leaves the schema as it was")
    try t.workspace.sync()
    XCTAssertEqual(try indexes(), before)
    let plan = try t.store.read { db in
      try Row.fetchAll(
        db,
        sql: "EXPLAIN QUERY PLAN SELECT f.id, f.name, f.email, f.owner_name FROM fiche f "
          + "WHERE f.state != 'DELETED' AND instr(f.name_folded, 'lac') > 0 ORDER BY f.name_folded, f.id"
      ).map { $0["detail"] as String }
    }
    XCTAssertEqual(plan, ["SCAN f USING COVERING INDEX fiche_listing"])
  }
}

/// The helpers a sync compares sélection memberships with.
final class MembershipDiffTests: XCTestCase {
  func testSortedUniqueAndDifferences() {
    XCTAssertEqual(sortedUnique([5, 3, 5, 1, 3, 9]), [1, 3, 5, 9])
    XCTAssertEqual(sortedUnique([]), [])
    XCTAssertEqual(sortedUnique([7, 7, 7]), [7])
    let (entered, left) = sortedDifferences([1, 3, 5, 9, 12], [2, 3, 9, 10])
    XCTAssertEqual(entered, [1, 5, 12])
    XCTAssertEqual(left, [2, 10])
    XCTAssertEqual(sortedDifferences([], [4, 8]).onlyInOld, [4, 8])
    XCTAssertEqual(sortedDifferences([4, 8], []).onlyInNew, [4, 8])
    XCTAssertEqual(sortedDifferences([4, 8], [4, 8]).onlyInNew, [])
  }

  /// The hash stored for a membership must not change between versions, or every sélection of an
  /// existing workspace would be re-read once: it is the raw-JSON hash of the sorted ids' bytes.
  func testMembersHashIsTheHashOfTheSortedIdsBytes() {
    let bytes = [1, 2, 3].withUnsafeBytes { [UInt8]($0) }
    XCTAssertEqual(membersHash(sortedUnique([3, 1, 2, 3])), rawHash(bytes))
    XCTAssertNotEqual(membersHash([1, 2, 3]), membersHash([1, 2, 4]))
  }
}
