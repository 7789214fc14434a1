import GRDB

/// What is known about one fiche on its way into one campaign: the input of `Why.answer`.
public struct WhyFacts: Sendable, Equatable {
  public struct FicheFacts: Sendable, Equatable {
    public var name: String
    /// PUBLISHED, HIDDEN, NEW, TRASH or DELETED, as last imported.
    public var state: String
    /// The export where the state last changed.
    public var stateSince: String?
    public var email: String?
  }
  public struct OffreFacts: Sendable, Equatable {
    public var status: OffreStatus
    public var previousStatus: OffreStatus?
    public var statusSince: String
    public var sentAt: String?
    public var sentTo: String?
    public var messageFile: String?
  }

  public var campaignId: Int
  public var ficheId: Int
  /// Nil when no imported export had the fiche.
  public var fiche: FicheFacts?
  /// Every sélection holding the fiche, as last imported.
  public var ficheSelections: [CampaignSelection]
  public var campaignSelections: [CampaignSelection]
  public var offre: OffreFacts?
  /// Exports not yet imported that change the fiche (carry it, delete it, or move it into or out of one
  /// of the campaign's sélections).
  public var pendingExports: [String]
  /// Those of them whose time has come: the next sync imports them.
  public var duePendingExports: [String] = []
  /// Exports not yet imported that cannot be read: a sync stops at the first of them.
  public var unreadablePendingExports: [String] = []
  /// How to name a fiche Open Edit does not have yet: its name in the last pending export carrying it (or,
  /// where Apidae is simulated, in the project).
  public var pendingName: String? = nil

  public init(
    campaignId: Int, ficheId: Int, fiche: FicheFacts?, ficheSelections: [CampaignSelection],
    campaignSelections: [CampaignSelection], offre: OffreFacts?, pendingExports: [String]
  ) {
    self.campaignId = campaignId
    self.ficheId = ficheId
    self.fiche = fiche
    self.ficheSelections = ficheSelections
    self.campaignSelections = campaignSelections
    self.offre = offre
    self.pendingExports = pendingExports
  }
}

/// Where a fiche stands on its way into a campaign, and so the one next step. The shell words it.
public enum WhyAnswer: Sendable, Equatable {
  /// No imported export has it, nor a pending one: check the filters of the campaign's Apidae sélections.
  case unknownFiche(campaignSelections: [CampaignSelection])
  /// Exports not yet imported hold it: wait for tonight's sync, or ask a calcul exceptionnel then sync.
  case waitingForSync(exports: [String])
  /// In the audience, but exports not yet imported change the fiche: sync first, then ask again.
  case changedByPendingExports(exports: [String], status: OffreStatus)
  /// Imported, but deleted in Apidae (since that export); it cannot enter the audience.
  case ficheDeleted(sinceExport: String?)
  /// In the campaign's sélections but hidden (since that export): actualiser adds only visible fiches.
  case ficheHidden(sinceExport: String?)
  /// Imported, but none of the campaign's sélections holds it: change the sélection's filters in Apidae.
  case notInCampaignSelections(ficheSelections: [CampaignSelection], campaignSelections: [CampaignSelection])
  /// In these sélections of the campaign but not in its audience: actualiser.
  case needsActualiser(selections: [CampaignSelection])
  /// In the audience, but the sélections or the fiche changed since: actualiser would make it `to`.
  case actualiserWouldChange(from: OffreStatus, to: OffreStatus)
  /// «Email à transmettre» with a valid e-mail: send it.
  case readyToSend(email: String)
  /// «Email à transmettre» but it cannot be sent: no e-mail, or an invalid one (fix it in Apidae, then the project's export and sync).
  case cannotSend(SendRefusal.Reason)
  /// «Email transmis»: when, to whom, which file of outbox/.
  case sent(at: String, to: String?, file: String?)
  /// «Hors sélection» since then; returns to `previous` if it comes back into a sélection.
  case horsSelection(since: String, previous: OffreStatus?)
  /// «Fiche masquée» since then (the hiding export); returns to `previous` once published again.
  case masquee(since: String, sinceExport: String?, previous: OffreStatus?)
  /// «Fiche supprimée» since then (the deleting export).
  case supprimee(since: String, sinceExport: String?)
}

