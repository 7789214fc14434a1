import Apidae
import GRDB
import XCTest

@testable import OpenEdit

/// R3 with real exports: a sync after a campaign's creation changes fiches and sélections, never the
/// audience; actualiser then applies R4 to what the sync brought.
final class CampaignSyncTests: XCTestCase {
  func testASyncLeavesTheAudienceAndItsStatusesUntouchedUntilActualiser() throws {
    let ws = try TestWorkspace(self)
    let hebergements = 49063
    try ws.export(
      TestWorkspace.name(day: 1),
      fiches: [
        fiche(1, "Hôtel du Lac", email: "lac@example.org"), fiche(2, "La Châtelleraie", email: "chatel@example.org"),
        fiche(3, "Gîte des Prés", email: "pres@example.org"), fiche(4, "Refuge", email: nil),
      ],
      selections: [Selection(id: hebergements, name: "Hébergements", ficheIds: [1, 2, 3, 4])], communes: testCommunes)
    try ws.workspace.sync(command: "sync")
    let store = try ws.store
    let stamp = CampaignStamp(at: "2024-03-31 12:00:00", command: "new campaign Printemps")
    let campaign = try store.write { db in
      try Campaign.create(db, title: "Printemps", selectionIds: [hebergements], stamp: stamp)
    }.campaign
    let mail = ws.workspace.settings.mail
    _ = try MailOutbox(
      directory: ws.workspace.outboxURL, from: mail.from, formBaseURL: mail.formBaseURL, redirect: mail.redirect,
      utcOffset: 3600
    ).send(
      store, campaignId: campaign.id, ficheIds: [3], stamp: CampaignStamp(at: "2024-03-31 12:05:00"))

    func offres() throws -> String {
      try store.read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM offre ORDER BY fiche_id").map(\.description).joined(separator: "\n")
      }
    }
    let before = try offres()

    // The next night: 5 enters the sélection, 2 leaves it, 3 is hidden, 1 is deleted, 4 gets an e-mail.
    try ws.export(
      TestWorkspace.name(day: 2),
      fiches: [
        fiche(3, "Gîte des Prés", state: "HIDDEN", email: "pres@example.org"),
        fiche(4, "Refuge", email: "refuge@example.org"), fiche(5, "Camping des Bois", email: "bois@example.org"),
      ],
      deleted: [1],
      selections: [Selection(id: hebergements, name: "Hébergements", ficheIds: [3, 4, 5])])
    // A dry run measures what actualiser would do on the store as the import would leave it.
    let dryRun = try ws.workspace.sync(dryRun: true)
    let expected = [CampaignUse(campaign: campaign, selectionIds: [hebergements], wouldAdd: 1, wouldChange: 3)]
    XCTAssertEqual(dryRun.campaigns, expected)
    let sync = try ws.workspace.sync(command: "sync")
    XCTAssertEqual(sync.imported.count, 1)
    XCTAssertEqual(sync.changedSelectionIds, [hebergements])
    XCTAssertEqual(sync.campaigns, expected)
    XCTAssertEqual(try offres(), before)
    XCTAssertEqual(
      try store.read { db in try CampaignAudience.rows(db, campaignId: campaign.id) }.map { [$0.ficheId: $0.status] },
      [[3: .transmis], [1: .aTransmettre], [2: .aTransmettre], [4: .aTransmettre]])
    // The fiche's own data is shared and up to date: 4 can be sent now.
    XCTAssertNil(try store.read { db in try MailOutbox.refusal(db, campaignId: campaign.id, ficheId: 4) })

    let uses = try store.read { db in try Campaign.campaignsToActualise(db, selectionIds: sync.changedSelectionIds) }
    XCTAssertEqual(uses.map(\.campaign.title), ["Printemps"])
    XCTAssertEqual(uses.first?.wouldAdd, 1)
    XCTAssertEqual(uses.first?.wouldChange, 3)
    XCTAssertEqual(try offres(), before)

