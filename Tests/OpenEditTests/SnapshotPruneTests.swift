import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// `snapshots prune`: the exports imported before the latest réinitialisation leave `snapshots/`, and
/// nothing Open Edit shows is lost with them.
final class SnapshotPruneTests: XCTestCase {
  let reinit = ExportNotification(projectId: OpenEditFixtures.projectId, ponctuel: true, reinitialisation: true)
  let selections = [Selection(id: 10, name: "Hébergements", ficheIds: [1, 2, 3])]

  /// Day 1, the first export: fiches 1 to 4. Day 2: fiche 2 renamed, fiche 4 deleted. Day 3, a
  /// réinitialisation: 1 and 2 as they were, 5 new, 3 absent (removed). Day 4: fiche 5 changed. So that
  /// fiche 1's JSON lies in day 1, fiche 2's in day 2 (both the same bytes in day 3), fiches 3 and 4 only
  /// in day 1 (deleted or removed since), fiche 5's in day 4.
  func story(_ test: XCTestCase, folderFirst: Bool = false) throws -> TestWorkspace {
    let ws = try TestWorkspace(test, clock: "2024-03-04 12:00")
    let one = fiche(1, "Hôtel du Lac")
    let two = fiche(2, "Gîte des Pins", modified: "2024-03-02T10:00:00.000+0000")
    try ws.export(
      TestWorkspace.name(day: 1), fiches: [one, fiche(2, "Gîte"), fiche(3, "Camping"), fiche(4, "Auberge")],
      selections: selections, communes: testCommunes, asZip: !folderFirst)
    try ws.export(TestWorkspace.name(day: 2), fiches: [two], deleted: [4], selections: selections)
    try ws.export(
      TestWorkspace.name(day: 3), fiches: [one, two, fiche(5, "Chalet")],
      selections: [Selection(id: 10, name: "Hébergements", ficheIds: [1, 2, 5])], notification: reinit)
    try ws.export(
      TestWorkspace.name(day: 4), fiches: [fiche(5, "Chalet des Cimes")],
      selections: [Selection(id: 10, name: "Hébergements", ficheIds: [1, 2, 5])])
    let report = try ws.workspace.sync()
    XCTAssertEqual(report.imported.count, 4)
    return ws
  }

  func raws(_ ws: TestWorkspace) throws -> [Int: [UInt8]] {
    var result: [Int: [UInt8]] = [:]
    for id in 1...5 { result[id] = try ws.workspace.fiche(id).raw }
    return result
  }