/// `why ID`: the question staff actually ask, answered from facts (DESIGN.md §7).
enum Why {
  /// Gathers the facts from the store; `pendingExportsContaining` are the names of the exports not yet
  /// imported that hold the fiche (the caller reads the snapshots).
  static func facts(
    _ db: Database, campaignId: Int, ficheId: Int, pendingExportsContaining: [String]
  ) throws -> WhyFacts {
    let campaign = try Campaign.fetch(db, id: campaignId)
    let fiche = try Row.fetchOne(
      db,
      sql: "SELECT CAST(name AS BLOB), state, state_since, CAST(email AS BLOB) FROM fiche WHERE id = ?",
      arguments: [ficheId]
    ).map {
      WhyFacts.FicheFacts(name: $0.wholeText(0) ?? "", state: $0[1], stateSince: $0[2], email: $0.wholeText(3))
    }
    let selections = try Row.fetchAll(
      db,
      sql: """
        SELECT s.id, CAST(s.name AS BLOB) FROM selection_member sm JOIN selection s ON s.id = sm.selection_id
        WHERE sm.fiche_id = ? ORDER BY s.id
        """, arguments: [ficheId]
    ).map { CampaignSelection(id: $0[0], name: $0.wholeText(1) ?? "") }
    let offre = try Row.fetchOne(
      db,
      sql: """
        SELECT status, previous_status, status_since, sent_at, sent_to, message_file FROM offre
        WHERE campaign_id = ? AND fiche_id = ?
        """, arguments: [campaignId, ficheId]
    ).map {
      WhyFacts.OffreFacts(
        status: try Campaign.storedStatus($0["status"]),
        previousStatus: ($0["previous_status"] as String?).flatMap(OffreStatus.init(rawValue:)),
        statusSince: $0["status_since"], sentAt: $0["sent_at"], sentTo: $0["sent_to"], messageFile: $0["message_file"])
    }
    return WhyFacts(
      campaignId: campaignId, ficheId: ficheId, fiche: fiche, ficheSelections: selections,
      campaignSelections: campaign.selections, offre: offre, pendingExports: pendingExportsContaining)
  }

  /// The answer, from the facts alone.
  static func answer(_ facts: WhyFacts) -> WhyAnswer {
    let campaignIds = Set(facts.campaignSelections.map(\.id))
    let holding = facts.ficheSelections.filter { campaignIds.contains($0.id) }
    let standing = FicheStanding(state: facts.fiche?.state)
    if let offre = facts.offre {
      // What the store knows is about to change (an export due changes the fiche): sync before deciding.
      // One whose time has not come does not hold back what can be done now.
      if !facts.duePendingExports.isEmpty {
        return .changedByPendingExports(exports: facts.duePendingExports, status: offre.status)
      }
      let next = Campaign.actualisedStatus(
        of: offre.status, previous: offre.previousStatus, standing: standing, isMember: !holding.isEmpty)
      if next != offre.status { return .actualiserWouldChange(from: offre.status, to: next) }
      switch offre.status {
      case .aTransmettre:
        if let reason = MailOutbox.refusal(status: offre.status, email: facts.fiche?.email) {
          return .cannotSend(reason)
        }
        return .readyToSend(email: MailAddress.checked(facts.fiche?.email ?? "") ?? "")
      case .transmis:
        return .sent(at: offre.sentAt ?? offre.statusSince, to: offre.sentTo, file: offre.messageFile)
      case .horsSelection:
        return .horsSelection(since: offre.statusSince, previous: offre.previousStatus)
      case .masquee:
        return .masquee(since: offre.statusSince, sinceExport: facts.fiche?.stateSince, previous: offre.previousStatus)
      case .supprimee:
        return .supprimee(since: offre.statusSince, sinceExport: facts.fiche?.stateSince)
      }
    }
    if facts.fiche != nil, standing == .active, !holding.isEmpty { return .needsActualiser(selections: holding) }
    if !facts.pendingExports.isEmpty { return .waitingForSync(exports: facts.pendingExports) }
    guard let fiche = facts.fiche else { return .unknownFiche(campaignSelections: facts.campaignSelections) }
    if standing == .deleted { return .ficheDeleted(sinceExport: fiche.stateSince) }
    if standing == .hidden, !holding.isEmpty { return .ficheHidden(sinceExport: fiche.stateSince) }
    return .notInCampaignSelections(
      ficheSelections: facts.ficheSelections, campaignSelections: facts.campaignSelections)
  }
}
