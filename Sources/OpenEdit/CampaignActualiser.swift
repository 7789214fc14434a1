import GRDB
import GRDBSQLite

/// One offre's status change made (or that would be made) by actualiser.
public struct OffreChange: Sendable, Equatable, Hashable {
  public var ficheId: Int
  public var from: OffreStatus
  public var to: OffreStatus
  public init(ficheId: Int, from: OffreStatus, to: OffreStatus) {
    self.ficheId = ficheId
    self.from = from
    self.to = to
  }
}

/// What actualiser added and changed in a campaign's audience (R4), or would with `dryRun`.
public struct ActualiserReport: Sendable, Equatable {
  public var campaignId: Int
  public var dryRun: Bool
  /// Fiches new to the audience, now «Email à transmettre», by id.
  public var added: [Int]
  /// Status changes of existing offres, by fiche id.
  public var changes: [OffreChange]

  /// The changes grouped by the status they lead to.
  public var changesByStatus: [OffreStatus: [OffreChange]] { Dictionary(grouping: changes, by: \.to) }
  public var isEmpty: Bool { added.isEmpty && changes.isEmpty }
}

/// A campaign that uses some sélections, and what actualiser would do to it: for the sync report (R3).
public struct CampaignUse: Sendable, Equatable {
  public var campaign: Campaign
  /// The given sélections this campaign uses; empty when the campaign is named for its audience's
  /// fiches alone (hidden, deleted or published again by the sync).
  public var selectionIds: [Int]
  public var wouldAdd: Int
  public var wouldChange: Int
}

/// How a fiche stands for actualiser, from its Apidae state as last imported.
enum FicheStanding: Equatable, Sendable {
  case active, hidden, deleted

  /// A missing row counts as deleted: the offre's fiche is gone from Open Edit.
  init(state: String?) {
    guard var state else {
      self = .deleted
      return
    }
    self = state.withUTF8 { FicheStanding(state: $0) }
  }

  /// The same, from the state's bytes as SQLite holds them.
  init(state bytes: UnsafeBufferPointer<UInt8>?) {
    guard let bytes else {
      self = .deleted
      return
    }
    if bytes.elementsEqual("DELETED".utf8) || bytes.elementsEqual("TRASH".utf8) {
      self = .deleted
    } else {
      self = bytes.elementsEqual("HIDDEN".utf8) ? .hidden : .active
    }
  }
}

