import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// A database made by an older version opens with its data intact after the newer migrations.
final class MigrationTests: XCTestCase {
  /// A database migrated up to `version` by this version's migrator (with the store's connection
  /// settings, its `oesh_fold` among them), then changed by `body`.
  private func database(upTo version: String, _ body: (Database) throws -> Void) throws -> URL {
    let url = try temporaryDirectory(self).appendingPathComponent("state.sqlite")
    let queue = try DatabaseQueue(path: url.path, configuration: Store.configuration(busyTimeout: 1))
    try Store.migrator.migrate(queue, upTo: version)
    try queue.write(body)
    return url
  }

  func testOffresOfAnOlderDatabaseAreKeptWhenTheTableIsClustered() throws {
    let url = try database(upTo: "v4-raw-in-snapshots") { db in
      try db.execute(
        sql:
          "INSERT INTO campaign(id, title, title_folded, created_at) VALUES (1, 'Été', 'ete', '2025-03-04 09:00:00')")
      for (fiche, status) in [(103, "transmis"), (101, "a_transmettre"), (102, "masquee")] {
        try db.execute(
          sql: """
            INSERT INTO offre(campaign_id, fiche_id, status, previous_status, status_since, added_at, token, sent_at)
            VALUES (1, ?, ?, ?, '2025-03-04 09:00:00', '2025-03-04 09:00:00', ?, ?)
            """,
          arguments: [
            fiche, status, status == "masquee" ? "a_transmettre" : nil, "token\(fiche)",
            status == "transmis" ? "2025-03-04 11:00:00" : nil,
          ])
      }
    }
    let store = try Store(url: url)
    try store.read { db in
      let schema = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'offre'") ?? ""
      XCTAssertTrue(schema.contains("WITHOUT ROWID"), schema)
      XCTAssertTrue(try db.indexes(on: "offre").contains { $0.name == "offre_fiche" })
      // v6: listings read the fiche index made for them.
      XCTAssertTrue(try db.indexes(on: "fiche").contains { $0.name == "fiche_listing" })
      let rows = try Row.fetchAll(
        db, sql: "SELECT fiche_id, status, previous_status, token, sent_at FROM offre ORDER BY fiche_id")
      XCTAssertEqual(rows.map { $0[0] as Int }, [101, 102, 103])
      XCTAssertEqual(rows.map { $0[1] as String }, ["a_transmettre", "masquee", "transmis"])
      XCTAssertEqual(rows[1][2] as String?, "a_transmettre")
      XCTAssertEqual(rows.map { $0[3] as String }, ["token101", "token102", "token103"])
      XCTAssertEqual(rows[2][4] as String?, "2025-03-04 11:00:00")
      let counts = try CampaignAudience.counts(db, campaignId: 1)
      XCTAssertEqual(counts[.transmis], 1)
      XCTAssertEqual(counts.total, 3)
    }
    // A campaign's deletion still takes its offres with it (the foreign key survived the copy).
    try store.write { db in try db.execute(sql: "DELETE FROM campaign WHERE id = 1") }
    XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM offre") }, 0)
  }

  /// A database with a migration this version does not know is refused before anything is migrated.
  func testADatabaseANewerVersionMigratedIsRefusedUntouched() throws {
    let url = try database(upTo: "v4-raw-in-snapshots") { db in
      try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v9-b'), ('v9-a')")
    }
    XCTAssertThrowsError(try Store(url: url)) { error in
      XCTAssertEqual(error as? StoreError, .newerVersion(url.path, ["v9-a", "v9-b"]))
    }
    // Nothing after v4 was applied.
    let applied = try DatabaseQueue(path: url.path).read { db in
      try Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
    }
    XCTAssertFalse(applied.contains("v5-offre-clustered"), "\(applied)")
    XCTAssertTrue(applied.contains("v9-a"))
  }

