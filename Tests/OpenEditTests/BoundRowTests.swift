import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// An import binds each fiche's row through SQLite's API (`Statement.bind`), on statements prepared once
/// and reused for every fiche, and reads the stored fiche from SQLite's statement: what each fiche leaves
/// in its row is its own (a NULL replaces the value the previous fiche bound there), its texts whole.
final class BoundRowTests: XCTestCase {
  let day1 = TestWorkspace.name(day: 1)
  let day2 = TestWorkspace.name(day: 2)
  let day3 = TestWorkspace.name(day: 3)

  /// The columns of fiche `id` named in `columns`, texts read whole (`CAST(… AS BLOB)`), NULL as nil.
  private func stored(_ t: TestWorkspace, _ id: Int, _ columns: [String]) throws -> [String: String?] {
    let sql = "SELECT " + columns.map { "CAST(\($0) AS BLOB)" }.joined(separator: ", ") + " FROM fiche WHERE id = ?"
    let row = try XCTUnwrap(try t.store.read { db in try Row.fetchOne(db, sql: sql, arguments: [id]) })
    var values: [String: String?] = [:]
    for (index, column) in columns.enumerated() { values[column] = row.wholeText(index) }
    return values
  }

  /// A fiche with no identifier, owner id nor date of modification.
  private func bare(_ id: Int, _ name: String) -> Fiche {
    var bare = fiche(id, name)
    (bare.identifier, bare.ownerId, bare.dateModification) = (nil, nil, nil)
    return bare
  }

  /// Fiches that lack a value after one that had it, through each statement an import writes with: the
  /// first import's (into an empty store), the upsert of a fiche whose listed columns changed, the update
  /// of one whose did not. Each is stored with NULL there, not the previous fiche's value.
  func testAFicheWithoutAValueGetsNullNotThePreviousFichesValue() throws {
    let t = try TestWorkspace(self)
    try t.export(
      day1,
      fiches: [
        fiche(1, "Un", commune: 3), fiche(2, "Deux"), fiche(3, "Trois"), fiche(4, "Quatre", commune: nil, email: nil),
      ],
      communes: testCommunes, chunk: 10)
    try t.workspace.sync()
    XCTAssertEqual(try stored(t, 4, ["commune_id", "email"]), ["commune_id": nil, "email": nil])

    try t.export(
      day2,
      fiches: [
        // Unchanged listed columns: the update of the others, with values, then NULLs.
        fiche(3, "Trois", modified: "2024-03-02T10:00:00.000+0000"), bare(2, "Deux"),
        // Changed listed columns: the upsert, with values, then NULLs.
        fiche(5, "Cinq", commune: 2, email: "cinq@example.invalid"), fiche(1, "Un", commune: nil, email: nil),
      ], chunk: 10)
    let report = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(report.changes.created, [5])
    XCTAssertEqual(report.changes.modifiedFields, [1: [.commune, .email], 2: [], 3: []])
    XCTAssertEqual(try stored(t, 1, ["commune_id", "email"]), ["commune_id": nil, "email": nil])
    XCTAssertEqual(
      try stored(t, 2, ["identifier", "owner_id", "date_modification"]),
      ["identifier": nil, "owner_id": nil, "date_modification": nil])
    XCTAssertEqual(
      try stored(t, 3, ["identifier", "owner_id", "date_modification"]),
      ["identifier": "SITRA2_HOT_3", "owner_id": "80", "date_modification": "2024-03-02T10:00:00.000+0000"])
    XCTAssertEqual(try stored(t, 5, ["commune_id", "email"]), ["commune_id": "2", "email": "cinq@example.invalid"])

    // Given again as they are, they are unchanged: a NULL is read back as no value.
    try t.export(day3, fiches: [bare(2, "Deux"), fiche(1, "Un", commune: nil, email: nil)], chunk: 10)
    let again = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(again.changes.modified, [])
  }