  func pointers(_ ws: TestWorkspace) throws -> [Int: String?] {
    try ws.store.read { db in
      Dictionary(
        uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, raw_export FROM fiche").map {
          ($0[0] as Int, $0[1] as String?)
        })
    }
  }

  func snapshotNames(_ ws: TestWorkspace) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: ws.workspace.snapshotsURL.path).sorted()
  }

  func testPruneRemovesWhatTheReinitialisationReplacedAndKeepsEveryFichesJSON() throws {
    let ws = try story(self)
    let before = try raws(ws)
    XCTAssertEqual(before.count, 5)
    XCTAssertTrue(before.values.allSatisfy { !$0.isEmpty })
    let day1 = TestWorkspace.name(day: 1).stem
    let day2 = TestWorkspace.name(day: 2).stem
    XCTAssertEqual(try pointers(ws)[1], day1)
    XCTAssertEqual(try pointers(ws)[2], day2)
    XCTAssertEqual(try pointers(ws)[3], day1)

    let look = try ws.workspace.pruneSnapshots(dryRun: true, command: "snapshots prune --dry-run")
    XCTAssertTrue(look.dryRun)
    XCTAssertEqual(look.reinitialisation, TestWorkspace.name(day: 3))
    XCTAssertEqual(look.removed.map(\.name.stem), [day1, day2])
    XCTAssertEqual(look.kept, [])
    XCTAssertEqual(look.repointed, 2)  // fiches 1 and 2: the same bytes in the réinitialisation
    XCTAssertEqual(look.copied, 2)  // fiches 3 and 4: not in it
    XCTAssertTrue(look.removed.allSatisfy { $0.bytes > 0 })
    // A dry run changes nothing.
    XCTAssertEqual(try pointers(ws)[1], day1)
    XCTAssertTrue(try snapshotNames(ws).contains(day1 + ".zip"))

    let done = try ws.workspace.pruneSnapshots(dryRun: false, command: "snapshots prune --yes")
    XCTAssertFalse(done.dryRun)
    XCTAssertEqual(done.removed, look.removed)
    XCTAssertEqual(done.repointed, 2)
    XCTAssertEqual(done.copied, 2)
    XCTAssertEqual(
      try snapshotNames(ws), ([3, 4].map { TestWorkspace.name(day: $0).stem + ".zip" } + [reinitSidecar()]).sorted())
    XCTAssertEqual(try raws(ws), before)
    let now = try pointers(ws)
    XCTAssertEqual(now[1], TestWorkspace.name(day: 3).stem)
    XCTAssertEqual(now[2], TestWorkspace.name(day: 3).stem)
    XCTAssertEqual(now[3], .some(nil))
    XCTAssertEqual(now[4], .some(nil))
    XCTAssertEqual(now[5], TestWorkspace.name(day: 4).stem)
    let journal = try ws.store.read { db in
      try String.fetchAll(db, sql: "SELECT detail FROM journal WHERE kind = 'snapshots.pruned'")
    }
    XCTAssertEqual(
      journal,
      ["\(TestWorkspace.name(day: 3).stem) removed=2 repointed=2 copied=2 bytes=\(done.bytes): \(day1) \(day2)"])
    // The listing still has what was imported after; the next prune has nothing left to do.
    XCTAssertEqual(try ws.workspace.snapshots().exports.map(\.name.day), [3, 4])
    let again = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertEqual(again.removed, [])
    XCTAssertEqual(again.kept, [])
  }

  func reinitSidecar() -> String { ExportNotification.sidecarName(for: TestWorkspace.name(day: 3)) }

  /// DESIGN.md section 3: deleting `state.sqlite` and syncing again gives the same fiches and sélections,
  /// after a prune too: the réinitialisation kept carries them all.
  func testStoreRebuiltAfterPruneHasTheSameFichesAndSelections() throws {
    let ws = try story(self)
    _ = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    func live(_ workspace: Workspace) throws -> [String] {
      try workspace.store().read { db in
        try Row.fetchAll(
          db, sql: "SELECT id, name, type, state, email, commune_id FROM fiche WHERE state != 'DELETED' ORDER BY id"
        ).map { "\($0)" }
      }
    }
    func members(_ workspace: Workspace) throws -> [String] {
      try workspace.store().read { db in
        try Row.fetchAll(db, sql: "SELECT selection_id, fiche_id FROM selection_member ORDER BY 1, 2").map { "\($0)" }
      }
    }
    let fiches = try live(ws.workspace)
    let memberships = try members(ws.workspace)
    let json = try [1, 2, 5].map { try ws.workspace.fiche($0).raw }
    XCTAssertEqual(fiches.count, 3)
    XCTAssertEqual(memberships.count, 3)

    let db = ws.workspace.url.appendingPathComponent("state.sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) }
    let rebuilt = try Workspace.open(at: ws.workspace.url)
    try rebuilt.clock().set("2024-03-04 12:00")
    XCTAssertEqual(try rebuilt.sync().imported.map(\.name.day), [3, 4])
    XCTAssertEqual(try live(rebuilt), fiches)
    XCTAssertEqual(try members(rebuilt), memberships)
    XCTAssertEqual(try [1, 2, 5].map { try rebuilt.fiche($0).raw }, json)
  }

  /// An export whose bytes are no longer those imported (edited by hand) cannot give a deleted fiche's JSON:
  /// it stays, said why, and the fiche still points into it; the rest is pruned.
  func testExportWhoseBytesChangedStays() throws {
    let ws = try story(self, folderFirst: true)
    let day1 = TestWorkspace.name(day: 1)
    let entries = ws.workspace.snapshotsURL.appendingPathComponent(day1.stem + "/objets_modifies")
    let file = try XCTUnwrap(
      try FileManager.default.contentsOfDirectory(atPath: entries.path).sorted().first.map {
        entries.appendingPathComponent($0)
      })
    let text = try String(contentsOf: file, encoding: .utf8)
    XCTAssertTrue(text.contains("Camping"))
    try text.replacingOccurrences(of: "Camping", with: "Cumping").write(to: file, atomically: true, encoding: .utf8)

    let report = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertEqual(report.removed.map(\.name), [TestWorkspace.name(day: 2)])
    XCTAssertEqual(report.kept, [KeptExport(name: day1, fileName: day1.stem, reason: .changed)])
    XCTAssertTrue(FileManager.default.fileExists(atPath: entries.path))
    XCTAssertEqual(try pointers(ws)[3], day1.stem)
    XCTAssertEqual(try pointers(ws)[2], TestWorkspace.name(day: 3).stem)
    XCTAssertThrowsError(try ws.workspace.fiche(3)) { error in
      XCTAssertEqual(error as? QueryError, .rawExportChanged(ficheId: 3, export: day1.stem))
    }
    XCTAssertEqual(try ws.workspace.fiche(2).raw.isEmpty, false)
  }

  /// Without the réinitialisation in `snapshots/`, nothing is removed: the JSON would be read from it, and a
  /// rebuilt store would start from it.
  func testReinitialisationMissingRemovesNothing() throws {
    let ws = try story(self)
    let names = try snapshotNames(ws)
    try FileManager.default.removeItem(
      at: ws.workspace.snapshotsURL.appendingPathComponent(TestWorkspace.name(day: 3).stem + ".zip"))
    XCTAssertThrowsError(try ws.workspace.pruneSnapshots(dryRun: false, command: nil)) { error in
      XCTAssertEqual(error as? PruneError, .reinitialisationMissing(TestWorkspace.name(day: 3).stem))
    }
    XCTAssertEqual(try snapshotNames(ws), names.filter { !$0.hasPrefix(TestWorkspace.name(day: 3).stem + ".zip") })
    XCTAssertEqual(try pointers(ws)[1], TestWorkspace.name(day: 1).stem)
  }

  /// A folder export that is a link to a folder outside `snapshots/`: the link goes, said with its own size,
  /// not its target's files, which stay.
  func testALinkToAFolderGoesAloneWithItsOwnSize() throws {
    let ws = try TestWorkspace(self, clock: "2024-03-04 12:00")
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent("prune-folder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
    let (day1, day2) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2))
    try ws.export(day1, fiches: [fiche(1, "Hôtel du Lac")], selections: selections, asZip: false)
    let moved = outside.appendingPathComponent(day1.stem)
    let link = ws.workspace.snapshotsURL.appendingPathComponent(day1.stem)
    try FileManager.default.moveItem(at: link, to: moved)
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: moved.path)
    try ws.export(day2, fiches: [fiche(1, "Hôtel du Lac")], selections: selections, notification: reinit)
    XCTAssertEqual(try ws.workspace.sync().imported.count, 2)
    let done = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertEqual(done.removed.map(\.name), [day1])
    XCTAssertEqual(done.removed.first?.bytes, Int64(moved.path.utf8.count))
    XCTAssertTrue(FileManager.default.fileExists(atPath: moved.appendingPathComponent("selections.json").path))
    XCTAssertEqual(try ws.workspace.fiche(1).raw.isEmpty, false)
  }

  /// A réinitialisation that is not the one imported (replaced since: another count of fiches, or a fiche
  /// whose JSON lies in it not there as imported) or no longer reads: nothing is removed nor moved, said
  /// why; a store rebuilt by sync would not start from what was imported.
  func testAReinitialisationReplacedOrUnreadableRemovesNothing() throws {
    let ws = try story(self)
    let day3 = TestWorkspace.name(day: 3)
    let zip = ws.workspace.snapshotsURL.appendingPathComponent(day3.stem + ".zip")
    let names = try snapshotNames(ws)
    let pointed = try pointers(ws)
    func replace(_ fiches: [Fiche]) throws {
      try FileManager.default.removeItem(at: zip)
      try FileManager.default.removeItem(at: ws.workspace.snapshotsURL.appendingPathComponent(reinitSidecar()))
      try ws.export(day3, fiches: fiches, selections: selections, notification: reinit)
    }
    // Fiches 1 and 2 as they were, but fiche 5 left out: no fiche's JSON lies in it, the count tells.
    try replace([fiche(1, "Hôtel du Lac"), fiche(2, "Gîte des Pins", modified: "2024-03-02T10:00:00.000+0000")])
    XCTAssertThrowsError(try ws.workspace.pruneSnapshots(dryRun: true, command: nil)) { error in
      XCTAssertEqual(error as? PruneError, .reinitialisationChanged(day3.stem))
    }
    XCTAssertThrowsError(try ws.workspace.pruneSnapshots(dryRun: false, command: nil)) { error in
      XCTAssertEqual(error as? PruneError, .reinitialisationChanged(day3.stem))
    }
    try Data("not a zip".utf8).write(to: zip)
    XCTAssertThrowsError(try ws.workspace.pruneSnapshots(dryRun: false, command: nil)) { error in
      guard case .reinitialisationUnreadable(day3.stem, _)? = error as? PruneError else {
        return XCTFail("\(error)")
      }
    }
    XCTAssertEqual(try snapshotNames(ws), names)
    XCTAssertEqual(try pointers(ws), pointed)

    // As many fiches, but the one whose JSON lies in the réinitialisation given otherwise.
    let other = try TestWorkspace(self, clock: "2024-03-04 12:00")
    let (day1, day2) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2))
    try other.export(day1, fiches: [fiche(1, "Hôtel")], selections: selections)
    try other.export(day2, fiches: [fiche(1, "Hôtel du Lac")], selections: selections, notification: reinit)
    _ = try other.workspace.sync()
    XCTAssertEqual(try pointers(other)[1], day2.stem)
    let second = other.workspace.snapshotsURL.appendingPathComponent(day2.stem + ".zip")
    try FileManager.default.removeItem(at: second)
    try FileManager.default.removeItem(
      at: other.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: day2)))
    try other.export(day2, fiches: [fiche(1, "Hôtel des Cimes")], selections: selections, notification: reinit)
    XCTAssertThrowsError(try other.workspace.pruneSnapshots(dryRun: false, command: nil)) { error in
      XCTAssertEqual(error as? PruneError, .reinitialisationChanged(day2.stem))
    }
    XCTAssertTrue(try snapshotNames(other).contains(day1.stem + ".zip"))
  }

  /// An export dropped in late, before the réinitialisation, is not imported yet: it stays for the next sync.
  func testExportNotImportedStays() throws {
    let ws = try story(self)
    let late = TestWorkspace.name(day: 2, hour: 14, code: "LaTe01")
    try ws.export(late, fiches: [fiche(6, "Refuge")], selections: selections)
    let report = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertEqual(report.removed.map(\.name.day), [1, 2])
    XCTAssertEqual(report.kept, [KeptExport(name: late, fileName: late.stem + ".zip", reason: .notImported)])
    XCTAssertTrue(try snapshotNames(ws).contains(late.stem + ".zip"))
  }

  /// Exports that are symbolic links: one to a zip outside `snapshots/` goes as a link (its target stays), and
  /// one the réinitialisation links to stays, said why, though no fiche's JSON lies in it any more: removing
  /// it would leave the réinitialisation, and every fiche's JSON read there, dangling.
  func testAnExportALinkLeadsToStaysAndALinkGoesAlone() throws {
    let ws = try TestWorkspace(self, clock: "2024-03-04 12:00")
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent("prune-links-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
    let snapshots = ws.workspace.snapshotsURL
    let (day1, day2, day3) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2), TestWorkspace.name(day: 3))
    try ws.export(day1, fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Gîte")], selections: selections)
    try ws.export(day2, fiches: [fiche(2, "Gîte des Pins")], selections: selections)
    let moved = outside.appendingPathComponent(day2.stem + ".zip")
    try FileManager.default.moveItem(at: snapshots.appendingPathComponent(day2.stem + ".zip"), to: moved)
    try FileManager.default.createSymbolicLink(
      atPath: snapshots.appendingPathComponent(day2.stem + ".zip").path, withDestinationPath: moved.path)
    // The réinitialisation, the same bytes as day 1's export: a link to it.
    try ws.export(day3, fiches: [fiche(9, "Refuge")], selections: selections, notification: reinit)
    try FileManager.default.removeItem(at: snapshots.appendingPathComponent(day3.stem + ".zip"))
    try FileManager.default.createSymbolicLink(
      atPath: snapshots.appendingPathComponent(day3.stem + ".zip").path, withDestinationPath: day1.stem + ".zip")
    XCTAssertEqual(try ws.workspace.sync().imported.count, 3)
    let before = try [1, 2].map { try ws.workspace.fiche($0).raw }

    let look = try ws.workspace.pruneSnapshots(dryRun: true, command: nil)
    let done = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    for report in [look, done] {
      XCTAssertEqual(report.removed.map(\.name), [day2])
      XCTAssertEqual(
        report.kept, [KeptExport(name: day1, fileName: day1.stem + ".zip", reason: .linked(day3.stem + ".zip"))])
    }
    XCTAssertEqual(try pointers(ws)[1], day3.stem)
    XCTAssertEqual(try [1, 2].map { try ws.workspace.fiche($0).raw }, before)
    XCTAssertFalse(try snapshotNames(ws).contains(day2.stem + ".zip"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: moved.path))
    XCTAssertEqual(done.removed.first?.bytes, Int64(moved.path.utf8.count))  // the link, not its target
  }

  /// Two shells pruning at once: the one that takes `snapshots/`'s lock second finds the exports gone, which
  /// is no failure (it said «la suppression a échoué (ENOENT)» for each, status 1); nothing is lost.
  func testAPruneInAnotherShellMeanwhileIsNoFailure() throws {
    let ws = try story(self)
    let before = try raws(ws)
    let other = try Workspace.open(at: ws.workspace.url)
    // This test holds the lock shared, as a shell listing `snapshots/` does, until the first prune waits to
    // remove (its own listing shares it); then the other prunes.
    let fd = open(ws.workspace.snapshotsURL.path, O_RDONLY | O_DIRECTORY)
    XCTAssertGreaterThanOrEqual(fd, 0)
    XCTAssertEqual(flock(fd, LOCK_SH), 0)
    nonisolated(unsafe) var second: PruneReport?
    ws.workspace.snapshotsSteps = { step in
      guard step == .waitingForLock, second == nil else { return }
      close(fd)
      second = try? other.pruneSnapshots(dryRun: false, command: nil)
    }
    let first = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertEqual(second?.removed.map(\.name.day), [1, 2])
    XCTAssertEqual(first.removed, [])
    XCTAssertEqual(first.kept, [])
    XCTAssertEqual(try raws(ws), before)
    XCTAssertEqual(try ws.workspace.snapshots().exports.map(\.name.day), [3, 4])
  }

  /// Before any réinitialisation is imported, or with none before the latest, nothing goes.
  func testNothingToPrune() throws {
    let empty = try TestWorkspace(self)
    let none = try empty.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertNil(none.reinitialisation)
    XCTAssertEqual(none.removed, [])

    let ws = try TestWorkspace(self, clock: "2024-03-04 12:00")
    try ws.export(TestWorkspace.name(day: 1), fiches: [fiche(1, "Hôtel")], selections: selections)
    try ws.export(TestWorkspace.name(day: 2), fiches: [fiche(1, "Hôtel du Lac")], selections: selections)
    _ = try ws.workspace.sync()
    let names = try snapshotNames(ws)
    // The first export counts as a réinitialisation: nothing was imported before it.
    let report = try ws.workspace.pruneSnapshots(dryRun: false, command: nil)
    XCTAssertEqual(report.reinitialisation, TestWorkspace.name(day: 1))
    XCTAssertEqual(report.removed, [])
    XCTAssertEqual(try snapshotNames(ws), names)
  }

  /// The store is changed only where a fiche still points where its bytes were read: a version imported by
  /// another shell meanwhile is not pointed back at an older one.
  func testPointersMoveOnlyFromWhereTheyWereRead() throws {
    let ws = try story(self)
    let read = try ws.store.read { db in try RawPointer.into([TestWorkspace.name(day: 1).stem], db) }
    let one = try XCTUnwrap(read.first { $0.ficheId == 1 })
    var stale = one
    stale.offset += 1
    var moved = one
    moved.export = "elsewhere"
    XCTAssertEqual(try ws.store.write { db in try RawPointer.repoint([(stale, moved)], db) }, 0)
    XCTAssertEqual(try ws.store.write { db in try RawPointer.copy([(stale, [1, 2])], db) }, 0)
    XCTAssertEqual(try pointers(ws)[1], TestWorkspace.name(day: 1).stem)
    XCTAssertEqual(try ws.store.write { db in try RawPointer.repoint([(one, moved)], db) }, 1)
    XCTAssertEqual(try pointers(ws)[1], "elsewhere")
  }
}
