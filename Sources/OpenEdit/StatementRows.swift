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

  /// Binds again with their length the strings `texts` gives (0-based index, the string at it) that hold
  /// a NUL, after `setUncheckedArguments`: for the import's rows, which call it only when a fiche holds
  /// one (`Fiche.holdsNUL`) — casting every value to find the strings cost 0.3 s of a 100,000-fiche sync.
  func bindWholeTexts(_ texts: KeyValuePairs<Int, String?>) {
    for (index, text) in texts { if let text { bindWhole(text, at: index) } }
  }

  private func bindWhole(_ text: String, at index: Int) {
    guard text.utf8.contains(0) else { return }
    var copy = text
    copy.withUTF8 { bytes in
      _ = sqlite3_bind_text(
        sqliteStatement, Int32(index + 1), UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
        Int32(bytes.count), unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self))
    }
  }
}

extension Row {
  /// The text at `index` whole, NUL characters included; nil for NULL. Whole when the row is a cursor's
  /// (read from SQLite's statement) or the value a BLOB: select a text column as `CAST(… AS BLOB)` for
  /// rows that are copied (`fetchOne`, `fetchAll`), which GRDB reads as C strings.
  func wholeText(_ index: Int) -> String? {
    (try? withUnsafeData(atIndex: index) { $0.map { String(decoding: $0, as: UTF8.self) } }) ?? nil
  }
}
