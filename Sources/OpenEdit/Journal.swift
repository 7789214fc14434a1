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
    try Writer(db, at: at, command: command).add(kind: kind, campaignId: campaignId, ficheId: ficheId, detail: detail)
  }

  /// Appends entries of one command at one clock time (an import's thousand sélection changes):
  /// the statement and the time's text are made once.
  struct Writer {
    private let statement: Statement
    private let at: String
    private let command: String?

    init(_ db: Database, at: LocalDateTime, command: String?) throws {
      statement = try db.cachedStatement(
        sql: "INSERT INTO journal(at, command, kind, campaign_id, fiche_id, detail) VALUES (?, ?, ?, ?, ?, ?)")
      self.at = at.description
      self.command = command
    }

    func add(kind: String, campaignId: Int? = nil, ficheId: Int? = nil, detail: String?) throws {
      statement.setUncheckedArguments([at, command, kind, campaignId, ficheId, detail])
      // A sélection's name in a detail may hold a NUL: bound whole, as the import binds it.
      statement.bindWholeTexts([5: detail])
      try statement.execute()
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
