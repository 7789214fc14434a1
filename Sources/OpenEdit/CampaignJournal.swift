import GRDB

/// The journal as campaigns write and read it: what was done, when, by which command.
///
/// Kinds written here: `campaign.created`, `campaign.renamed`, `campaign.template`,
/// `offre.created` (detail: the status), `offre.status` (detail: `from → to`, labels),
/// `mail.sent` (detail: address and outbox file).
public enum CampaignJournal {
  /// One journal row (imports included: the table is shared with the sync).
  public struct Entry: Sendable, Equatable {
    public var id: Int
    public var at: String
    public var command: String?
    public var kind: String
    public var campaignId: Int?
    public var ficheId: Int?
    public var detail: String?
  }

  /// The journal's entries, oldest first, limited to one fiche, one campaign and/or one kind when given
  /// (`mail` is every `mail.…`). Entries without a campaign (imports) are kept when only a fiche is asked for.
  /// With `last`, only the newest `last` of them, read from the end: a year's journal is not read for
  /// the last night's rows.
  static func entries(
    _ db: Database, ficheId: Int? = nil, campaignId: Int? = nil, kind: String? = nil, last: Int? = nil
  ) throws -> [Entry] {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let kind {
      // `kind(_:isKeptBy:)` in SQL, as a range of `journal_kind`: «mail.» ≤ kind < «mail/» («/» follows «.»).
      conditions.append("(kind = ? OR (kind >= ? AND kind < ?))")
      arguments += [kind, kind + ".", kind + "/"]
    }
    if let ficheId {
      conditions.append("fiche_id = ?")
      arguments += [ficheId]
    }
    if let campaignId {
      conditions.append("campaign_id = ?")
      arguments += [campaignId]
    }
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    var order = "ORDER BY id"
    if let last {
      order = "ORDER BY id DESC LIMIT ?"
      arguments += [last]
    }
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT id, at, command, kind, campaign_id, fiche_id, CAST(detail AS BLOB) AS detail FROM journal \(filter)
        \(order)
        """,
      arguments: arguments)
    var entries = (last == nil ? rows : rows.reversed()).map {
      Entry(
        id: $0["id"], at: $0["at"], command: $0["command"], kind: $0["kind"], campaignId: $0["campaign_id"],
        ficheId: $0["fiche_id"], detail: $0.wholeText(6))
    }
    if let ficheId, campaignId == nil, kind.map({ self.kind("fiche.created", isKeptBy: $0) }) ?? true,
      let created = try firstImportCreation(db, ficheId: ficheId),
      !entries.contains(where: { $0.kind == "fiche.created" && $0.detail == created.detail })
    {
      entries.append(created)
      entries.sort { $0.id < $1.id }
      if let last { entries = Array(entries.suffix(last)) }
    }
    return entries
  }

  /// A first import into an empty store writes no row per fiche (100,000 of them, all créations): a
  /// fiche it created gets its `fiche.created` from its `created_in`, at the import's row.
  static func firstImportCreation(_ db: Database, ficheId: Int) throws -> Entry? {
    guard let stem = try String.fetchOne(db, sql: "SELECT created_in FROM fiche WHERE id = ?", arguments: [ficheId]),
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT id, at, command FROM journal
          WHERE kind = 'import' AND substr(detail, 1, length(?) + 1) = ? || ' ' ORDER BY id LIMIT 1
          """, arguments: [stem, stem])
    else { return nil }
    return Entry(
      id: row["id"], at: row["at"], command: row["command"], kind: "fiche.created", campaignId: nil, ficheId: ficheId,
      detail: stem)
  }

  /// Whether an entry of `kind` is one `--kind filter` keeps: the kind itself, or one of its family
  /// (`mail` keeps `mail.sent`). `entries` asks SQLite the same question.
  public static func kind(_ kind: String, isKeptBy filter: String) -> Bool {
    kind == filter || kind.hasPrefix(filter + ".")
  }

  /// The kinds the journal holds, for completion and for saying which exist.
  /// One lookup in `journal_kind` per kind, the next kind after the last found (a skip scan), not a
  /// read of every row.
  static func kinds(_ db: Database) throws -> [String] {
    try String.fetchAll(
      db,
      sql: """
        WITH RECURSIVE k(kind) AS (
          SELECT min(kind) FROM journal
          UNION ALL SELECT (SELECT min(kind) FROM journal WHERE kind > k.kind) FROM k WHERE k.kind IS NOT NULL)
        SELECT kind FROM k WHERE kind IS NOT NULL
        """)
  }

  static func record(
    _ db: Database, stamp: CampaignStamp, kind: String, campaignId: Int?, ficheId: Int?, detail: String?
  ) throws {
    try db.cachedStatement(
      sql: "INSERT INTO journal (at, command, kind, campaign_id, fiche_id, detail) VALUES (?, ?, ?, ?, ?, ?)"
    ).execute(arguments: [stamp.at, stamp.command, kind, campaignId, ficheId, detail])
  }
}
