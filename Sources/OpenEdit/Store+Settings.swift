import GRDB

/// The store's `setting` table, a text by key: the simulated clock's time, the demo's marker and token
/// seed, the simulated Apidae's bookkeeping, the tutorial's progress. Read and written here only.
extension Store {
  /// The value of `key`, nil when it is not set, read in the caller's transaction. The statement is
  /// cached: actualiser reads the token seed once per offre it adds.
  static func setting(_ db: Database, _ key: String) throws -> String? {
    try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = ?"), arguments: [key])
  }

  /// Sets `key` to `value` in the caller's transaction.
  static func setSetting(_ db: Database, _ key: String, _ value: String) throws {
    try db.execute(
      sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      arguments: [key, value])
  }

  /// Removes `key` in the caller's transaction.
  static func removeSetting(_ db: Database, _ key: String) throws {
    try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
  }

  /// A value of the `setting` table, for the shell (the tutorial's progress), which never handles a
  /// database connection itself.
  public func setting(_ key: String) throws -> String? {
    try read { db in try Store.setting(db, key) }
  }

  public func setSetting(_ key: String, _ value: String) throws {
    try write { db in try Store.setSetting(db, key, value) }
  }
}
