import GRDB

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
  /// The given sélections this campaign uses.
  public var selectionIds: [Int]
  public var wouldAdd: Int
  public var wouldChange: Int
}

/// How a fiche stands for actualiser, from its Apidae state as last imported.
enum FicheStanding: Equatable, Sendable {
  case active, hidden, deleted

  /// A missing row counts as deleted: the offre's fiche is gone from Open Edit.
  init(state: String?) {
    switch state {
    case nil, "DELETED", "TRASH": self = .deleted
    case "HIDDEN": self = .hidden
    default: self = .active
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
    let previous = try Dictionary(
      uniqueKeysWithValues: Row.fetchAll(
        db, sql: "SELECT fiche_id, previous_status FROM offre WHERE campaign_id = ?", arguments: [campaignId]
      ).map { ($0["fiche_id"] as Int, ($0["previous_status"] as String?).flatMap(OffreStatus.init(rawValue:))) })
    for ficheId in added {
      try db.cachedStatement(
        sql: """
          INSERT INTO offre (campaign_id, fiche_id, status, status_since, added_at, token)
          VALUES (?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [campaignId, ficheId, OffreStatus.aTransmettre.key, stamp.at, stamp.at, newOffreToken()])
      try CampaignJournal.record(
        db, stamp: stamp, kind: "offre.created", campaignId: campaignId, ficheId: ficheId,
        detail: OffreStatus.aTransmettre.label)
    }
    for change in changes {
      let keep: OffreStatus? =
        change.to.isSetAside ? (change.from.isSetAside ? previous[change.ficheId] ?? nil : change.from) : nil
      try moveOffre(db, campaignId: campaignId, change: change, previous: keep, stamp: stamp)
    }
    return report
  }

  /// The campaigns using any of `selectionIds`, with what actualiser would add and change; writes nothing.
  public static func campaignsUsing(_ db: Database, selectionIds: [Int]) throws -> [CampaignUse] {
    let wanted = Set(selectionIds)
    return try all(db).compactMap { campaign in
      let used = campaign.selectionIds.filter(wanted.contains)
      guard !used.isEmpty else { return nil }
      let (added, changes) = try plan(db, campaignId: campaign.id)
      return CampaignUse(campaign: campaign, selectionIds: used, wouldAdd: added.count, wouldChange: changes.count)
    }
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
    let members = try Set(
      Int.fetchAll(
        db,
        sql: """
          SELECT DISTINCT sm.fiche_id FROM selection_member sm
          JOIN campaign_selection cs ON cs.selection_id = sm.selection_id WHERE cs.campaign_id = ?
          """, arguments: [campaignId]))
    let states = try Dictionary(
      uniqueKeysWithValues: Row.fetchAll(
        db,
        sql: """
          SELECT id, state FROM fiche WHERE id IN (
            SELECT sm.fiche_id FROM selection_member sm
            JOIN campaign_selection cs ON cs.selection_id = sm.selection_id WHERE cs.campaign_id = ?1
            UNION SELECT fiche_id FROM offre WHERE campaign_id = ?1)
          """, arguments: [campaignId]
      ).map { ($0["id"] as Int, $0["state"] as String) })
    var changes: [OffreChange] = []
    var present = Set<Int>()
    for row in try Row.fetchAll(
      db, sql: "SELECT fiche_id, status, previous_status FROM offre WHERE campaign_id = ? ORDER BY fiche_id",
      arguments: [campaignId])
    {
      let ficheId: Int = row["fiche_id"]
      present.insert(ficheId)
      let status = try storedStatus(row["status"])
      let previous = (row["previous_status"] as String?).flatMap(OffreStatus.init(rawValue:))
      let next = actualisedStatus(
        of: status, previous: previous, standing: FicheStanding(state: states[ficheId]),
        isMember: members.contains(ficheId))
      if next != status { changes.append(OffreChange(ficheId: ficheId, from: status, to: next)) }
    }
    // A member whose fiche row is missing (not exported) or not active is not added.
    let added = members.subtracting(present).filter { states[$0] != nil && FicheStanding(state: states[$0]) == .active }
    return (added.sorted(), changes)
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
    guard let status = OffreStatus(rawValue: key) else {
      throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "unknown offre status \(key)")
    }
    return status
  }

  /// 128 random bits in hex: the offre's form link and Message-ID cannot be guessed.
  static func newOffreToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<2).map { _ in
      let hex = String(generator.next() as UInt64, radix: 16)
      return String(repeating: "0", count: 16 - hex.count) + hex
    }.joined()
  }
}
