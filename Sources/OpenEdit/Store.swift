import Apidae
import Foundation
import GRDB
import Synchronization

/// Open Edit's state in `state.sqlite`: the one owner of the database connection.
///
/// Every change goes through `write`, one transaction per call, so that an interrupted
/// command leaves the workspace as before it or as after it (DESIGN.md §6).
public final class Store: Sendable {
  let dbQueue: DatabaseQueue
  public let url: URL
  let busyTimeout: TimeInterval
  /// Whether the connection waits for another shell's write lock (`writeIfFree` does not).
  let waiting = BusyWaiting()

  /// The settings of every connection to `state.sqlite`. A connection busy with another shell's write
  /// lock waits up to `busyTimeout`, unless `waiting` says not to (a cache written only when the lock is
  /// free) or Ctrl-C was pressed: the wait then ends at once, the command stopped as an interruption.
  static func configuration(
    busyTimeout: TimeInterval, readonly: Bool = false, waiting: BusyWaiting = BusyWaiting()
  ) -> Configuration {
    var config = Configuration()
    config.busyMode = .callback { tries in
      guard waiting.allowed, !Interruption.requested, Double(tries) * BusyWaiting.step < busyTimeout else {
        return false
      }
      Thread.sleep(forTimeInterval: BusyWaiting.step)
      return true
    }
    config.foreignKeysEnabled = true
    config.readonly = readonly
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // The WAL is truncated back after checkpoints of a big import.
      try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
      // Pages are read by mapping the file rather than one read(2) each: a nightly import looks up
      // its fiches at random in a 40 MB table, and a listing scans it.
      try db.execute(sql: "PRAGMA mmap_size = \(Store.mmapSize)")
      // A nightly import dirties about 2,400 pages; with SQLite's default 2 MB cache it spilled 1,200
      // of them to the WAL before its commit wrote them again.
      try db.execute(sql: "PRAGMA cache_size = -16384")
      db.add(function: Store.foldFunction)
      db.add(function: Store.unreachableFunction)
      db.add(function: Store.nameHoldsFunction)
    }
    return config
  }

  /// How much of `state.sqlite` reads map rather than `pread` (256 MB), but during an import.
  static let mmapSize = 268_435_456

  /// Opens (creating and migrating when needed) the store at `url`.
  /// A write lock held by another process for longer than `busyTimeout` fails with `StoreError.locked`.
  public init(url: URL, busyTimeout: TimeInterval = 2) throws {
    self.url = url
    self.busyTimeout = busyTimeout
    let config = Store.configuration(busyTimeout: busyTimeout, waiting: waiting)
    do {
      dbQueue = try DatabaseQueue(path: url.path, configuration: config)
      try dbQueue.writeWithoutTransaction { db in
        // No `page_size` is set: new databases keep SQLite's 4 KB pages. Since raw JSON stays in
        // snapshots/ (migration v4), rows are small, and random reads (a listing's lookups, a nightly
        // import's updates) touch 4 KB each. Databases of older versions keep their 64 KB pages.
        try db.execute(sql: "PRAGMA journal_mode = WAL")
      }
      // A workspace a newer oesh migrated holds changes of its schema this one does not know: writing
      // into it as if they were not there could lose what they keep, so it is refused, as git refuses
      // a repository of a newer format.
      let migrator = Store.migrator
      let unknown = try dbQueue.read { try migrator.appliedIdentifiers($0) }.subtracting(migrator.migrations)
      if !unknown.isEmpty { throw StoreError.newerVersion(url.path, unknown.sorted()) }
      try migrator.migrate(dbQueue)
      Interruption.register(self)
    } catch let error as DatabaseError {
      throw StoreError.mapped(error, path: url.path, opening: true)
    }
  }

  deinit { Interruption.unregister(self) }

  /// Schema changes, named and append-only. Each area registers its own in its file.
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    registerExportMigrations(&m)
    registerCampaignMigrations(&m)
    registerApidaeMigrations(&m)
    registerRawSourceMigration(&m)
    registerClusteredOffreMigration(&m)
    registerListingIndexMigration(&m)
    registerPunctuationFoldMigration(&m)
    registerNamedCommuneMigration(&m)
    registerJournalKindMigration(&m)
    registerSidecarMigration(&m)
    registerCompatibilityFoldMigration(&m)
    return m
  }

  /// Runs `body` in one write transaction; a busy database becomes `StoreError.locked`.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try dbQueue.write(body)
    } catch let error as DatabaseError {
      throw StoreError.mapped(error, path: url.path)
    }
  }

  /// Runs `body` in a write transaction only when no other connection holds the write lock now, without
  /// waiting for it: for what a cache keeps, which a later command writes when this one cannot. Whether it ran.
  @discardableResult
  func writeIfFree(_ body: (Database) throws -> Void) -> Bool {
    do {
      try dbQueue.writeWithoutTransaction { db in
        waiting.allowed = false
        defer { waiting.allowed = true }
        try db.inTransaction(.immediate) {
          try body(db)
          return .commit
        }
      }
      return true
    } catch {
      return false
    }
  }

  /// Runs `body` in a write transaction that is always rolled back: what a command would do (`--dry-run`).
  func dryRun<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      var result: T?
      try dbQueue.inTransaction { db in
        result = try body(db)
        return .rollback
      }
      return result!
    } catch let error as DatabaseError {
      throw StoreError.mapped(error, path: url.path)
    }
  }

  /// Like `write`, for one big import: one immediate transaction. The workspace's own store keeps
  /// `synchronous = NORMAL` here too: with it, the checkpoint that follows a big commit flushes the WAL
  /// before copying it into `state.sqlite` and the file before the WAL is truncated, so that a power
  /// cut leaves the import done or not done, never a half-copied database that would take the
  /// campaigns and the e-mails sent with it (measured: a 100,000-fiche full sync 2.77 s instead of
  /// 2.71 s, a nightly differential 20 ms more). `durable: false` is for scratch stores thrown away
  /// after the command (`diff`), where no flush is worth waiting for.
  func bulkWrite<T>(durable: Bool = true, _ body: (Database) throws -> T) throws -> T {
    do {
      return try dbQueue.writeWithoutTransaction { db in
        if !durable { try db.execute(sql: "PRAGMA synchronous = OFF") }
        defer { if !durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
        // An import reads its fiches by `pread` rather than through the memory map: the pages it maps
        // stay counted in its memory (a réinitialisation over 100,000 fiches peaked at 235 MB).
        try db.execute(sql: "PRAGMA mmap_size = 0")
        defer { try? db.execute(sql: "PRAGMA mmap_size = \(Store.mmapSize)") }
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        return result!
      }
    } catch let error as DatabaseError {
      throw StoreError.mapped(error, path: url.path)
    }
  }

  /// `oesh_fold(text)` in SQL: the same folding as `folded(_:)`, for comparing names.
  static let foldFunction = DatabaseFunction("oesh_fold", argumentCount: 1, pure: true) { values in
    guard let text = String.fromDatabaseValue(values[0]) else { return nil }
    return folded(text)
  }

  /// A function's argument as text, whole when given as a blob (a NUL included); nil for NULL.
  private static func wholeText(_ value: DatabaseValue) -> String? {
    switch value.storage {
    case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
    case .string(let text): text
    default: nil
    }
  }

  /// `oesh_name_holds(CAST(name_folded AS BLOB), key)` in SQL: whether the name holds `key`, a text
  /// folded by `NameLookup.fold`, hyphens, apostrophes and runs of spaces taken as one space, as a fiche
  /// argument and TAB find names. Read as a blob: a NUL does not cut the name short.
  static let nameHoldsFunction = DatabaseFunction("oesh_name_holds", argumentCount: 2, pure: true) { values in
    guard let name = wholeText(values[0]), let key = String.fromDatabaseValue(values[1]) else { return false }
    return NameLookup.fold(name).contains(key)
  }

  /// `oesh_unreachable(CAST(email AS BLOB))` in SQL: whether no e-mail can reach the fiche, none or not
  /// an address (R5's own check, as `AudienceRow.reachable`), so that `fiches --no-email` and
  /// `audience --no-email` list the same socio-pros. Read as a blob: a NUL does not cut the address short.
  static let unreachableFunction = DatabaseFunction("oesh_unreachable", argumentCount: 1, pure: true) { values in
    let email = wholeText(values[0])
    if case .to = MailOutbox.sendable(status: .aTransmettre, email: email) { return false }
    return true
  }

  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try dbQueue.read(body)
    } catch let error as DatabaseError {
      throw StoreError.mapped(error, path: url.path)
    }
  }
}

