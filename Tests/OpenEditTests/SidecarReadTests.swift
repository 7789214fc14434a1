import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// The listing of snapshots/ reads an imported export's sidecar again only when its file changed since it
/// was last read: what it said is kept in `export_sidecar` with the file's stamp.
final class SidecarReadTests: XCTestCase {
  let day1 = TestWorkspace.name(day: 1)
  let notified = ExportNotification(
    projectId: OpenEditFixtures.projectId, statut: "SUCCESS", ponctuel: true, reinitialisation: true)

  /// An imported export whose sidecar was written an hour ago, listed once since its import.
  func importedAndListed() throws -> (TestWorkspace, URL) {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Hôtel du Lac")], notification: notified)
    let sidecar = t.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: day1))
    try age(sidecar)
    try t.workspace.sync()
    _ = try t.workspace.snapshots()
    return (t, sidecar)
  }

  func age(_ url: URL) throws {
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: url.path)
  }

  func kept(_ t: TestWorkspace) throws -> [String] {
    try t.store.read { db in try String.fetchAll(db, sql: "SELECT name || ' ' || statut FROM export_sidecar") }
  }

  /// Kept once listed after its import, then taken from the store: a value changed there (never by oesh)
  /// is what the listing gives, so the file was not read.
  func testAnUnchangedSidecarIsNotReadAgain() throws {
    let (t, _) = try importedAndListed()
    XCTAssertEqual(try kept(t), ["\(day1.stem) SUCCESS"])
    XCTAssertEqual(try t.workspace.snapshotFolder().exports.map(\.notification), [notified])
    try t.store.write { db in try db.execute(sql: "UPDATE export_sidecar SET ponctuel = 0, statut = 'KEPT'") }
    var expected = notified
    expected.ponctuel = false
    expected.statut = "KEPT"
    XCTAssertEqual(try t.workspace.snapshotFolder().exports.map(\.notification), [expected])
    // What `snapshots` says of an imported export comes from the store's export table.
    let summary = try XCTUnwrap(t.workspace.snapshots().exports.first)
    XCTAssertTrue(summary.ponctuel)
    XCTAssertTrue(summary.reinitialisation)
    XCTAssertNil(summary.problem)
  }

  /// The cache is written only when the store's write lock is free, without waiting for it: a listing
  /// behind another shell's long sync waited up to its busy timeout (here 30 s) to keep what it read.
  func testTheSidecarsAreKeptOnlyWhenNoOtherShellWrites() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Hôtel du Lac")], notification: notified)
    try age(t.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: day1)))
    try t.workspace.sync()
    let patient = try Workspace.open(at: t.url, busyTimeout: 30)
    let other = try Store(url: t.workspace.storeURL, busyTimeout: 0.1)
    let started = Date()
    try other.write { _ in
      XCTAssertEqual(try patient.snapshotFolder().exports.map(\.notification), [notified])
    }
    XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the listing waited for the lock")
    XCTAssertEqual(try kept(t), [], "nothing kept while another shell wrote")
    _ = try patient.snapshotFolder()
    XCTAssertEqual(try kept(t), ["\(day1.stem) SUCCESS"], "kept by the next listing")
  }

  /// A sidecar changed after import is read again: marked failed, the export is left out as before.
  func testASidecarMarkedFailedAfterImportIsReadAgain() throws {
    let (t, sidecar) = try importedAndListed()
    try Data(#"{"projetId": 1234, "statut": "ERROR", "ponctuel": true, "reinitialisation": true}"#.utf8)
      .write(to: sidecar)
    let (exports, ignored) = try t.workspace.snapshots()
    XCTAssertEqual(exports.map(\.fileName), [])
    XCTAssertEqual(ignored, [IgnoredEntry(fileName: day1.stem + ".zip", reason: .failedExport)])
    // Written just now, it is not kept: a write in the same tick of the clock could keep its stamp.
    XCTAssertEqual(try kept(t), ["\(day1.stem) SUCCESS"])
    try age(sidecar)
    _ = try t.workspace.snapshots()
    XCTAssertEqual(try kept(t), ["\(day1.stem) ERROR"])
    XCTAssertEqual(try t.workspace.snapshots().ignored.map(\.reason), [.failedExport])
  }

  /// Removed, the export has no notification; replaced by a FIFO or by one of another project, the
  /// listing says why it cannot be read, as it did before any was kept.
  func testASidecarRemovedOrReplacedAfterImportIsReadAgain() throws {
    let (t, sidecar) = try importedAndListed()
    try FileManager.default.removeItem(at: sidecar)
    let folder = try t.workspace.snapshotFolder()
    XCTAssertEqual(folder.exports.map(\.notification), [nil])
    XCTAssertNil(folder.exports.first?.problem)
    XCTAssertEqual(mkfifo(sidecar.path, 0o644), 0)
    XCTAssertEqual(try t.workspace.snapshots().exports.first?.problem?.reason, .notARegularFile)
    try FileManager.default.removeItem(at: sidecar)
    try Data(#"{"projetId": 9999, "statut": "SUCCESS"}"#.utf8).write(to: sidecar)
    try age(sidecar)
    guard case .wrongShape = try t.workspace.snapshots().exports.first?.problem?.reason else {
      return XCTFail("the sidecar of another project is not said")
    }
    XCTAssertEqual(try kept(t), ["\(day1.stem) SUCCESS"])
  }

  /// An export whose sidecar is kept but whose zip became a link to nowhere is unreadable, as before.
  func testTheExportItselfIsStillCheckedWhenItsSidecarIsKept() throws {
    let (t, _) = try importedAndListed()
    let zip = t.workspace.snapshotsURL.appendingPathComponent(day1.stem + ".zip")
    try FileManager.default.removeItem(at: zip)
    try FileManager.default.createSymbolicLink(atPath: zip.path, withDestinationPath: "/nowhere/x.zip")
    XCTAssertEqual(try t.workspace.snapshots().exports.first?.problem?.reason, .danglingLink("/nowhere/x.zip"))
  }

  /// An export not imported yet has its sidecar read at each listing, and none is kept for it.
  func testASidecarIsKeptOnlyForImportedExports() throws {
    let t = try TestWorkspace(self)
    try t.export(day1, fiches: [fiche(1, "Hôtel du Lac")], notification: notified)
    try age(t.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: day1)))
    try t.workspace.clock().set("2024-02-01 12:00")
    XCTAssertEqual(try t.workspace.snapshotFolder().exports.map(\.notification), [notified])
    XCTAssertEqual(try kept(t), [])
  }
}
