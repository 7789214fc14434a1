import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

final class WorkspaceTests: XCTestCase {
  func testCreateThenOpenGivesTheDefaultSettingsAndFolders() throws {
    let dir = try temporaryDirectory(self).appendingPathComponent("office")
    _ = try Workspace.create(at: dir, name: "Office \"Aix\"", projectId: 3126)
    for sub in ["snapshots", "outbox", "scripts"] {
      var isDirectory: ObjCBool = false
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: dir.appendingPathComponent(sub).path, isDirectory: &isDirectory))
      XCTAssertTrue(isDirectory.boolValue)
    }
    let ws = try Workspace.open(at: dir)
    XCTAssertEqual(ws.settings.name, "Office \"Aix\"")
    XCTAssertEqual(ws.settings.projectId, 3126)
    XCTAssertEqual(ws.settings.timeZone.identifier, "Europe/Paris")
    // The default zone, made only when used, is Paris's: UTC+2 in summer, UTC+1 in winter.
    XCTAssertEqual(ws.settings.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_751_328_000)), 7200)
    XCTAssertEqual(ws.settings.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_735_689_600)), 3600)
    XCTAssertEqual(ws.settings.mail.transport, "outbox")
    XCTAssertEqual(ws.settings.mail.formBaseURL, "https://openedit.invalid/formulaire")
    XCTAssertNil(ws.settings.mail.redirect)
    XCTAssertEqual(ws.settings.unknownKeys, [])
  }

  func testOpeningDoesNotCreateTheStore() throws {
    let dir = try temporaryDirectory(self).appendingPathComponent("w")
    _ = try Workspace.create(at: dir)
    let ws = try Workspace.open(at: dir)
    XCTAssertFalse(FileManager.default.fileExists(atPath: ws.storeURL.path))
    _ = try ws.store()
    XCTAssertTrue(FileManager.default.fileExists(atPath: ws.storeURL.path))
    XCTAssertTrue(try ws.store() === ws.store())
  }

  /// Rows are small since raw JSON stays in snapshots/: a new store keeps SQLite's 4 KB pages, in WAL mode.
  func testANewStoreUsesSmallPagesAndWAL() throws {
    let t = try TestWorkspace(self)
    let (pageSize, mode) = try t.store.read { db in
      (try Int.fetchOne(db, sql: "PRAGMA page_size"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
    }
    XCTAssertEqual(pageSize, 4096)
    XCTAssertEqual(mode, "wal")
  }

  func testCreateRefusesAnExistingWorkspaceButAcceptsAFolderWithExports() throws {
    let dir = try temporaryDirectory(self)
    try Data("x".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    _ = try Workspace.create(at: dir)
    XCTAssertThrowsError(try Workspace.create(at: dir)) {
      XCTAssertEqual($0 as? WorkspaceError, .alreadyAWorkspace(dir.path))
    }
  }

  func testOpenReportsMissingNotAWorkspaceAndNotADirectory() throws {
    let dir = try temporaryDirectory(self)
    let missing = dir.appendingPathComponent("nope")
    XCTAssertThrowsError(try Workspace.open(at: missing)) {
      XCTAssertEqual($0 as? WorkspaceError, .missing(missing.path))
    }
    XCTAssertThrowsError(try Workspace.open(at: dir)) {
      XCTAssertEqual($0 as? WorkspaceError, .notAWorkspace(dir.path))
    }
    let file = dir.appendingPathComponent("file")
    try Data().write(to: file)
    XCTAssertThrowsError(try Workspace.open(at: file)) {
      XCTAssertEqual($0 as? WorkspaceError, .notADirectory(file.path))
    }
  }

  func testBadSettingsNameTheLine() throws {
    let dir = try temporaryDirectory(self)
    let toml = dir.appendingPathComponent("oesh.toml")
    try Data("name = \"x\"\nproject_id = = 3\n".utf8).write(to: toml)
    XCTAssertThrowsError(try Workspace.open(at: dir)) { error in
      guard case .badSettings(let path, let line, _)? = error as? WorkspaceError else { return XCTFail("\(error)") }
      XCTAssertEqual(path, toml.path)
      XCTAssertEqual(line, 2)
    }
    try Data("name = \"x\"\n\ntimezone = \"Mars/Olympus\"\n".utf8).write(to: toml)
    XCTAssertThrowsError(try Workspace.open(at: dir)) { error in
      guard case .badSettings(_, let line, let problem)? = error as? WorkspaceError else { return XCTFail("\(error)") }
      XCTAssertEqual(line, 3)
      XCTAssertEqual(problem, .unknownTimeZone("Mars/Olympus"))
    }
    try Data("project_id = \"3126\"\n".utf8).write(to: toml)
    XCTAssertThrowsError(try Workspace.open(at: dir)) { error in
      guard case .badSettings(_, 1, _)? = error as? WorkspaceError else { return XCTFail("\(error)") }
    }
  }

  func testMailSettingsAndUnknownKeysAreRead() throws {
    let dir = try temporaryDirectory(self)
    try Data(
      """
      name = "Aix"
      timezone = "America/Montreal"
      projet_id = 3

      [mail]
      from = "Office <ot@example.invalid>"
      transport = "smtp"
      redirect = "me@example.invalid"
      colour = "blue"
      """.utf8
    ).write(to: dir.appendingPathComponent("oesh.toml"))
    let ws = try Workspace.open(at: dir)
    XCTAssertEqual(ws.settings.timeZone.identifier, "America/Montreal")
    XCTAssertEqual(ws.settings.mail.from, "Office <ot@example.invalid>")
    XCTAssertEqual(ws.settings.mail.transport, "smtp")
    XCTAssertEqual(ws.settings.mail.redirect, "me@example.invalid")
    XCTAssertEqual(ws.settings.unknownKeys, ["mail.colour", "projet_id"])
    XCTAssertNil(ws.settings.projectId)
  }

  func testUnreadableSettings() throws {
    guard getuid() != 0 else { throw XCTSkip("root reads every file") }
    let dir = try temporaryDirectory(self)
    let toml = dir.appendingPathComponent("oesh.toml")
    try Data("name = \"x\"\n".utf8).write(to: toml)
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: toml.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: toml.path) }
    XCTAssertThrowsError(try Workspace.open(at: dir)) { error in
      guard case .unreadable(let path, _)? = error as? WorkspaceError else { return XCTFail("\(error)") }
      XCTAssertEqual(path, toml.path)
    }
  }

  /// Two shells on one workspace: a second writer fails with `.locked` while the first holds a write
  /// transaction, and neither's data is corrupted.
  func testASecondWriterIsToldTheStoreIsLocked() throws {
    let t = try TestWorkspace(self)
    let first = try t.store
    let second = try Store(url: t.workspace.storeURL, busyTimeout: 0.1)
    try first.write { db in
      try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('first', '1')")
      XCTAssertThrowsError(
        try second.write { db in try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('second', '2')") }
      ) { XCTAssertEqual($0 as? StoreError, .locked(t.workspace.storeURL.path)) }
      // A reader is not blocked by the writer (WAL) and sees the state before its transaction.
      XCTAssertNil(
        try second.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'first'") })
    }
    try second.write { db in try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('second', '2')") }
    let keys = try second.read { db in
      try String.fetchAll(db, sql: "SELECT key FROM setting WHERE key IN ('first', 'second') ORDER BY key")
    }
    XCTAssertEqual(keys, ["first", "second"])
    XCTAssertEqual(try first.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }, "ok")
  }

  /// SQLite's «database or disk is full» (here from `max_page_count`, as a full disk gives it) is said
  /// as such, and the transaction is rolled back.
  func testAFullDiskIsSaidSoAndLosesNothing() throws {
    let t = try TestWorkspace(self)
    let store = try t.store
    let pages = try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count")! }
    XCTAssertThrowsError(
      try store.write { db in
        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        for i in 0..<2000 {
          try db.execute(
            sql: "INSERT INTO setting(key, value) VALUES (?, ?)",
            arguments: ["filler\(i)", String(repeating: "x", count: 1000)])
        }
      }
    ) { XCTAssertEqual($0 as? StoreError, .diskFull(t.workspace.storeURL.path)) }
    try store.write { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
    XCTAssertEqual(
      try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM setting WHERE key LIKE 'filler%'") }, 0)
  }

  /// SQLite's I/O error on a disk with no room left (growing its shared-memory file on opening) is a full
  /// disk; with room, or when the system does not say, it stays an I/O error.
  func testAnIOErrorWithNoRoomLeftIsAFullDisk() {
    let error = DatabaseError(resultCode: .SQLITE_IOERR_SHMSIZE)
    XCTAssertEqual(
      StoreError.mapped(error, path: "/ws/state.sqlite", room: { _ in 0 }) as? StoreError, .diskFull("/ws/state.sqlite")
    )
    XCTAssertEqual(
      StoreError.mapped(error, path: "/ws/state.sqlite", room: { _ in 4096 }) as? StoreError,
      .diskFull("/ws/state.sqlite"))
    XCTAssertEqual(
      StoreError.mapped(error, path: "/ws/state.sqlite", room: { _ in 1 << 30 }) as? StoreError,
      .ioError("/ws/state.sqlite"))
    XCTAssertEqual(
      StoreError.mapped(error, path: "/ws/state.sqlite", room: { _ in nil }) as? StoreError,
      .ioError("/ws/state.sqlite"))
  }

  /// Every SQLite error but an interruption becomes a `StoreError`: a damaged page or a permission met by a
  /// command after the store opened is an unreadable store, the rest unexpected with its code alone, never
  /// SQLite's English or its SQL.
  func testEverySQLiteErrorButAnInterruptionIsAStoreError() {
    let path = "/ws/state.sqlite"
    func mapped(_ code: ResultCode) -> StoreError? {
      StoreError.mapped(DatabaseError(resultCode: code, message: "English", sql: "SELECT 1"), path: path) as? StoreError
    }
    XCTAssertEqual(mapped(.SQLITE_CORRUPT), .unreadable(path, "SQLITE_CORRUPT"))
    XCTAssertEqual(mapped(.SQLITE_NOTADB), .unreadable(path, "SQLITE_NOTADB"))
    XCTAssertEqual(mapped(.SQLITE_PERM), .unreadable(path, "EACCES"))
    XCTAssertEqual(mapped(.SQLITE_BUSY), .locked(path))
    XCTAssertEqual(mapped(.SQLITE_LOCKED), .locked(path))
    XCTAssertEqual(mapped(.SQLITE_FULL), .diskFull(path))
    XCTAssertEqual(mapped(.SQLITE_READONLY), .readOnly(path))
    XCTAssertEqual(mapped(.SQLITE_CONSTRAINT_UNIQUE), .unexpected(path, "SQLite 2067"))
    XCTAssertEqual(mapped(.SQLITE_MISMATCH), .unexpected(path, "SQLite 20"))
    let interrupted = StoreError.mapped(DatabaseError(resultCode: .SQLITE_INTERRUPT), path: path)
    XCTAssertTrue(Interruption.isInterruption(interrupted))
    XCTAssertEqual(
      StoreError.mapped(DatabaseError(resultCode: .SQLITE_MISMATCH), path: path, opening: true) as? StoreError,
      .unreadable(path, "SQLite 20"))
  }

  /// An import is flushed like every other change (`synchronous = NORMAL`): with OFF, a power cut after
  /// the checkpoint that follows it could leave `state.sqlite` half copied, campaigns and all. Only the
  /// scratch store of `diff`, thrown away after the command, skips the flush.
  func testAnImportIsFlushedLikeEveryOtherChange() throws {
    let t = try TestWorkspace(self)
    try t.export(TestWorkspace.name(day: 1), fiches: [fiche(1, "Hôtel du Lac")])
    let store = try t.store
    final class Statements: @unchecked Sendable { var sql: [String] = [] }
    let seen = Statements()
    store.dbQueue.inDatabase { db in db.trace(options: .statement) { seen.sql.append($0.expandedDescription) } }
    _ = try t.workspace.sync(command: "sync")
    store.dbQueue.inDatabase { db in db.trace(options: .statement, nil) }
    XCTAssertTrue(seen.sql.contains { $0.hasPrefix("INSERT INTO fiche") }, "the sync was traced")
    XCTAssertFalse(
      seen.sql.contains { $0.contains("synchronous") },
      seen.sql.filter { $0.contains("PRAGMA") }.joined(separator: "; "))
    XCTAssertEqual(try store.bulkWrite { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }, 1)
    XCTAssertEqual(try store.bulkWrite(durable: false) { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }, 0)
    XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }, 1)
    // An import reads without the memory map (its mapped pages counted in its memory), the others with it.
    XCTAssertEqual(try store.bulkWrite { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") }, 0)
    XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") }, Store.mmapSize)
  }

  func testSyncWhileAnotherShellWritesIsLockedAndImportsNothing() throws {
    let t = try TestWorkspace(self)
    try t.export(TestWorkspace.name(day: 1), fiches: [fiche(1, "Hôtel du Lac")])
    let other = try Store(url: t.workspace.storeURL, busyTimeout: 0.1)
    let workspace = try Workspace.open(at: t.url, busyTimeout: 0.1)
    _ = try workspace.store()
    try other.write { _ in
      XCTAssertThrowsError(try workspace.sync()) {
        XCTAssertEqual($0 as? StoreError, .locked(t.workspace.storeURL.path))
      }
    }
    XCTAssertEqual(try t.ficheStates(), [:])
    XCTAssertEqual(try workspace.sync().imported.count, 1)
  }
}
