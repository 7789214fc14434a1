import OpenEdit
import XCTest

@testable import Shell

/// `fiches --format json` and `--format csv` are written from the rows as SQLite holds them, not from the
/// listing's table: the text must still be the table's JSON and CSV, byte for byte.
final class ListingTests: XCTestCase {
  func testJSONAndCSVListingsAreThoseOfTheFullTable() throws {
    for fixture in ["story", "hotentic"] {
      let dir = try OeshProcess.temporaryDirectory(self).appendingPathComponent("ws")
      _ = try Workspace.create(at: dir)
      try Fixtures.install(fixture, into: dir)
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
          FicheFilter(), FicheFilter(search: "hotel"), FicheFilter(search: "bob"), FicheFilter(noEmail: true),
          FicheFilter(type: "restauration"), FicheFilter(search: "aucune fiche ne porte ce nom"),
        ] + (fixture == "story" ? [FicheFilter(commune: "annecy")] : [])
      for filter in filters + selectionIds.map({ FicheFilter(selection: "\($0)") }) {
        let fiches = try store.fiches(filter, withSelections: true)
        listed += fiches.count
        let table = FicheRows.table(fiches, session: session, full: true)
        // Read by one connection, and by two from both ends of the listing index (a big workspace's way).
        for split in [ListingSplit.never, ListingSplit(minimumPages: 0)] {
          XCTAssertEqual(
            String(decoding: try FicheRows.json(store, filter, split: split), as: UTF8.self),
            Renderer.json(table) + "\n", "\(fixture) \(filter) \(split.minimumPages)")
          XCTAssertEqual(
            String(decoding: try FicheRows.csv(store, filter, split: split), as: UTF8.self),
            Renderer.csv(table), "\(fixture) \(filter) \(split.minimumPages)")
        }
      }
      XCTAssertGreaterThan(listed, 4, fixture)
    }
  }

  /// Through the command: the listing parses, escapes what comes from the export, keeps the sélections.
  func testFichesCommandWritesParsableJSON() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["init", "ws"], cwd: dir).status, 0)
    try Fixtures.install("story", into: dir.appendingPathComponent("ws"))
    let sync = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2030-01-01 00:00\"", "-c", "sync"], cwd: dir)
    XCTAssertEqual(sync.status, 0, sync.stderr)
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
}