/// Whether a connection waits for another shell's write lock now (set from its own queue, read by SQLite's
/// busy handler on the same thread).
final class BusyWaiting: Sendable {
  private let flag = Atomic<Bool>(true)
  /// How long the busy handler sleeps between two tries of the lock.
  static let step: TimeInterval = 0.01

  var allowed: Bool {
    get { flag.load(ordering: .relaxed) }
    set { flag.store(newValue, ordering: .relaxed) }
  }
}

public enum StoreError: Error, Equatable, Sendable {
  /// Another oesh holds the write lock.
  case locked(String)
  /// The file is not a database oesh can use.
  case unreadable(String, String)
  /// The disk is full: the transaction was rolled back.
  case diskFull(String)
  /// The workspace (its folder or `state.sqlite`) cannot be written.
  case readOnly(String)
  /// The system failed to read or write the file.
  case ioError(String)
  /// A newer oesh changed the schema (the names of the migrations this oesh does not know).
  case newerVersion(String, [String])
  /// SQLite failed in a way that says nothing of the file (a bug): its code, `SQLite 19`, for a developer.
  case unexpected(String, String)

  /// What SQLite's error means for the user: the file locked, full, read-only, unreadable (damaged, not a
  /// database, its permissions) or an unexpected failure with its code; only an interruption goes on as it
  /// is (`Interruption.isInterruption`). `opening`: the store was being opened.
  /// `room` is the space left to this user on the disk holding a path, when known.
  static func mapped(
    _ error: DatabaseError, path: String, opening: Bool = false, room: (String) -> UInt64? = StoreError.room(near:)
  ) -> any Error {
    let fm = FileManager.default
    switch error.resultCode {
    // Ctrl-C ends the wait for another shell's lock (`configuration`): the command was interrupted.
    case .SQLITE_BUSY where Interruption.requested:
      return DatabaseError(resultCode: .SQLITE_INTERRUPT, message: "interrupted")
    case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.locked(path)
    case .SQLITE_FULL: return StoreError.diskFull(path)
    case .SQLITE_READONLY: return StoreError.readOnly(path)
    case .SQLITE_INTERRUPT: return error
    // SQLite says SQLITE_FULL only for its files' writes; the shared-memory file it grows on opening, on a
    // disk with no room left, fails as an I/O error (SQLITE_IOERR_SHMSIZE): every command said
    // «erreur d'entrée-sortie» once the disk was full.
    case .SQLITE_IOERR where room(path).map { $0 < StoreError.nearlyFull } ?? false: return StoreError.diskFull(path)
    case .SQLITE_IOERR: return StoreError.ioError(path)
    // A file this user may not read at all: its permissions, not a read-only workspace.
    case .SQLITE_CANTOPEN where fm.fileExists(atPath: path) && !fm.isReadableFile(atPath: path):
      return StoreError.unreadable(path, "EACCES")
    // A file SQLite cannot open for writing in a folder that cannot be written either.
    case .SQLITE_CANTOPEN
    where fm.fileExists(atPath: path) && !fm.isWritableFile(atPath: (path as NSString).deletingLastPathComponent):
      return StoreError.readOnly(path)
    // A page found damaged by a command, after the file opened well, is the same damaged database.
    case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_PERM:
      return StoreError.unreadable(path, reason(error, path: path))
    default:
      return opening ? StoreError.unreadable(path, reason(error, path: path)) : StoreError.unexpected(path, code(error))
    }
  }

