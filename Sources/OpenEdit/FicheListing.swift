import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Whether `Store.ficheListing` reads a listing with two connections, one per core.
///
/// A listing of a big workspace reads every entry of the listing index (`fiches --search hotel` tests
/// the 100,000 names), then each fiche it keeps (its commune, its sélections): two connections read it
/// at once, one from each end of the index, until they meet.
public struct ListingSplit: Sendable {
  /// Databases of fewer pages are read by one connection: opening a second costs more than it saves.
  public var minimumPages: Int
  /// For tests: runs on the second connection's thread once the first one has begun reading, before
  /// the second one does.
  var beforeSecondReads: (@Sendable () -> Void)? = nil
  /// For tests: the first connection waits for the second to end before reading (which then takes
  /// every fiche it can).
  var firstWaitsForSecond = false

  public init(minimumPages: Int) {
    self.minimumPages = minimumPages
  }

  /// Two connections from 16 MB of database on (about 25,000 fiches).
  public static let automatic = ListingSplit(minimumPages: 4096)
  /// One connection.
  public static let never = ListingSplit(minimumPages: .max)
}

extension Store {
  /// Appends to `out` the fiches of `fiches(_:withSelections: true)`, in the same order: `row` writes
  /// each one from the row as SQLite holds it (no string is made, for listings written straight out),
  /// and `separator` goes between two. On a big workspace two threads call `row` at once, each with
  /// its own bytes.
  ///
  /// Both connections read the same state of the database: the second one checks that nothing was
  /// committed between a moment before the first began reading and the moment it began itself;
  /// otherwise the first reads everything alone.
  public func ficheListing(
    _ filter: FicheFilter, into out: inout [UInt8], separator: [UInt8], split: ListingSplit = .automatic,
    row: @escaping @Sendable (inout [UInt8], FicheRowBytes) -> Void
  ) throws {
    let columns = "\(ListedFiches.columns), m.selection_id, f.name_folded"
    // A sélection's members are found from the sélection, not by reading the listing index.
    let big =
      try filter.selections.isEmpty
      && read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 >= split.minimumPages }
    var first = true
    guard big else {
      try read { db in
        let (sql, arguments) = try Store.ficheQuery(db, filter, columns: columns, selections: .joined)
        try ListedFiches.each(db.makeStatement(sql: sql), arguments, order: .forwards) { _, fiche in
          if !first { out += separator }
          first = false
          row(&out, fiche)
          return true
        }
      }
      return
    }
    let meeting = Meeting()
    let second = SecondReader(store: self, split: split, meeting: meeting, row: row)
    second.open()
    // No thread outlives the call, even when the first connection fails.
    defer {
      second.cancel()
      second.done.wait()
    }
    second.waitOpened()
    try read { db in
      // The first connection's snapshot, taken after the second noted the database's version.
      _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
      let (sql, arguments) = try Store.ficheQuery(db, filter, columns: columns, selections: .joined)
      let (backwards, _) = try Store.ficheQuery(
        db, filter, columns: columns, selections: .joined, order: .backwards)
      second.start(sql: backwards, arguments: arguments)
      if split.firstWaitsForSecond { second.done.wait() }
      try ListedFiches.each(db.makeStatement(sql: sql), arguments, order: .forwards) { name, fiche in
        guard meeting.claimForwards(name, fiche.id) else { return false }
        if !first { out += separator }
        first = false
        row(&out, fiche)
        return true
      }
      // The second connection's fiches, from the last one it read (the first in the listing's order).
      let (theirs, ends) = try second.finish()
      var end = theirs.count
      for start in ends.isEmpty ? [] : ends.reversed().dropFirst() + [0] {
        if !first { out += separator }
        first = false
        out += theirs[start..<end]
        end = start
      }
    }
  }
}

