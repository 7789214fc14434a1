import Apidae
import Foundation
import GRDB
import Synchronization
import XCTest

@testable import OpenEdit

/// Ctrl-C in the interactive shell calls `Interruption.interrupt()`: the command's loops stop at their
/// next item, its transaction is rolled back, and the next command works.
final class InterruptionTests: XCTestCase {
  override func tearDown() { Interruption.reset() }

  func testAnInterruptedSyncLeavesTheStoreAsBeforeAndTheNextSyncWorks() throws {
    let t = try TestWorkspace(self)
    try t.export(
      TestWorkspace.name(day: 1), fiches: (1...20).map { fiche($0, "Fiche \($0)") },
      selections: [Selection(id: 10, name: "Tout", ficheIds: Array(1...20))], communes: testCommunes)
    Interruption.interrupt()
    XCTAssertThrowsError(try t.workspace.sync()) { error in
      XCTAssertTrue(Interruption.isInterruption(error), "\(error)")
      guard case SyncError.interrupted(let name, let report) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(name, TestWorkspace.name(day: 1))
      XCTAssertEqual(report.imported.count, 0)
    }
    let store = try t.workspace.store()
    XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM fiche") }, 0)
    XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM export") }, 0)
    // The indexes a first import drops while it runs are back.
    XCTAssertEqual(
      try store.read {
        try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'fiche'")
      }, 3)
    Interruption.reset()
    XCTAssertEqual(try t.workspace.sync().imported.count, 1)
    XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM fiche") }, 20)
  }

  /// Ctrl-C while the simulated Apidae reads in an export of `snapshots/` (at an `apidae` command, `nuit` or
  /// `clock set`: half a minute at 20,000 fiches) stops the read, or the reading in between two fiches, and
  /// keeps nothing of it; the next command reads it in. It ran to its end, `apidae calcul` then saying
  /// «Rien à exporter» as if no Ctrl-C had been pressed.
  func testTheApidaeSideReadingInAnExportStopsAndKeepsNothing() throws {
    let t = try TestWorkspace(self)
    let name = TestWorkspace.name(day: 1)
    let url = try t.export(
      name, fiches: (1...20).map { fiche($0, "Fiche \($0)") },
      selections: [Selection(id: 10, name: "Tout", ficheIds: Array(1...20))], communes: testCommunes)
    let contents = try ExportReader(url: url).readAll()
    let store = try t.workspace.store()
    let counts = {
      try store.read { db in
        try ["apidae_fiche", "apidae_selection", "apidae_export"].map {
          try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
        }
      }
    }

    Interruption.interrupt()
    XCTAssertThrowsError(try ExportReader(url: url).readAll(checking: Interruption.check)) {
      XCTAssertTrue(Interruption.isInterruption($0), "\($0)")
    }
    XCTAssertThrowsError(
      try store.write { db in
        try ApidaeProject.absorb(
          db, contents, name: name, reinitialisation: true, ponctuel: false, at: LocalDateTime(name))
      }
    ) { XCTAssertTrue(Interruption.isInterruption($0), "\($0)") }
    XCTAssertThrowsError(try ApidaeProject(workspace: t.workspace).prepare()) {
      XCTAssertTrue(Interruption.isInterruption($0), "\($0)")
    }
    XCTAssertEqual(try counts(), [0, 0, 0])
    Interruption.reset()
    XCTAssertEqual(try ApidaeProject(workspace: t.workspace).prepare(), [name])
    XCTAssertEqual(try counts(), [20, 1, 1])
  }

  /// Ctrl-C while a command waits for another shell's write lock stops the wait, as an interruption: the
  /// command waited out the busy timeout (2 s in the shell, here 30 s), then said the workspace was busy,
  /// after the ^C. A listing's cache, written only when the lock is free, still never waits.
  func testCtrlCStopsTheWaitForAnotherShellsLock() throws {
    let t = try TestWorkspace(self)
    let patient = try Store(url: t.workspace.storeURL, busyTimeout: 30)
    let other = try Store(url: t.workspace.storeURL, busyTimeout: 0.1)
    let started = Date()
    try other.write { _ in
      XCTAssertFalse(patient.writeIfFree { _ in XCTFail("the lock is held") })
      Interruption.interrupt()
      XCTAssertThrowsError(
        try patient.write { db in try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('late', '1')") }
      ) { XCTAssertTrue(Interruption.isInterruption($0), "\($0)") }
    }
    XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the write waited for the lock")
    Interruption.reset()
    try patient.write { db in try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('late', '1')") }
    XCTAssertTrue(patient.writeIfFree { _ in })
  }

  /// The commands that read exports without importing them stop too: `snapshots` counting a new
  /// export (2 s at 100,000 fiches), `import` checking one, `why` looking into the pending ones.
  func testReadingAnExportStopsAndKeepsNothing() throws {
    let t = try TestWorkspace(self)
    try t.export(
      TestWorkspace.name(day: 1), fiches: (1...20).map { fiche($0, "Fiche \($0)") },
      selections: [Selection(id: 10, name: "Tout", ficheIds: Array(1...20))], communes: testCommunes)
    let outside = try temporaryDirectory(self)
    let writer = try ExportWriter(directory: outside, name: TestWorkspace.name(day: 2))
    try writer.addObjects([fiche(21, "Fiche 21").exportJSON()])
    let zip = try writer.finish()
    let cachedCounts = {
      try t.workspace.store().read { try Int.fetchOne($0, sql: "SELECT count(*) FROM export_count") }
    }

    Interruption.interrupt()
    XCTAssertThrowsError(try t.workspace.snapshots()) { XCTAssertTrue(Interruption.isInterruption($0), "\($0)") }
    XCTAssertEqual(try cachedCounts(), 0)
    XCTAssertThrowsError(try t.workspace.importExport(path: zip)) {
      XCTAssertTrue(Interruption.isInterruption($0), "\($0)")
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.workspace.snapshotsURL.path).count, 1)
    XCTAssertThrowsError(try t.workspace.pendingExports(containing: 3)) {
      XCTAssertTrue(Interruption.isInterruption($0), "\($0)")
    }

    Interruption.reset()
    XCTAssertEqual(try t.workspace.snapshots().exports.map(\.objects), [20])
    XCTAssertEqual(try cachedCounts(), 1)
    XCTAssertEqual(try t.workspace.pendingExports(containing: 3), [TestWorkspace.name(day: 1).stem])
    XCTAssertEqual(try t.workspace.importExport(path: zip).objects, 1)
  }

  /// SQLite's own interruption reaches a statement that is running, in any open store.
  func testInterruptStopsARunningStatement() throws {
    let t = try TestWorkspace(self)
    let store = try t.workspace.store()
    // Interrupting before the statement starts would be lost (SQLite clears it when a statement starts
    // with none running): the other thread interrupts until the statement has ended.
    let ended = Atomic<Bool>(false)
    let interrupter = DispatchGroup()
    DispatchQueue.global().async(group: interrupter) {
      while !ended.load(ordering: .sequentiallyConsistent) {
        Interruption.interrupt()
        Thread.sleep(forTimeInterval: 0.01)
      }
    }
    // It has stopped before `tearDown` resets the flag, or the next test would find it set.
    defer {
      ended.store(true, ordering: .sequentiallyConsistent)
      interrupter.wait()
    }
    XCTAssertThrowsError(
      try store.read { db in
        try Int.fetchOne(
          db, sql: "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n")
      }
    ) { XCTAssertTrue(Interruption.isInterruption($0), "\($0)") }
  }
}
