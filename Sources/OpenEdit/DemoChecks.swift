import GRDB

/// What the tutorial's checks and the scripts' `expect` read, each in one read transaction, so that the
/// shell never handles a database connection itself.
extension Store {
  /// A campaign by title (exact, then ignoring case and accents) or id.
  public func campaign(_ key: String) throws -> Campaign {
    try read { db in try Campaign.find(db, key) }
  }

  public func campaign(id: Int) throws -> Campaign {
    try read { db in try Campaign.fetch(db, id: id) }
  }

  /// Every campaign, oldest first.
  public func campaigns() throws -> [Campaign] {
    try read { db in try Campaign.all(db) }
  }

  /// A campaign's offres, by name, only those of `statuses` when given.
  public func audience(campaignId: Int, statuses: Set<OffreStatus>? = nil) throws -> [AudienceRow] {
    try read { db in try CampaignAudience.rows(db, campaignId: campaignId, statuses: statuses) }
  }

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
