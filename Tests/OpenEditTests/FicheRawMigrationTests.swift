import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// `v3-fiche-raw`: a store made before it keeps every fiche's raw JSON, now beside the fiche.
final class FicheRawMigrationTests: XCTestCase {
  func testRawJSONMovesToItsOwnTable() throws {
    let url = try temporaryDirectory(self).appendingPathComponent("state.sqlite")
    let queue = try DatabaseQueue(path: url.path)
    try Store.migrator.migrate(queue, upTo: "v2-campaigns")
    let raw = Data(#"{"type":"HOTELLERIE","id":7}"#.utf8)
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO fiche(id, type, name, name_folded, state, raw, raw_hash, created_in, updated_in)
          VALUES (7, 'HOTELLERIE', 'Hôtel', 'hotel', 'PUBLISHED', ?, 42, 'e1', 'e1')
          """, arguments: [raw])
    }
    try queue.close()

    let store = try Store(url: url)
    XCTAssertEqual(try store.fiche(7).raw, [UInt8](raw))
    let (columns, hash) = try store.read { db in
      (try db.columns(in: "fiche").map(\.name), try Int.fetchOne(db, sql: "SELECT raw_hash FROM fiche WHERE id = 7"))
    }
    XCTAssertFalse(columns.contains("raw"))
    XCTAssertEqual(hash, 42)
  }
}
