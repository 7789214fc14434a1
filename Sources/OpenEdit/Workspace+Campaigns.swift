import Apidae
import Foundation
import GRDB

/// The campaign operations as the shell calls them: each one transaction, stamped with the
/// workspace's clock and the command line that asked for it.
extension Workspace {
  /// The clock time and command line the journal records.
  func stamp(command: String?) throws -> CampaignStamp {
    CampaignStamp(at: try clock().now().description, command: command)
  }

  public func createCampaign(title: String, selections: [String], command: String?) throws -> CampaignCreation {
    let store = try store()
    let ids = try selections.map { try store.resolveSelection($0).id }
    let stamp = try stamp(command: command)
    return try store.write { db in try Campaign.create(db, title: title, selectionIds: ids, stamp: stamp) }
  }

  public func campaign(_ key: String) throws -> Campaign {
    try store().read { db in try Campaign.find(db, key) }
  }

  public func campaign(id: Int) throws -> Campaign {
    try store().read { db in try Campaign.fetch(db, id: id) }
  }

  public func campaigns() throws -> [CampaignSummary] {
    try store().read { db in try Campaign.list(db) }
  }

  public func renameCampaign(id: Int, to title: String, command: String?) throws -> Campaign {
    let stamp = try stamp(command: command)
    return try store().write { db in try Campaign.rename(db, id: id, to: title, stamp: stamp) }
  }

  public func setCampaignTemplate(
    id: Int, subject: String? = nil, body: String? = nil, from: String? = nil, command: String?
  ) throws -> Campaign {
    let stamp = try stamp(command: command)
    return try store().write { db in
      try Campaign.setTemplate(db, id: id, subject: subject, body: body, from: from, stamp: stamp)
    }
  }

  public func audience(
    campaignId: Int, statuses: Set<OffreStatus>? = nil, search: String? = nil, unreachable: Bool = false
  ) throws
    -> (rows: [AudienceRow], counts: OffreCounts)
  {
    try store().read { db in
      (
        try CampaignAudience.rows(
          db, campaignId: campaignId, statuses: statuses, search: search, unreachable: unreachable),
        try CampaignAudience.counts(db, campaignId: campaignId)
      )
    }
  }

  public func actualiser(campaignId: Int, dryRun: Bool, command: String?) throws -> ActualiserReport {
    let stamp = try stamp(command: command)
    let store = try store()
    if dryRun {
      return try store.read { db in try Campaign.actualiser(db, campaignId: campaignId, stamp: stamp, dryRun: true) }
    }
    return try store.write { db in
      try Campaign.actualiser(db, campaignId: campaignId, stamp: stamp, dryRun: false)
    }
  }

  /// The envelope, with the workspace's mail settings, sending at the clock's time. Only the outbox
  /// transport exists (DESIGN.md §6).
  func outbox() throws -> MailOutbox {
    try outbox(at: clock().now())
  }

  /// The envelope sending at the local time `at` (its Date header's offset from UTC).
  func outbox(at local: LocalDateTime) throws -> MailOutbox {
    guard settings.mail.transport == MailSettings.defaultTransport else {
      throw MailSendError.unsupportedTransport(settings.mail.transport)
    }
    return MailOutbox(
      directory: outboxURL, from: settings.mail.from, formBaseURL: settings.mail.formBaseURL,
      redirect: settings.mail.redirect, utcOffset: utcOffset(at: local))
  }

  public func send(campaignId: Int, ficheIds: [Int], dryRun: Bool, command: String?) throws -> SendReport {
    let stamp = try stamp(command: command)
    return try outbox().send(try store(), campaignId: campaignId, ficheIds: ficheIds, stamp: stamp, dryRun: dryRun)
  }

  public func sendAll(campaignId: Int, dryRun: Bool, command: String?) throws -> SendReport {
    let stamp = try stamp(command: command)
    return try outbox().sendAll(try store(), campaignId: campaignId, stamp: stamp, dryRun: dryRun)
  }

  /// The workspace's offset from UTC at a local time, in seconds (for the Date header).
  func utcOffset(at local: LocalDateTime) -> Int {
    settings.timeZone.secondsFromGMT(for: local.date(in: settings.timeZone))
  }

