import GRDB
import GRDBSQLite

/// Rows read with SQLite's C API, for the few loops where GRDB's making a value of every column
/// costs more than the query: a listing of thousands of fiches, a sélection's members.
extension Statement {
  /// Runs the statement with `arguments`, calling `body` with SQLite's statement at each row.
  func eachRow(_ arguments: StatementArguments = [], _ body: (OpaquePointer) throws -> Void) throws {
    try setArguments(arguments)
    defer { sqlite3_reset(sqliteStatement) }
    while try step() { try body(sqliteStatement) }
  }

  /// Steps the statement (its arguments set): true at a row, false when done.
  func step() throws -> Bool {
    let code = sqlite3_step(sqliteStatement)
    if code == SQLITE_DONE { return false }
    guard code == SQLITE_ROW else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code),
        message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
    return true
  }

  /// The first column of every row, as integers (18.7 ms for a sélection's 51,000 members through
  /// `Int.fetchAll`).
  func integers(_ arguments: StatementArguments = []) throws -> [Int] {
    var values: [Int] = []
    try eachRow(arguments) { values.append(Int(sqlite3_column_int64($0, 0))) }
    return values
  }
}

/// The text of `column` at the statement's current row as SQLite holds it (UTF-8, valid until the next
/// step); nil for NULL.
func columnText(_ statement: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
  guard let bytes = sqlite3_column_text(statement, column) else { return nil }
  return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
}

/// Text from exports kept whole in the store, NUL characters included. GRDB binds a `String` as a C
/// string and reads one back with `String(cString:)`: both stop at the first NUL, so an export's
/// `victim@x.example\u0000, evil@attacker.example` was stored as `victim@x.example`, a valid address.
extension Statement {
  /// `setUncheckedArguments`, then every string that holds a NUL bound again with its length.
  func setWholeTextArguments(_ values: [(any DatabaseValueConvertible)?]) {
    setUncheckedArguments(StatementArguments(values))
    for (index, value) in values.enumerated() {
      if let text = value as? String { bindWhole(text, at: index) }
    }
  }

  private func bindWhole(_ text: String, at index: Int) {
    guard text.utf8.contains(0) else { return }
    bindWholeText(sqliteStatement, Int32(index + 1), text)
  }
}

/// Binds `text` whole (NUL characters included, copied by SQLite) at the 1-based `index`, NULL for nil.
func bindWholeText(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
  guard var copy = text else {
    sqlite3_bind_null(statement, index)
    return
  }
  copy.withUTF8 { bytes in
    guard let base = bytes.baseAddress else {
      // An empty string's buffer may have no address: bound as an empty text, not NULL.
      _ = sqlite3_bind_text(statement, index, "", 0, copiedBySQLite)
      return
    }
    _ = sqlite3_bind_text(
      statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
      copiedBySQLite)
  }
}

/// `SQLITE_TRANSIENT`: SQLite copies what is bound before the call returns.
private let copiedBySQLite = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// Binds `text` up to its first NUL, as GRDB binds a `String`, at the 1-based `index`; NULL for nil.
func bindCString(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
  guard let text else {
    sqlite3_bind_null(statement, index)
    return
  }
  text.withCString { _ = sqlite3_bind_text(statement, index, $0, -1, copiedBySQLite) }
}

/// Binds `value` at the 1-based `index`, NULL for nil.
func bindInteger(_ statement: OpaquePointer, _ index: Int32, _ value: Int?) {
  if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { sqlite3_bind_null(statement, index) }
}

/// A value bound through SQLite's API (`Statement.bind`).
enum BoundValue {
  /// A text whole, NUL characters included (`bindWholeText`); NULL for nil.
  case text(String?)
  /// A text up to its first NUL, as GRDB binds a `String` (`bindCString`); NULL for nil.
  case cString(String?)
  case integer(Int?)
  case int64(Int64)
}

extension Statement {
  /// Sets the statement's parameters to `values`, in their order, through SQLite's API rather than as GRDB's
  /// arguments, which cost an import more than its rows (0.3 s of a 100,000-fiche sync); then `execute()`.
  func bind(_ values: [BoundValue]) {
    // No argument, and GRDB takes the bindings as they are set: then `execute()` runs with them.
    setUncheckedArguments([])
    for (index, value) in zip(Int32(1)..., values) {
      switch value {
      case .text(let text): bindWholeText(sqliteStatement, index, text)
      case .cString(let text): bindCString(sqliteStatement, index, text)
      case .integer(let number): bindInteger(sqliteStatement, index, number)
      case .int64(let number): sqlite3_bind_int64(sqliteStatement, index, number)
      }
    }
  }
}

/// An `INSERT` of many rows a statement, to a table where rows one by one cost more in SQLite than the
/// rows themselves (a sequence updated, a statement run, once a row). The statement of `rowsPerStatement`
/// rows is prepared once, the first time; one of fewer rows comes from the connection's cache.
final class MultiRowInsert {
  static let rowsPerStatement = 64
  private let db: Database
  private let head: String
  private let columns: Int
  private var full: Statement?

  /// `head`: the statement up to its `VALUES` list (`INSERT INTO t(a, b) VALUES `), of `columns` values a row.
  init(_ db: Database, _ head: String, columns: Int) {
    self.db = db
    self.head = head
    self.columns = columns
  }

  /// The statement for `rows` rows (1 to `rowsPerStatement`), its arguments cleared: each value is bound
  /// (`bindWholeText`, `bindCString`, `bindInteger`) at its `parameter`, then the statement executed.
  func statement(rows: Int) throws -> Statement {
    let statement: Statement
    if rows == MultiRowInsert.rowsPerStatement, let full {
      statement = full
    } else {
      let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
      let sql = head + Array(repeating: row, count: rows).joined(separator: ", ")
      if rows == MultiRowInsert.rowsPerStatement {
        statement = try db.makeStatement(sql: sql)
        full = statement
      } else {
        statement = try db.cachedStatement(sql: sql)
      }
    }
    // No argument, and GRDB takes the bindings as they are set: then `execute()` runs with them.
    statement.setUncheckedArguments([])
    return statement
  }

  /// The 1-based parameter of `row`'s value `column` (0-based, among the row's).
  func parameter(row: Int, column: Int) -> Int32 { Int32(row * columns + column + 1) }
}

extension Row {
  /// The text at `index` whole, NUL characters included; nil for NULL. Whole when the row is a cursor's
  /// (read from SQLite's statement) or the value a BLOB: select a text column as `CAST(… AS BLOB)` for
  /// rows that are copied (`fetchOne`, `fetchAll`), which GRDB reads as C strings.
  func wholeText(_ index: Int) -> String? {
    (try? withUnsafeData(atIndex: index) { $0.map { String(decoding: $0, as: UTF8.self) } }) ?? nil
  }
}