extension Campaign {
  /// Re-reads the campaign's sélections as last imported (R4), in the caller's transaction.
  ///
  /// A fiche new to the sélections and neither hidden nor deleted → «Email à transmettre»; an offre whose
  /// fiche is deleted → «Fiche supprimée», hidden → «Fiche masquée», out of every sélection → «Hors
  /// sélection» (in that order of precedence), keeping its previous status; once the cause is gone it gets
  /// that status back. Nothing else changes. Every change is journaled with `stamp`; `dryRun` writes nothing.
  public static func actualiser(
    _ db: Database, campaignId: Int, stamp: CampaignStamp, dryRun: Bool
  ) throws -> ActualiserReport {
    _ = try fetch(db, id: campaignId)
    let (added, changes) = try plan(db, campaignId: campaignId)
    let report = ActualiserReport(campaignId: campaignId, dryRun: dryRun, added: added, changes: changes)
    guard !dryRun else { return report }
    for ficheId in added {
      try Interruption.check()
      try db.cachedStatement(
        sql: """
          INSERT INTO offre (campaign_id, fiche_id, status, status_since, added_at, token)
          VALUES (?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        campaignId, ficheId, OffreStatus.aTransmettre.key, stamp.at, stamp.at,
        try newOffreToken(db, campaignId: campaignId, ficheId: ficheId),
      ])
      try CampaignJournal.record(
        db, stamp: stamp, kind: "offre.created", campaignId: campaignId, ficheId: ficheId,
        detail: OffreStatus.aTransmettre.label)
    }
    for change in changes {
      try Interruption.check()
      // Set aside again (hidden, then deleted…): it keeps the status it had before the first time.
      let keep: OffreStatus? =
        change.to.isSetAside
        ? (change.from.isSetAside
          ? try previousStatus(db, campaignId: campaignId, ficheId: change.ficheId) : change.from)
        : nil
      try moveOffre(db, campaignId: campaignId, change: change, previous: keep, stamp: stamp)
    }
    return report
  }

  /// The status an offre set aside gets back (one row: a campaign's offres are keyed by fiche).
  static func previousStatus(_ db: Database, campaignId: Int, ficheId: Int) throws -> OffreStatus? {
    try String.fetchOne(
      db.cachedStatement(sql: "SELECT previous_status FROM offre WHERE campaign_id = ? AND fiche_id = ?"),
      arguments: [campaignId, ficheId]
    ).flatMap(OffreStatus.init(rawValue:))
  }

  /// The campaigns a sync leaves needing `actualiser`: those using one of `selectionIds` (whose
  /// membership changed), and those whose audience or sélections hold one of `ficheIds` (fiches the sync
  /// hid, deleted, published again or changed) when actualiser would change something there: a fiche
  /// hidden when the campaign was made is in its sélection but not its audience, and published again it
  /// is one actualiser adds. Writes nothing.
  static func campaignsToActualise(_ db: Database, selectionIds: [Int], ficheIds: [Int] = []) throws
    -> [CampaignUse]
  {
    let wanted = Set(selectionIds)
    let holds = try db.makeStatement(
      sql: """
        SELECT EXISTS (SELECT 1 FROM offre WHERE campaign_id = ?1 AND fiche_id = ?2)
          OR EXISTS (
            SELECT 1 FROM campaign_selection c JOIN selection_member m ON m.selection_id = c.selection_id
            WHERE c.campaign_id = ?1 AND m.fiche_id = ?2)
        """)
    return try all(db).compactMap { campaign in
      let used = campaign.selectionIds.filter(wanted.contains)
      if used.isEmpty {
        let touched = try ficheIds.contains { try Bool.fetchOne(holds, arguments: [campaign.id, $0]) ?? false }
        guard touched else { return nil }
      }
      let (added, changes) = try plan(db, campaignId: campaign.id)
      guard !used.isEmpty || !added.isEmpty || !changes.isEmpty else { return nil }
      return CampaignUse(campaign: campaign, selectionIds: used, wouldAdd: added.count, wouldChange: changes.count)
    }
  }

  /// `actualisedStatus` from an offre's columns as stored: its previous status's key and its fiche's
  /// state (nil when the fiche row is missing).
  static func actualisedStatus(
    of status: OffreStatus, previousKey: String?, ficheState: String?, isMember: Bool
  ) -> OffreStatus {
    actualisedStatus(
      of: status, previous: previousKey.flatMap(OffreStatus.init(rawValue:)),
      standing: FicheStanding(state: ficheState),
      isMember: isMember)
  }

  /// The fiches of the campaign's sélections as last imported.
  static func members(_ db: Database, campaignId: Int) throws -> Set<Int> {
    try Set(
      db.makeStatement(
        sql: """
          SELECT DISTINCT sm.fiche_id FROM selection_member sm
          JOIN campaign_selection cs ON cs.selection_id = sm.selection_id WHERE cs.campaign_id = ?
          """
      ).integers([campaignId]))
  }

  /// The status actualiser gives an offre, from its fiche's standing and membership: the one rule of R4.
  static func actualisedStatus(
    of status: OffreStatus, previous: OffreStatus?, standing: FicheStanding, isMember: Bool
  ) -> OffreStatus {
    switch (standing, isMember) {
    case (.deleted, _): .supprimee
    case (.hidden, _): .masquee
    case (.active, false): .horsSelection
    case (.active, true): status.isSetAside ? (previous ?? .aTransmettre) : status
    }
  }

  /// Reads the facts and decides, without writing: (fiches to add, changes of existing offres).
  static func plan(_ db: Database, campaignId: Int) throws -> (added: [Int], changes: [OffreChange]) {
    // Both loops read SQLite's columns in place (a campaign of 50,000 offres: GRDB's values per row
    // cost more than the queries).
    let members = try members(db, campaignId: campaignId)
    // One pass over the offres with their fiche's state (in fiche order, so the lookups walk the
    // fiche table forward); only the members without an offre are looked up apart.
    var changes: [OffreChange] = []
    var present = Set<Int>()
    present.reserveCapacity(members.count)
    let offres = try db.makeStatement(
      sql: """
        SELECT o.fiche_id, o.status, o.previous_status, f.state
        FROM offre o LEFT JOIN fiche f ON f.id = o.fiche_id WHERE o.campaign_id = ? ORDER BY o.fiche_id
        """)
    try offres.eachRow([campaignId]) { row in
      let ficheId = Int(sqlite3_column_int64(row, 0))
      present.insert(ficheId)
      let status = try storedStatus(columnText(row, 1))
      let previous = columnText(row, 2).flatMap(OffreStatus.init(key:))
      let next = actualisedStatus(
        of: status, previous: previous, standing: FicheStanding(state: columnText(row, 3)),
        isMember: members.contains(ficheId))
      if next != status { changes.append(OffreChange(ficheId: ficheId, from: status, to: next)) }
    }
    // A member whose fiche row is missing (not exported) or not active is not added.
    let newcomers = members.subtracting(present).sorted()
    var added: [Int] = []
    if !newcomers.isEmpty {
      let rows = try Row.fetchCursor(
        db, sql: "SELECT id, state FROM fiche WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        arguments: ["[" + newcomers.map(String.init).joined(separator: ",") + "]"])
      while let row = try rows.next() {
        if FicheStanding(state: row[1]) == .active { added.append(row[0]) }
      }
    }
    return (added, changes)
  }

  /// Changes one offre's status after checking the move is allowed, and journals it.
  static func moveOffre(
    _ db: Database, campaignId: Int, change: OffreChange, previous: OffreStatus?, stamp: CampaignStamp
  ) throws {
    guard change.from.canMove(to: change.to) else { throw OffreStatusMoveError(from: change.from, to: change.to) }
    try db.cachedStatement(
      sql: """
        UPDATE offre SET status = ?, previous_status = ?, status_since = ?
        WHERE campaign_id = ? AND fiche_id = ? AND status = ?
        """
    ).execute(arguments: [change.to.key, previous?.key, stamp.at, campaignId, change.ficheId, change.from.key])
    try CampaignJournal.record(
      db, stamp: stamp, kind: "offre.status", campaignId: campaignId, ficheId: change.ficheId,
      detail: "\(change.from.label) → \(change.to.label)")
  }

  static func storedStatus(_ key: String) throws -> OffreStatus {
    var key = key
    return try key.withUTF8 { try storedStatus($0) }
  }

  /// The same, from the key's bytes as SQLite holds them (nil for NULL).
  static func storedStatus(_ key: UnsafeBufferPointer<UInt8>?) throws -> OffreStatus {
    guard let key, let status = OffreStatus(key: key) else {
      throw DatabaseError(
        resultCode: .SQLITE_CORRUPT,
        message: "unknown offre status \(key.map { String(decoding: $0, as: UTF8.self) } ?? "NULL")")
    }
    return status
  }

  /// The store setting that makes tokens deterministic: a simulation (demo, tutorial) sets it so that its
  /// form links and Message-IDs are the same on every run. Never set in real use.
  static let tokenSeedSetting = "offre.token_seed"

  /// The offre's token: random, unless the store has a token seed (a simulation), then derived from the
  /// seed, the campaign and the fiche.
  static func newOffreToken(_ db: Database, campaignId: Int, ficheId: Int) throws -> String {
    guard let seed = try Store.setting(db, tokenSeedSetting) else { return newOffreToken() }
    return seededToken("\(seed)/\(campaignId)/\(ficheId)")
  }

  /// The left part of an e-mail's Message-ID: random as a token (derived from the seed, the offre and the
  /// time in a simulation), and not the offre's token: a Message-ID goes into every relay's log, bounce
  /// and reply (`In-Reply-To`), where the form link's secret must not.
  static func newMessageToken(_ db: Database, campaignId: Int, ficheId: Int, at time: String) throws -> String {
    guard let seed = try Store.setting(db, tokenSeedSetting) else { return newOffreToken() }
    return seededToken("\(seed)/message/\(campaignId)/\(ficheId)/\(time)")
  }

  /// 128 bits in hex derived from `text` (FNV-1a, then SplitMix64): a simulation's tokens.
  private static func seededToken(_ text: String) -> String {
    var state: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return (0..<2).map { _ in
      state = state &+ 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      let hex = String(z, radix: 16)
      return String(repeating: "0", count: 16 - hex.count) + hex
    }.joined()
  }

  /// 128 random bits in hex: the offre's form link (and an e-mail's Message-ID) cannot be guessed.
  static func newOffreToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<2).map { _ in
      let hex = String(generator.next() as UInt64, radix: 16)
      return String(repeating: "0", count: 16 - hex.count) + hex
    }.joined()
  }
}

extension OffreStatus {
  /// The status whose stored key these bytes are.
  init?(key bytes: UnsafeBufferPointer<UInt8>) {
    guard let status = OffreStatus.allCases.first(where: { $0.rawValue.utf8.elementsEqual(bytes) }) else {
      return nil
    }
    self = status
  }
}