  /// The fiches whose offre could be sent now in this campaign.
  public func sendableFicheIds(campaignId: Int) throws -> Set<Int> {
    try store().read { db in try MailOutbox.sendableFicheIds(db, campaignId: campaignId) }
  }

  /// `why ID`: reads the pending exports for the fiche, then answers from the store's facts.
  public func why(campaignId: Int, ficheId: Int) throws -> (facts: WhyFacts, answer: WhyAnswer) {
    let campaign = try store().read { db in try Campaign.fetch(db, id: campaignId) }
    let found = try pendingChanges(of: [ficheId], selectionIds: Set(campaign.selectionIds), dueBy: nil)
    let pending = found.changing[ficheId] ?? []
    let now = try clock().now()
    var facts = try store().read { db in
      try Why.facts(db, campaignId: campaignId, ficheId: ficheId, pendingExportsContaining: pending)
    }
    facts.pendingName = found.names[ficheId]
    facts.duePendingExports = pending.filter { ExportName.parse($0).map { $0.time <= now } ?? false }
    facts.unreadablePendingExports = found.unreadable
    return (facts, Why.answer(facts))
  }

  /// Names of the exports of `snapshots/` not imported yet that change this fiche, each against what the
  /// ones before it leave: carry another version of it, delete it, or move it into or out of one of
  /// `selectionIds` (a sélection whose filter changed in Apidae: no object travels, only
  /// `selections.json`). Exports that do not read change nothing (`sync` names their problem).
  func pendingExports(containing ficheId: Int, selectionIds: Set<Int> = []) throws -> [String] {
    try pendingExportsAndUnreadable(containing: ficheId, selectionIds: selectionIds).changing
  }

  /// The same, and the pending exports that cannot be read (a sync stops at the first of them).
  func pendingExportsAndUnreadable(containing ficheId: Int, selectionIds: Set<Int> = []) throws -> (
    changing: [String], unreadable: [String]
  ) {
    let found = try pendingChanges(of: [ficheId], selectionIds: selectionIds, dueBy: nil)
    return (found.changing[ficheId] ?? [], found.unreadable)
  }

  /// The fiches among `ficheIds` that exports due and not imported yet change (`why`'s
  /// `changedByPendingExports`), each with the names of those exports: what `send` warns about. Each
  /// export is read once for all the fiches (a `send --all` of 50,000 offres), none when none is due.
  public func fichesChangedByDueExports(_ ficheIds: [Int], selectionIds: Set<Int>) throws -> [Int: [String]] {
    try pendingChanges(of: Set(ficheIds), selectionIds: selectionIds, dueBy: try clock().now()).changing
  }

