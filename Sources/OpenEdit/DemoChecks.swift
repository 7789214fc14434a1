import GRDB

/// The store's `setting` table as the tutorial and the demo use it, so that the shell never handles a
/// database connection itself (campaign reads go through `Workspace`'s campaign operations).
extension Store {
  /// A value of the store's `setting` table (the tutorial's progress, the demo's marker).
  public func setting(_ key: String) throws -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
  }

  public func setSetting(_ key: String, _ value: String) throws {
    try write { db in
      try db.execute(
        sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        arguments: [key, value])
    }
  }
}