    let report = try store.write { db in
      try Campaign.actualiser(
        db, campaignId: campaign.id, stamp: CampaignStamp(at: "2024-03-31 12:10:00", command: "actualiser"),
        dryRun: false)
    }
    XCTAssertEqual(report.added, [5])
    XCTAssertEqual(
      report.changes,
      [
        OffreChange(ficheId: 1, from: .aTransmettre, to: .supprimee),
        OffreChange(ficheId: 2, from: .aTransmettre, to: .horsSelection),
        OffreChange(ficheId: 3, from: .transmis, to: .masquee),
      ])
    let why = try store.read { db in
      Why.answer(try Why.facts(db, campaignId: campaign.id, ficheId: 1, pendingExportsContaining: []))
    }
    XCTAssertEqual(why, .supprimee(since: "2024-03-31 12:10:00", sinceExport: TestWorkspace.name(day: 2).stem))
  }

  /// R3 for the campaign itself: a sync that renames one of its sélections and drops the other leaves the
  /// campaign, the sélections it names (with their names as when it was created) and its offres as they were.
  func testASyncThatRenamesOrDropsACampaignsSelectionsLeavesTheCampaignAsItWas() throws {
    let ws = try TestWorkspace(self)
    try ws.export(
      TestWorkspace.name(day: 1), fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Gîte des Prés")],
      selections: [Selection(id: 10, name: "Hôtels", ficheIds: [1]), Selection(id: 11, name: "Gîtes", ficheIds: [2])])
    try ws.workspace.sync()
    let store = try ws.store
    try store.write { db in
      _ = try Campaign.create(
        db, title: "Printemps", selectionIds: [10, 11], stamp: CampaignStamp(at: "2024-03-01 12:00:00"))
    }
    func campaignRows() throws -> [String] {
      try store.read { db in
        try ["campaign", "campaign_selection", "offre"].flatMap { table in
          try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map { "\(table) \($0)" }
        }
      }
    }
    let before = try campaignRows()
    XCTAssertEqual(before.filter { $0.hasPrefix("campaign_selection ") }.count, 2, before.joined(separator: "\n"))
    XCTAssertEqual(before.filter { $0.hasPrefix("offre ") }.count, 2, before.joined(separator: "\n"))
    try ws.export(
      TestWorkspace.name(day: 2), selections: [Selection(id: 10, name: "Hôtels et motels", ficheIds: [1])])
    XCTAssertEqual(try ws.workspace.sync().imported.count, 1)
    // The sync applied both to the sélections…
    XCTAssertEqual(try ws.memberships(), [10: [1]])
    XCTAssertEqual(
      try store.read { db in try String.fetchOne(db, sql: "SELECT name FROM selection") }, "Hôtels et motels")
    // …and to nothing of the campaign.
    XCTAssertEqual(try campaignRows(), before)
  }

  func testASyncThatOnlyHidesOrDeletesFichesOfAnAudienceNamesItsCampaign() throws {
    let ws = try TestWorkspace(self)
    let selections = [
      Selection(id: 1, name: "Hébergements", ficheIds: [1, 2]), Selection(id: 2, name: "Restaurants", ficheIds: [3]),
    ]
    try ws.export(
      TestWorkspace.name(day: 1),
      fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Gîte des Prés"), fiche(3, "Le Moulin")], selections: selections)
    try ws.workspace.sync()
    let store = try ws.store
    let (hebergements, restaurants) = try store.write { db in
      (
        try Campaign.create(db, title: "Printemps", selectionIds: [1], stamp: CampaignStamp(at: "2024-03-01 12:00:00"))
          .campaign,
        try Campaign.create(db, title: "Tables", selectionIds: [2], stamp: CampaignStamp(at: "2024-03-01 12:00:00"))
          .campaign
      )
    }
    // The same memberships; 2 hidden, 1 only modified: only the hébergements need actualiser.
    try ws.export(
      TestWorkspace.name(day: 2),
      fiches: [fiche(1, "Hôtel du Lac (rénové)"), fiche(2, "Gîte des Prés", state: "HIDDEN")],
      selections: selections)
    let hidden = try ws.workspace.sync()
    XCTAssertEqual(hidden.changedSelectionIds, [])
    XCTAssertEqual(
      hidden.campaigns, [CampaignUse(campaign: hebergements, selectionIds: [], wouldAdd: 0, wouldChange: 1)])
    // Published again before any actualiser: nothing for actualiser to do, no campaign named.
    try ws.export(TestWorkspace.name(day: 3), fiches: [fiche(2, "Gîte des Prés")], selections: selections)
    XCTAssertEqual(try ws.workspace.sync().campaigns, [])
    // A deletion in the restaurants, dry run and real alike.
    try ws.export(TestWorkspace.name(day: 4), deleted: [3], selections: selections)
    let deleted = [CampaignUse(campaign: restaurants, selectionIds: [], wouldAdd: 0, wouldChange: 1)]
    XCTAssertEqual(try ws.workspace.sync(dryRun: true).campaigns, deleted)
    XCTAssertEqual(try ws.workspace.sync().campaigns, deleted)
  }

  /// A fiche hidden when a campaign was made is in its sélection but not in its audience (R6 leaves it
  /// out); published again, with the sélection's membership unchanged, it is one actualiser adds: the
  /// sync names that campaign (it named none).
  func testASyncThatPublishesAgainAFicheOfASelectionNamesTheCampaignItWouldJoin() throws {
    let ws = try TestWorkspace(self)
    let selections = [Selection(id: 1, name: "Hébergements", ficheIds: [1, 2])]
    try ws.export(
      TestWorkspace.name(day: 1), fiches: [fiche(1, "Hôtel du Lac"), fiche(2, "Gîte des Prés", state: "HIDDEN")],
      selections: selections)
    try ws.workspace.sync()
    let campaign = try ws.store.write { db in
      try Campaign.create(db, title: "Printemps", selectionIds: [1], stamp: CampaignStamp(at: "2024-03-01 12:00:00"))
    }.campaign
    XCTAssertEqual(try ws.store.read { db in try CampaignAudience.counts(db, campaignId: campaign.id).total }, 1)
    try ws.export(TestWorkspace.name(day: 2), fiches: [fiche(2, "Gîte des Prés")], selections: selections)
    let published = try ws.workspace.sync()
    XCTAssertEqual(published.changedSelectionIds, [])
    XCTAssertEqual(
      published.campaigns, [CampaignUse(campaign: campaign, selectionIds: [], wouldAdd: 1, wouldChange: 0)])
  }
}