/// The rows of a listing query (`columns`, then a sélection id and the folded name) read as fiches:
/// one row per sélection of a fiche, so each fiche's texts are kept until its last row is read.
enum ListedFiches {
  /// The columns of `FicheRowBytes`.
  static let columns =
    "f.id, f.name, f.type, coalesce(c.name, f.commune_name, c.code, f.commune_code), f.email, f.state, f.owner_name"

  /// Calls `body` with each fiche's folded name and row, its sélection ids ascending, while it returns
  /// true; `order` is the query's (backwards, each fiche's sélections come last first).
  static func each(
    _ statement: Statement, _ arguments: StatementArguments, order: Store.ListingOrder,
    _ body: (UnsafeBufferPointer<UInt8>, FicheRowBytes) throws -> Bool
  ) throws {
    try statement.setArguments(arguments)
    let s = statement.sqliteStatement
    defer { sqlite3_reset(s) }
    // The current fiche's texts, one after the other, and where each is: name, type, commune, email,
    // state, owner, folded name (count -1 for NULL). A plain loop, no closure: its state stays in
    // registers rather than in boxes checked for exclusive access at each row.
    var fiche = Fiche()
    var current: Int? = nil
    while try statement.step() {
      let id = Int(sqlite3_column_int64(s, 0))
      if id != current {
        if let current, try !fiche.emit(current, order, body) { return }
        current = id
        fiche.read(s)
      }
      if sqlite3_column_type(s, 7) != SQLITE_NULL { fiche.ids.append(Int(sqlite3_column_int64(s, 7))) }
    }
    if let current { _ = try fiche.emit(current, order, body) }
  }

  /// A fiche's texts kept across its rows.
  struct Fiche {
    var texts: [UInt8] = []
    var starts = [Int](repeating: 0, count: 7)
    var counts = [Int](repeating: -1, count: 7)
    var ids: [Int] = []

    init() { texts.reserveCapacity(1024) }

    mutating func read(_ s: OpaquePointer) {
      texts.removeAll(keepingCapacity: true)
      ids.removeAll(keepingCapacity: true)
      for (i, column) in [1, 2, 3, 4, 5, 6, 8].enumerated() {
        if let text = columnText(s, Int32(column)) {
          starts[i] = texts.count
          counts[i] = text.count
          texts.append(contentsOf: text)
        } else {
          counts[i] = -1
        }
      }
    }

    mutating func emit(
      _ id: Int, _ order: Store.ListingOrder, _ body: (UnsafeBufferPointer<UInt8>, FicheRowBytes) throws -> Bool
    ) throws -> Bool {
      if order == .backwards { ids.reverse() }
      return try texts.withUnsafeBufferPointer { base in
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        func text(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
          counts[i] < 0 ? nil : UnsafeBufferPointer(rebasing: base[starts[i]..<starts[i] + counts[i]])
        }
        return try ids.withUnsafeBufferPointer { ids in
          try body(
            text(6) ?? empty,
            FicheRowBytes(
              id: id, name: text(0) ?? empty, type: text(1) ?? empty, commune: text(2), email: text(3),
              state: text(4) ?? empty, owner: text(5), selectionIds: ids))
        }
      }
    }
  }
}

/// Where the two connections of a listing have got to: each takes a fiche only before the other's
/// last one, so that every fiche is listed once, and stops at the first it cannot take.
final class Meeting: Sendable {
  /// The last fiche an end took: folded name and id, the order of the listing index.
  struct End {
    var name: [UInt8] = []
    var id = 0
    var taken = false

    /// Notes the fiche taken, in the bytes of the previous one (no allocation under the lock).
    mutating func take(_ name: UnsafeBufferPointer<UInt8>, _ id: Int) {
      self.name.removeAll(keepingCapacity: true)
      self.name.append(contentsOf: name)
      self.id = id
      taken = true
    }
  }

  /// Forwards, then backwards.
  let ends = Mutex((End(), End()))