  /// Less room than this left on a disk, an I/O error there is taken for a full disk (SQLite's files grow
  /// by 32 KB of shared memory, and pages of 4 KB or 64 KB).
  static let nearlyFull: UInt64 = 1 << 20

  /// The bytes this user may still write on the file system holding `path` (its folder when it does not
  /// exist yet); nil when the system does not say.
  static func room(near path: String) -> UInt64? {
    var info = statvfs()
    guard statvfs(path, &info) == 0 || statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else {
      return nil
    }
    return UInt64(info.f_bavail) * UInt64(info.f_frsize)
  }

  /// The reasons `unreadable` gives besides an errno's name, each worded by the shell (`system.SQLITE_NOTADB`).
  public static let reasons = ["SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CANTOPEN"]

  /// Why SQLite could not read the file, as a name the shell words (`system.SQLITE_NOTADB`, `system.EACCES`…):
  /// SQLite's own message is English. Other errors give their code («SQLite 26»), for a developer.
  private static func reason(_ error: DatabaseError, path: String) -> String {
    switch error.resultCode {
    case .SQLITE_NOTADB: return "SQLITE_NOTADB"
    case .SQLITE_CORRUPT: return "SQLITE_CORRUPT"
    case .SQLITE_PERM: return "EACCES"
    case .SQLITE_CANTOPEN:
      // Most often the file's or the folder's permissions: say which reason the system gives.
      if access(path, R_OK) != 0, let name = errnoNames[errno] { return name }
      return "SQLITE_CANTOPEN"
    default: return code(error)
    }
  }

  /// SQLite's extended result code, `SQLite 266` (SQLITE_IOERR_READ): what a developer looks up, never its
  /// English message or the SQL it ran.
  static func code(_ error: DatabaseError) -> String { "SQLite \(error.extendedResultCode.rawValue)" }
}
