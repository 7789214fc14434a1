import GRDB

/// The journal: what was done, when (clock time), by which command (`journal [--fiche ID]`).
struct JournalEntry: Sendable, Equatable {
  var id: Int
  var at: LocalDateTime
  var command: String?
  /// e.g. `import`, `fiche.hidden`, `fiche.deleted`, `selection.entered`, `clock.set`.
  var kind: String
  var campaignId: Int?
  var ficheId: Int?
  var detail: String?
}

/// Writing and reading the `journal` table.
enum Journal {
  /// Appends one entry in the caller's transaction.
  static func add(
    _ db: Database, at: LocalDateTime, command: String?, kind: String, campaignId: Int? = nil,
    ficheId: Int? = nil, detail: String?
  ) throws {
    let writer = try Writer(db, at: at, command: command)
    try writer.add(kind: kind, campaignId: campaignId, ficheId: ficheId, detail: detail)
    try writer.flush()
  }

  /// Appends entries of one command at one clock time (an import's thousand sélection changes), in the
  /// order given, `MultiRowInsert.rowsPerStatement` a statement (an `AUTOINCREMENT` table updates its
  /// sequence once a statement: 2,200 rows one by one cost 7.1 ms of SQLite, by 64 3.1 ms). Rows wait
  /// until there are that many, or `flush`: they are not in the table before (flush before reading it
  /// or deleting from it). `OR FAIL`: a statement of several rows that could abort halfway keeps a
  /// statement journal of the pages it changes, which SQLite spilled to a temporary file (934 writes in
  /// the bench's nightly import); a row that fails fails the command, whose transaction is rolled back.
  /// Rows never flushed are never written (a command that fails drops them with its transaction): for one
  /// row, `Journal.add`.
  final class Writer {
    private let insert: MultiRowInsert
    private let at: String
    private let command: String?
    private var kinds: [String] = []
    private var campaignIds: [Int?] = []
    private var ficheIds: [Int?] = []
    private var details: [String?] = []

    init(_ db: Database, at: LocalDateTime, command: String?) throws {
      insert = MultiRowInsert(
        db, "INSERT OR FAIL INTO journal(at, command, kind, campaign_id, fiche_id, detail) VALUES ", columns: 6)
      self.at = at.description
      self.command = command
    }

    func add(kind: String, campaignId: Int? = nil, ficheId: Int? = nil, detail: String?) throws {
      kinds.append(kind)
      campaignIds.append(campaignId)
      ficheIds.append(ficheId)
      details.append(detail)
      if kinds.count == MultiRowInsert.rowsPerStatement { try flush() }
    }

    /// Writes the entries added since the last flush.
    func flush() throws {
      guard !kinds.isEmpty else { return }
      let statement = try insert.statement(rows: kinds.count)
      let handle = statement.sqliteStatement
      for row in kinds.indices {
        bindCString(handle, insert.parameter(row: row, column: 0), at)
        bindCString(handle, insert.parameter(row: row, column: 1), command)
        bindCString(handle, insert.parameter(row: row, column: 2), kinds[row])
        bindInteger(handle, insert.parameter(row: row, column: 3), campaignIds[row])
        bindInteger(handle, insert.parameter(row: row, column: 4), ficheIds[row])
        // A sélection's name in a detail may hold a NUL: bound whole, as the import binds it.
        bindWholeText(handle, insert.parameter(row: row, column: 5), details[row])
      }
      try statement.execute()
      kinds.removeAll(keepingCapacity: true)
      campaignIds.removeAll(keepingCapacity: true)
      ficheIds.removeAll(keepingCapacity: true)
      details.removeAll(keepingCapacity: true)
    }
  }

  /// The entries, oldest first; only those about `ficheId` when given.
  static func entries(_ db: Database, ficheId: Int? = nil) throws -> [JournalEntry] {
    var sql = "SELECT id, at, command, kind, campaign_id, fiche_id, CAST(detail AS BLOB) FROM journal"
    var arguments: StatementArguments = []
    if let ficheId {
      sql += " WHERE fiche_id = ?"
      arguments = [ficheId]
    }
    sql += " ORDER BY id"
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      JournalEntry(
        id: row[0], at: LocalDateTime.parse(row[1] as String) ?? LocalDateTime(year: 1970, month: 1, day: 1),
        command: row[2], kind: row[3], campaignId: row[4], ficheId: row[5], detail: row.wholeText(6))
    }
  }
}