  static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ aId: Int, _ b: End) -> Bool {
    a.elementsEqual(b.name) ? aId < b.id : a.lexicographicallyPrecedes(b.name)
  }

  static func follows(_ a: UnsafeBufferPointer<UInt8>, _ aId: Int, _ b: End) -> Bool {
    a.elementsEqual(b.name) ? aId > b.id : b.name.lexicographicallyPrecedes(a)
  }

  func claimForwards(_ name: UnsafeBufferPointer<UInt8>, _ id: Int) -> Bool {
    ends.withLock { ends in
      if ends.1.taken, !Meeting.precedes(name, id, ends.1) { return false }
      ends.0.take(name, id)
      return true
    }
  }

  func claimBackwards(_ name: UnsafeBufferPointer<UInt8>, _ id: Int) -> Bool {
    ends.withLock { ends in
      if ends.0.taken, !Meeting.follows(name, id, ends.0) { return false }
      ends.1.take(name, id)
      return true
    }
  }
}

/// The second connection of a listing, on its own thread: it reads the listing backwards.
private final class SecondReader: Sendable {
  struct Work {
    var sql: String
    var arguments: StatementArguments
  }

  /// What it read: the fiches' bytes, last fiche first, and where each fiche's bytes end.
  struct Read {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var error: (any Error)? = nil
  }

  let store: Store
  let split: ListingSplit
  let meeting: Meeting
  let row: @Sendable (inout [UInt8], FicheRowBytes) -> Void
  let opened = DispatchSemaphore(value: 0)
  let begun = DispatchSemaphore(value: 0)
  let done = DispatchGroup()
  let work = Mutex<Work?>(nil)
  let result = Mutex(Read())

  init(
    store: Store, split: ListingSplit, meeting: Meeting, row: @escaping @Sendable (inout [UInt8], FicheRowBytes) -> Void
  ) {
    self.store = store
    self.split = split
    self.meeting = meeting
    self.row = row
  }

  /// Opens the connection on a new thread, where it notes the database's version.
  func open() {
    DispatchQueue.global(qos: .userInitiated).async(group: done) { self.run() }
  }

  func waitOpened() { opened.wait() }

  /// Hands over the query, once the first connection has begun reading.
  func start(sql: String, arguments: StatementArguments) {
    work.withLock { $0 = Work(sql: sql, arguments: arguments) }
    begun.signal()
  }

  /// Lets it end without reading when the first connection failed before `start`.
  func cancel() { begun.signal() }

  /// Waits for it to end: the fiches it took. An error after it took some fails the listing.
  func finish() throws -> ([UInt8], [Int]) {
    done.wait()
    let read = result.withLock { $0 }
    if let error = read.error, !read.ends.isEmpty { throw error }
    return (read.bytes, read.ends)
  }

  private func run() {
    var signalled = false
    defer { if !signalled { opened.signal() } }
    var read = Read()
    // Untouched capacity costs no memory; growing by doubling would copy.
    read.bytes.reserveCapacity(4 << 20)
    do {
      let config = Store.configuration(busyTimeout: store.busyTimeout, readonly: true)
      let reader = try DatabaseQueue(path: store.url.path, configuration: config)
      try reader.inDatabase { db in
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
        signalled = true
        opened.signal()
        begun.wait()
        guard let work = work.withLock({ $0 }) else { return }
        split.beforeSecondReads?()
        try db.execute(sql: "BEGIN DEFERRED")
        defer { try? db.execute(sql: "ROLLBACK") }
        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
        // A commit since `version` may have come after the first connection began: it reads alone.
        guard try Int.fetchOne(db, sql: "PRAGMA data_version") == version else { return }
        try ListedFiches.each(db.makeStatement(sql: work.sql), work.arguments, order: .backwards) { name, fiche in
          guard meeting.claimBackwards(name, fiche.id) else { return false }
          row(&read.bytes, fiche)
          read.ends.append(read.bytes.count)
          return true
        }
      }
    } catch let error as DatabaseError {
      read.error = StoreError.mapped(error, path: store.url.path)
    } catch {
      read.error = error
    }
    result.withLock { $0 = read }
  }
}
