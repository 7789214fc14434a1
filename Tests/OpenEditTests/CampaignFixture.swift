import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// A real store in a temporary directory, with fiches and sélections written as an import would leave them.
final class CampaignWorld {
  let directory: URL
  let store: Store
  let outbox: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("oesh-campaigns-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    store = try Store(url: directory.appendingPathComponent("state.sqlite"))
    outbox = directory.appendingPathComponent("outbox", isDirectory: true)
    try store.write { db in
      for (id, code, name) in [(14711, "74056", "Chamonix-Mont-Blanc"), (14712, "74143", "Les Houches")] {
        try CampaignWorld.insert(
          db, "commune", ["id": id, "code": code, "name": name, "name_folded": Campaign.folded(name)])
      }
    }
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  /// Inserts or replaces a fiche.
  func fiche(
    _ id: Int, _ name: String, type: String = "HOTELLERIE", state: String = "PUBLISHED",
    email: String? = nil, communeId: Int? = 14711, stateSince: String? = nil
  ) throws {
    try store.write { db in
      try CampaignWorld.insert(
        db, "fiche",
        [
          "id": id, "type": type, "name": name, "name_folded": Campaign.folded(name), "state": state,
          "state_since": stateSince, "commune_id": communeId, "email": email, "raw": Data("{}".utf8), "raw_hash": 0,
          "created_in": "3126_20250301-0200_AAAA", "updated_in": "3126_20250301-0200_AAAA",
        ])
    }
  }

  /// `INSERT OR REPLACE` of the values whose column the table has: the schema of fiches grows with the sync.
  static func insert(_ db: Database, _ table: String, _ values: [String: (any DatabaseValueConvertible)?]) throws {
    let columns = Set(try db.columns(in: table).map(\.name))
    let used = values.filter { columns.contains($0.key) }.sorted { $0.key < $1.key }
    try db.execute(
      sql: "INSERT OR REPLACE INTO \(table) (\(used.map(\.key).joined(separator: ", "))) VALUES "
        + "(\(used.map { _ in "?" }.joined(separator: ", ")))",
      arguments: StatementArguments(used.map(\.value)))
  }

  func setState(_ id: Int, _ state: String, since: String) throws {
    try store.write { db in
      try db.execute(sql: "UPDATE fiche SET state = ?, state_since = ? WHERE id = ?", arguments: [state, since, id])
    }
  }

  func setEmail(_ id: Int, _ email: String?) throws {
    try store.write { db in
      try db.execute(sql: "UPDATE fiche SET email = ? WHERE id = ?", arguments: [email, id])
    }
  }

  /// Creates the sélection or replaces its membership, as an import does.
  func selection(_ id: Int, _ name: String, _ members: [Int]) throws {
    try store.write { db in
      try db.execute(sql: "INSERT OR REPLACE INTO selection (id, name) VALUES (?, ?)", arguments: [id, name])
      try db.execute(sql: "DELETE FROM selection_member WHERE selection_id = ?", arguments: [id])
      for member in members {
        try db.execute(
          sql: "INSERT INTO selection_member (selection_id, fiche_id) VALUES (?, ?)", arguments: [id, member])
      }
    }
  }

  func create(_ title: String, _ selections: [Int], at: String = "2025-03-04 09:00:00") throws -> Campaign {
    try store.write { db in
      try Campaign.create(
        db, title: title, selectionIds: selections,
        stamp: CampaignStamp(at: at, command: "new campaign \"\(title)\""))
    }.campaign
  }

  func actualiser(_ campaign: Campaign, at: String = "2025-03-05 09:00:00", dryRun: Bool = false) throws
    -> ActualiserReport
  {
    try store.write { db in
      try Campaign.actualiser(
        db, campaignId: campaign.id, stamp: CampaignStamp(at: at, command: "actualiser"), dryRun: dryRun)
    }
  }

  func statuses(_ campaign: Campaign) throws -> [Int: OffreStatus] {
    try store.read { db in
      Dictionary(
        uniqueKeysWithValues: try CampaignAudience.rows(db, campaignId: campaign.id).map { ($0.ficheId, $0.status) })
    }
  }

  func mailOutbox(
    formBaseURL: String = "https://openedit.invalid/formulaire", redirect: String? = nil, utcOffset: Int = 3600
  ) -> MailOutbox {
    MailOutbox(
      directory: outbox, from: "Open Edit <openedit@openedit.invalid>", formBaseURL: formBaseURL, redirect: redirect,
      utcOffset: utcOffset)
  }

  /// The files of `outbox/`; with `includingHidden`, pending e-mails too (never the sends' lock file).
  func outboxFiles(includingHidden: Bool = false) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
    return names.filter { (includingHidden || !$0.hasPrefix(".")) && $0 != OutboxLock.fileName }.sorted()
  }

  /// Every row of offre and journal, to compare before and after a dry run.
  func dump() throws -> String {
    try store.read { db in
      let offres = try Row.fetchAll(db, sql: "SELECT * FROM offre ORDER BY campaign_id, fiche_id")
      let journal = try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY id")
      return (offres + journal).map(\.description).joined(separator: "\n")
    }
  }
}