  /// Fiches and a campaign with their names as an older version folded them.
  private func insertFolded(
    _ db: Database, fiches: [(Int, String, String)], campaign: (title: String, folded: String)
  ) throws {
    for (id, name, old) in fiches {
      try db.execute(
        sql: """
          INSERT INTO fiche(id, type, name, name_folded, state, raw_hash, created_in, updated_in)
          VALUES (?, 'HOTELLERIE', ?, ?, 'PUBLISHED', 0, 'x', 'x')
          """, arguments: [id, name, old])
    }
    try db.execute(
      sql: "INSERT INTO campaign(id, title, title_folded, created_at) VALUES (1, ?, ?, '2025-03-04 09:00:00')",
      arguments: [campaign.title, campaign.folded])
  }

  /// Names folded before typographic apostrophes were folded are folded again, so that the search finds them.
  func testNamesWithTypographicApostrophesAreRefolded() throws {
    let url = try database(upTo: "v6-fiche-listing") { db in
      try insertFolded(
        db, fiches: [(1, "Retour à l’essentiel", "retour a l’essentiel"), (2, "Hôtel", "hotel")],
        campaign: ("L’été", "l’ete"))
    }
    let store = try Store(url: url)
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["l'essentiel"])).map(\.id), [1])
    try store.read { db in
      XCTAssertEqual(
        try String.fetchAll(db, sql: "SELECT name_folded FROM fiche ORDER BY id"), ["retour a l'essentiel", "hotel"])
      XCTAssertEqual(try String.fetchOne(db, sql: "SELECT title_folded FROM campaign"), "l'ete")
    }
  }

  /// Names folded before ligatures and compatibility forms were folded (`ﬁ` as `fi`) are folded again,
  /// so that «fine» finds «Chocolaterie ﬁne»; a name holding none keeps its fold.
  func testNamesWithLigaturesAreRefolded() throws {
    let url = try database(upTo: "v10-export-sidecar") { db in
      try insertFolded(
        db, fiches: [(1, "Chocolaterie ﬁne", "chocolaterie ﬁne"), (2, "Hôtel", "hotel"), (3, "Ελλάδα", "ελλαδα")],
        campaign: ("Oﬀre", "oﬀre"))
      try db.execute(
        sql: "INSERT INTO commune(id, code, name, name_folded) VALUES (1, '73001', 'Saint-ﬂour', 'saint-ﬂour')")
    }
    let store = try Store(url: url)
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["fine"])).map(\.id), [1])
    try store.read { db in
      XCTAssertEqual(
        try String.fetchAll(db, sql: "SELECT name_folded FROM fiche ORDER BY id"),
        ["chocolaterie fine", "hotel", "ελλαδα"])
      XCTAssertEqual(try String.fetchOne(db, sql: "SELECT name_folded FROM commune"), "saint-flour")
      XCTAssertEqual(try String.fetchOne(db, sql: "SELECT title_folded FROM campaign"), "offre")
    }
  }

  /// A database made before imports recorded the communes API-format objects name gets them from its
  /// fiches: the fiche of the same commune id that carries only `{id}` is shown with the name.
  func testCommunesNamedByFichesAreRecorded() throws {
    let url = try database(upTo: "v7-fold-punctuation") { db in
      for (id, name, commune, communeName) in [
        (1, "Bistro", 30287, "Aix-les-Bains" as String?), (2, "Gîte", 30287, nil), (3, "Chalet", 30248, nil),
      ] {
        try db.execute(
          sql: """
            INSERT INTO fiche(id, type, name, name_folded, state, raw_hash, created_in, updated_in, commune_id,
              commune_name, commune_code)
            VALUES (?, 'HOTELLERIE', ?, ?, 'PUBLISHED', 0, 'x', 'x', ?, ?, ?)
            """,
          arguments: [id, name, name.lowercased(), commune, communeName, communeName == nil ? nil : "73008"])
      }
    }
    let store = try Store(url: url)
    XCTAssertEqual(try store.fiches().map(\.communeName), ["Aix-les-Bains", nil, "Aix-les-Bains"])
    XCTAssertEqual(try store.fiches(FicheFilter(communes: ["aix"])).map(\.id), [1, 2])
  }
}
