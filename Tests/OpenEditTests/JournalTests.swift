import Apidae
import GRDB
import XCTest

@testable import OpenEdit

/// The journal read as `journal` reads it after a year of nights: by kind through its index, the newest
/// rows alone with `last`.
final class JournalTests: XCTestCase {
  private func store(_ kinds: [(String, Int?)]) throws -> Store {
    let store = try Store(url: try temporaryDirectory(self).appendingPathComponent("state.sqlite"))
    try store.write { db in
      for (n, (kind, fiche)) in kinds.enumerated() {
        try Journal.add(
          db, at: LocalDateTime(year: 2025, month: 3, day: 10 + n, hour: 8), command: "nuit", kind: kind,
          ficheId: fiche, detail: "row \(n)")
      }
    }
    return store
  }

  func testTheLastEntriesAreTheNewestOnesOldestFirst() throws {
    let store = try store([("import", nil), ("fiche.modified", 7), ("mail.sent", 7), ("import", nil)])
    try store.read { db in
      let all = try CampaignJournal.entries(db)
      XCTAssertEqual(all.map(\.detail), ["row 0", "row 1", "row 2", "row 3"])
      XCTAssertEqual(try CampaignJournal.entries(db, last: 2).map(\.detail), ["row 2", "row 3"])
      XCTAssertEqual(try CampaignJournal.entries(db, last: 10), all)
      XCTAssertEqual(try CampaignJournal.entries(db, ficheId: 7, last: 1).map(\.detail), ["row 2"])
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "import", last: 1).map(\.detail), ["row 3"])
    }
  }

  /// A fiche the first import created has its creation told at the import's row: it is one of the
  /// newest only when nothing about the fiche came after.
  func testAFirstImportsCreationCountsAmongTheLastEntries() throws {
    let store = try store([("import", nil), ("fiche.modified", 7)])
    try store.write { db in
      try db.execute(sql: "UPDATE journal SET detail = '4242_20250310-0156_AAAAAA reinitialisation' WHERE id = 1")
      try db.execute(
        sql: """
          INSERT INTO fiche(id, type, name, name_folded, state, raw_hash, created_in, updated_in)
          VALUES (7, 'HOTELLERIE', 'Hôtel', 'hotel', 'PUBLISHED', 0, '4242_20250310-0156_AAAAAA', 'x')
          """)
    }
    try store.read { db in
      XCTAssertEqual(try CampaignJournal.entries(db, ficheId: 7).map(\.kind), ["fiche.created", "fiche.modified"])
      XCTAssertEqual(try CampaignJournal.entries(db, ficheId: 7, last: 1).map(\.kind), ["fiche.modified"])
      XCTAssertEqual(
        try CampaignJournal.entries(db, ficheId: 7, last: 2).map(\.kind), ["fiche.created", "fiche.modified"])
    }
  }

  /// `--kind mail` keeps `mail` and `mail.…`, not a kind that only starts with the same letters.
  func testAFamilyKeepsItsOwnKindsOnly() throws {
    let store = try store([("mail.sent", 1), ("mailbox", 2), ("mail", 3), ("offre.status", 4), ("mail.sent", 5)])
    try store.read { db in
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "mail").compactMap(\.ficheId), [1, 3, 5])
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "mail.sent").compactMap(\.ficheId), [1, 5])
      XCTAssertEqual(try CampaignJournal.kinds(db), ["mail", "mail.sent", "mailbox", "offre.status"])
    }
    let empty = try self.store([])
    XCTAssertEqual(try empty.read { db in try CampaignJournal.kinds(db) }, [])
  }

  /// A database made before `journal_kind` gets it, and the kinds and a kind's rows are read through it
  /// rather than by a scan of the whole journal.
  func testAnOlderJournalIsReadByKindThroughItsIndex() throws {
    let url = try temporaryDirectory(self).appendingPathComponent("state.sqlite")
    let queue = try DatabaseQueue(path: url.path, configuration: Store.configuration(busyTimeout: 1))
    try Store.migrator.migrate(queue, upTo: "v8-communes-named-by-fiches")
    try queue.write { db in
      try Journal.add(
        db, at: LocalDateTime(year: 2025, month: 3, day: 10), command: "sync", kind: "import", detail: "x")
    }
    let store = try Store(url: url)
    try store.read { db in
      XCTAssertEqual(try CampaignJournal.kinds(db), ["import"])
      func plan(_ sql: String, _ arguments: StatementArguments = []) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
          .joined(separator: "; ")
      }
      let next = try plan("SELECT min(kind) FROM journal WHERE kind > 'a'")
      XCTAssertTrue(next.contains("journal_kind"), next)
      let byKind = try plan(
        "SELECT id FROM journal WHERE (kind = ? OR (kind >= ? AND kind < ?)) ORDER BY id", ["mail", "mail.", "mail/"])
      XCTAssertTrue(byKind.contains("journal_kind"), byKind)
    }
  }
}