  /// The exports of `snapshots/` not imported yet (whose time has come by `dueBy`, when given) that
  /// change each of `ficheIds`, each against what the ones before it leave (see `pendingExports`), and
  /// those that cannot be read; and the name each has in the last of them that carries it.
  func pendingChanges(of ficheIds: Set<Int>, selectionIds: Set<Int>, dueBy: LocalDateTime?) throws -> (
    changing: [Int: [String]], unreadable: [String], names: [Int: String]
  ) {
    guard !ficheIds.isEmpty else { return ([:], [], [:]) }
    let imported = try store().read { db in Set(try String.fetchAll(db, sql: "SELECT name FROM export")) }
    // No snapshots/ folder, no export due: what a send or `why` says of the campaign does not need one.
    let folder: SnapshotFolder
    do { folder = try snapshotFolder() } catch WorkspaceError.snapshotsMissing { return ([:], [], [:]) }
    let pending = folder.exports.filter { snapshot in
      !imported.contains(snapshot.name.stem) && dueBy.map { snapshot.name.time <= $0 } ?? true
    }
    guard !pending.isEmpty else { return ([:], [], [:]) }
    let list = "[" + ficheIds.map(String.init).joined(separator: ",") + "]"
    var (holding, hash) = try store().read { db in
      var holding: [Int: Set<Int>] = [:]
      for row in try Row.fetchAll(
        db,
        sql: "SELECT fiche_id, selection_id FROM selection_member WHERE fiche_id IN (SELECT value FROM json_each(?))",
        arguments: [list])
      {
        holding[row[0], default: []].insert(row[1])
      }
      var hash: [Int: Int64] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT id, raw_hash FROM fiche WHERE id IN (SELECT value FROM json_each(?))", arguments: [list])
      {
        hash[row[0]] = row[1]
      }
      return (holding, hash)
    }
    var changing: [Int: [String]] = [:]
    var unreadable: [String] = []
    var names: [Int: String] = [:]
    for snapshot in pending {
      guard let reader = try? ExportReader(url: snapshot.url) else {
        unreadable.append(snapshot.name.stem)
        continue
      }
      var changed = Set<Int>()
      do {
        try reader.read(workers: 1, keepRaw: false) { part in
          try Interruption.check()
          switch part {
          case .fiches(let fiches, _):
            // The last version of each in this part; the same version sent again changes nothing.
            var versions: [Int: Int64] = [:]
            for fiche in fiches where ficheIds.contains(fiche.id) {
              versions[fiche.id] = fiche.rawHash
              names[fiche.id] = fiche.name
            }
            for (id, version) in versions where version != hash[id] {
              changed.insert(id)
              hash[id] = version
            }
          case .deleted(let ids):
            for id in ids where ficheIds.contains(id) { changed.insert(id) }
          case .selections(let selections):
            for s in selections where selectionIds.contains(s.id) {
              let members = Set(s.ficheIds)
              for id in ficheIds where members.contains(id) != (holding[id]?.contains(s.id) ?? false) {
                changed.insert(id)
                if members.contains(id) { holding[id, default: []].insert(s.id) } else { holding[id]?.remove(s.id) }
              }
            }
          case .communes: break
          }
        }
      } catch  where !Interruption.isInterruption(error) {
        unreadable.append(snapshot.name.stem)
        continue
      }
      for id in changed { changing[id, default: []].append(snapshot.name.stem) }
    }
    return (changing, unreadable, names)
  }

  /// The campaigns a fiche is in, with its offre's status in each.
  public func offres(ofFiche ficheId: Int) throws -> [(campaignId: Int, campaign: String, status: OffreStatus)] {
    try store().read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.id, c.title, o.status FROM offre o JOIN campaign c ON c.id = o.campaign_id
          WHERE o.fiche_id = ? ORDER BY c.id
          """,
        arguments: [ficheId]
      ).map { ($0[0], $0[1], try Campaign.storedStatus($0[2])) }
    }
  }

  /// The journal's entries as `journal` lists them, only the newest `last` when given.
  public func journal(ficheId: Int?, campaignId: Int?, kind: String? = nil, last: Int? = nil) throws
    -> [CampaignJournal.Entry]
  {
    try store().read { db in
      try CampaignJournal.entries(db, ficheId: ficheId, campaignId: campaignId, kind: kind, last: last)
    }
  }

  /// The kinds of entries the journal holds (`import`, `mail.sent`, `offre.status`…).
  public func journalKinds() throws -> [String] {
    try store().read { db in try CampaignJournal.kinds(db) }
  }

  /// Finishes or removes e-mails an interrupted `send` left in `outbox/` (run when a shell opens the store).
  public func reconcile() throws -> OutboxReconciliation {
    try reconcileOutbox(store: try store(), outbox: outboxURL)
  }
}

extension Workspace {
  /// The names of these fiches (deleted ones included), for reports that name a few of many.
  public func ficheNames(_ ids: [Int]) throws -> [Int: String] {
    guard !ids.isEmpty else { return [:] }
    let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
    return try store().read { db in
      var names: [Int: String] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT id, CAST(name AS BLOB) FROM fiche WHERE id IN (SELECT value FROM json_each(?))",
        arguments: [list])
      {
        names[row[0]] = row.wholeText(1) ?? ""
      }
      return names
    }
  }

  /// A campaign's offres counted by status.
  public func offreCounts(campaignId: Int) throws -> OffreCounts {
    try store().read { db in try CampaignAudience.counts(db, campaignId: campaignId) }
  }
}