  /// Fiche 1 as an export gives it in API format (its commune with a code and a name), every text of it
  /// ending with `suffix`.
  private func object(_ suffix: String, modified: String) throws -> [UInt8] {
    var version = fiche(1, "Hôtel" + suffix, type: "HOTELLERIE" + suffix, email: "victim@x.example" + suffix)
    (version.identifier, version.ownerName, version.dateModification) = (
      "SITRA2_HOT_1" + suffix, "Office" + suffix, modified + suffix
    )
    var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(version.exportJSON())) as? [String: Any])
    json["localisation"] = ["adresse": ["commune": ["id": 1, "code": "73008" + suffix, "nom": "Aix" + suffix]]]
    return [UInt8](try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
  }

  /// A NUL in any text an import binds is kept whole, through the upsert of a modified fiche and the
  /// update of its unlisted columns, and the stored fiche is read back whole: the same version given
  /// again changes nothing.
  func testANulIsKeptWholeInEveryTextAModificationBinds() throws {
    let t = try TestWorkspace(self)
    let hostile = "\u{0}, evil@attacker.example"
    for (day, suffix, modified) in [
      (day1, "", "2024-03-01"), (day2, hostile, "2024-03-02"), (day3, hostile, "2024-03-03"),
    ] {
      let writer = try ExportWriter(directory: t.workspace.snapshotsURL, name: day, asZip: true)
      try writer.addObjects([try object(suffix, modified: modified)])
      try writer.finish()
    }
    let reports = try t.workspace.sync().imported
    XCTAssertEqual(
      reports.map(\.changes.modifiedFields), [[:], [1: [.name, .type, .commune, .email, .owner]], [1: []]])
    let columns = [
      "identifier", "name", "type", "owner_name", "date_modification", "email", "commune_name", "commune_code", "state",
    ]
    XCTAssertEqual(
      try stored(t, 1, columns),
      [
        "identifier": "SITRA2_HOT_1" + hostile, "name": "Hôtel" + hostile, "type": "HOTELLERIE" + hostile,
        "owner_name": "Office" + hostile, "date_modification": "2024-03-03" + hostile,
        "email": "victim@x.example" + hostile, "commune_name": "Aix" + hostile, "commune_code": "73008" + hostile,
        "state": "PUBLISHED",
      ])
  }

  /// Ids beyond 32 bits are bound and read as 64-bit integers: a fiche's, its owner's and commune's, a
  /// sélection's, and the journal's fiche.
  func testIdsBeyondThirtyTwoBitsAreKeptWhole() throws {
    let t = try TestWorkspace(self)
    let (big, owner, commune, selection) = (5_000_000_001, 3_000_000_002, 4_000_000_003, 6_000_000_004)
    var large = fiche(big, "Grand", commune: commune)
    large.ownerId = owner
    try t.export(day1, fiches: [fiche(1, "Un")])
    try t.export(day2, fiches: [large], selections: [Selection(id: selection, name: "Grande", ficheIds: [1, big])])
    try t.export(day3, fiches: [large], selections: [Selection(id: selection, name: "Grande", ficheIds: [1, big])])
    let reports = try t.workspace.sync().imported
    XCTAssertEqual(reports.map(\.changes.created), [[1], [big], []])
    XCTAssertEqual(reports.last?.changes.modified, [])
    XCTAssertEqual(
      try stored(t, big, ["id", "owner_id", "commune_id"]),
      ["id": String(big), "owner_id": String(owner), "commune_id": String(commune)])
    XCTAssertEqual(try t.memberships(), [selection: [1, big]])
    let journal = try t.store.read { db in try Journal.entries(db) }
    XCTAssertEqual(
      journal.filter { $0.ficheId != nil }.map { "\($0.kind) \($0.ficheId!)" }.sorted(),
      ["fiche.created \(big)", "selection.entered 1", "selection.entered \(big)"])
  }

  /// An empty text is bound as an empty text, not NULL, and read back as one: given again, the fiche is
  /// unchanged.
  func testAnEmptyTextIsStoredEmptyNotNull() throws {
    let t = try TestWorkspace(self)
    func empty(modified: String) -> Fiche {
      var empty = fiche(1, "", modified: modified)
      (empty.identifier, empty.ownerName) = ("", "")
      return empty
    }
    try t.export(day1, fiches: [fiche(2, "Deux")])
    try t.export(day2, fiches: [fiche(3, "Trois"), empty(modified: "2024-03-02")], chunk: 10)
    try t.export(day3, fiches: [fiche(2, "Deux", modified: "2024-03-03"), empty(modified: "2024-03-03")], chunk: 10)
    let reports = try t.workspace.sync().imported
    XCTAssertEqual(reports.map(\.changes.created), [[2], [1, 3], []])
    XCTAssertEqual(reports.last?.changes.modifiedFields, [1: [], 2: []])
    let types = try t.store.read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT typeof(identifier) || ' ' || typeof(name) || ' ' || typeof(owner_name)
          FROM fiche WHERE id = 1
          """)
    }
    XCTAssertEqual(types, "text text text")
    XCTAssertEqual(
      try stored(t, 1, ["identifier", "name", "owner_name"]), ["identifier": "", "name": "", "owner_name": ""])
  }
}