extension JournalTests {
  /// An import's journal rows, written `MultiRowInsert.rowsPerStatement` a statement, are in the order
  /// the fiches came, across statements; a fiche given again takes back its earlier row whether it was
  /// written already or still waiting, and the import's own row comes last.
  func testAnImportsRowsKeepTheirOrderAcrossStatementsAndAFicheGivenAgainTakesItsRowBack() throws {
    let t = try TestWorkspace(self)
    let (day1, day2) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2))
    try t.export(day1, fiches: [fiche(1, "Un")])
    try t.workspace.sync()
    let created = Array(1001...1065)
    XCTAssertGreaterThan(created.count, MultiRowInsert.rowsPerStatement)
    try t.export(
      day2,
      fiches: [fiche(1, "Un renommé")] + created.map { fiche($0, "Fiche \($0)") }
        + [fiche(200, "A"), fiche(2000, "Deux mille"), fiche(200, "B"), fiche(1, "Un")], chunk: 100)
    let report = try XCTUnwrap(t.workspace.sync(command: "sync").imported.first)
    XCTAssertEqual(report.changes.created, [200] + created + [2000])
    XCTAssertEqual(report.changes.modified, [])
    let rows = try t.store.read { db in try Journal.entries(db) }.filter { $0.detail?.hasPrefix(day2.stem) ?? false }
    XCTAssertEqual(rows.map(\.ficheId), created + [2000, 200, nil])
    XCTAssertEqual(Set(rows.dropLast().map(\.kind)), ["fiche.created"])
    XCTAssertEqual(rows.last?.kind, "import")
    XCTAssertEqual(Set(rows.map(\.command)), ["sync"])
  }

  /// An export refused after more than a statement of its journal rows were written leaves none of them,
  /// nor anything else of it; fixed, it is imported and told once.
  func testAnExportRefusedAfterItsFirstJournalRowsWereWrittenLeavesNoneOfThem() throws {
    let t = try TestWorkspace(self)
    let (day1, day2) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2))
    try t.export(day1, fiches: [fiche(1, "Un")])
    try t.workspace.sync()
    let journalBefore = try t.store.read { db in try Journal.entries(db) }
    let created = Array(1001...1070)
    XCTAssertGreaterThan(created.count, MultiRowInsert.rowsPerStatement)
    // The first object file is fine, the second is not JSON.
    let folder = try t.export(day2, fiches: created.map { fiche($0, "Fiche \($0)") }, asZip: false, chunk: 100)
    let bad = folder.appendingPathComponent("objets_modifies/objets_modifies-2.json")
    try Data("[{\"id\": 4, ".utf8).write(to: bad)
    XCTAssertThrowsError(try t.workspace.sync()) { error in
      guard case .badExport(let name, _, let report)? = error as? SyncError else { return XCTFail("\(error)") }
      XCTAssertEqual(name, day2)
      XCTAssertEqual(report.imported, [])
    }
    XCTAssertEqual(try t.store.read { db in try Journal.entries(db) }, journalBefore)
    XCTAssertEqual(try t.ficheStates(), [1: "PUBLISHED"])

    try FileManager.default.removeItem(at: bad)
    XCTAssertEqual(try t.workspace.sync().imported.map(\.changes.created), [created])
    let rows = try t.store.read { db in try Journal.entries(db) }.dropFirst(journalBefore.count)
    XCTAssertEqual(rows.map(\.ficheId), created + [nil])
  }
}

extension JournalTests {
  /// A fiche's story reads in R2's order, as the sync's report does: an export that creates a fiche and
  /// puts it in a sélection tells the création before the entry, one that deletes a fiche and takes it out
  /// tells the deletion before the exit (the memberships are written while the objects are still read, so
  /// their rows waited for the fiches'); the import's own row comes last.
  func testAnImportTellsAFichesChangeBeforeItsSelectionChange() throws {
    let t = try TestWorkspace(self)
    let (day1, day2) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2))
    try t.export(
      day1, fiches: [fiche(1, "Un"), fiche(2, "Deux")], selections: [Selection(id: 10, name: "A", ficheIds: [1, 2])])
    try t.workspace.sync()
    try t.export(
      day2, fiches: [fiche(5, "Cinq")], deleted: [2],
      selections: [Selection(id: 10, name: "A", ficheIds: [1, 5]), Selection(id: 11, name: "B", ficheIds: [5])])
    try t.workspace.sync(command: "sync")
    let kinds = { (fiche: Int) in
      try t.store.read { db in try CampaignJournal.entries(db, ficheId: fiche).map(\.kind) }
    }
    XCTAssertEqual(try kinds(5), ["fiche.created", "selection.entered", "selection.entered"])
    XCTAssertEqual(try kinds(2), ["fiche.created", "fiche.deleted", "selection.left"])
    let rows = try t.store.read { db in try Journal.entries(db) }.drop { $0.kind != "fiche.created" }
    XCTAssertEqual(
      rows.map(\.kind),
      [
        "fiche.created", "fiche.deleted", "selection.entered", "selection.left", "selection.created",
        "selection.entered", "import",
      ])
  }
}
