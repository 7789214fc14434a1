import Foundation
import GRDB

/// One offre of a campaign's audience as `audience` lists it (fiche data as last imported).
public struct AudienceRow: Sendable, Equatable {
  public var ficheId: Int
  public var name: String
  public var type: String
  public var commune: String?
  public var email: String?
  public var status: OffreStatus
  /// Clock time the e-mail was written, when sent.
  public var sentAt: String?

  /// Whether an e-mail can reach the socio-pro: an address there, and a valid one (R5's own check,
  /// asked as for an offre to send, so that only the address decides).
  public var reachable: Bool {
    if case .to = MailOutbox.sendable(status: .aTransmettre, email: email) { return true }
    return false
  }
}

/// Offre counts by status, every status present (zero when none).
public struct OffreCounts: Sendable, Equatable {
  public var byStatus: [OffreStatus: Int]
  public init(byStatus: [OffreStatus: Int] = [:]) {
    self.byStatus = Dictionary(uniqueKeysWithValues: OffreStatus.allCases.map { ($0, byStatus[$0] ?? 0) })
  }
  public subscript(status: OffreStatus) -> Int { byStatus[status] ?? 0 }
  public var total: Int { byStatus.values.reduce(0, +) }
}

/// A campaign's audience: its offres with their fiches.
enum CampaignAudience {
  /// The offres, by name then id, keeping those whose status is in `statuses` (all when nil) and whose
  /// name, commune, e-mail or id contains `search`, ignoring case and accents; in names and communes,
  /// hyphens, apostrophes and runs of spaces are one space, as `fiches --search` reads them («saint
  /// michel» finds Saint-Michel-de-Maurienne), an address keeping its own («-resa@»).
  static func rows(
    _ db: Database, campaignId: Int, statuses: Set<OffreStatus>? = nil, search: String? = nil,
    unreachable: Bool = false
  ) throws -> [AudienceRow] {
    _ = try Campaign.fetch(db, id: campaignId)
    let needle = search.map(Campaign.folded).flatMap { $0.isEmpty ? nil : $0 }
    let searched = search.flatMap(NameLookup.searchKey)
    var foldedCommunes: [String: String] = [:]
    return try Row.fetchAll(
      db,
      sql: """
        SELECT o.fiche_id, CAST(COALESCE(f.name, '') AS BLOB) AS name,
               CAST(COALESCE(f.name_folded, '') AS BLOB) AS name_folded, COALESCE(f.type, '') AS type,
               CAST(COALESCE(c.name, f.commune_name) AS BLOB) AS commune, CAST(f.email AS BLOB) AS email, o.status,
               o.sent_at
        FROM offre o LEFT JOIN fiche f ON f.id = o.fiche_id LEFT JOIN commune c ON c.id = f.commune_id
        WHERE o.campaign_id = ?
        """, arguments: [campaignId]
    ).compactMap { row -> (String, AudienceRow)? in
      let item = AudienceRow(
        ficheId: row["fiche_id"], name: row.wholeText(1) ?? "", type: row["type"], commune: row.wholeText(4),
        email: row.wholeText(5), status: try Campaign.storedStatus(row["status"]), sentAt: row["sent_at"])
      if let statuses, !statuses.contains(item.status) { return nil }
      if unreachable && item.reachable { return nil }
      // The name as the import folded it; communes are few, folded once each.
      let key = row.wholeText(2) ?? ""
      if let needle {
        let commune = item.commune.map { name in
          foldedCommunes[name]
            ?? {
              foldedCommunes[name] = NameLookup.fold(name); return foldedCommunes[name]!
            }()
        }
        // Read as `fiches --search` reads it (`NameLookup.searchKey`).
        let named =
          if let searched, searched.words {
            [NameLookup.fold(key), commune ?? ""].contains { $0.contains(searched.text) }
          } else {
            [key, item.commune.map(Campaign.folded) ?? ""].contains { $0.contains(searched?.text ?? needle) }
          }
        guard named || [(item.email ?? "").lowercased(), String(item.ficheId)].contains(where: { $0.contains(needle) })
        else { return nil }
      }
      return (key, item)
    }
    .sorted { ($0.0, $0.1.ficheId) < ($1.0, $1.1.ficheId) }
    .map(\.1)
  }

  static func counts(_ db: Database, campaignId: Int) throws -> OffreCounts {
    // Grouped on the index offre(campaign_id, status): no sort, and only that index is read.
    var counts: [OffreStatus: Int] = [:]
    let rows = try Row.fetchCursor(
      db, sql: "SELECT status, count(*) FROM offre WHERE campaign_id = ? GROUP BY status", arguments: [campaignId])
    while let row = try rows.next() {
      counts[try Campaign.storedStatus(row[0])] = row[1]
    }
    return OffreCounts(byStatus: counts)
  }
}
