import XCTest

@testable import OpenEdit

/// `why ID`: each place a fiche can be stuck on its way into a campaign, from a real store.
final class WhyTests: XCTestCase {
  var world: CampaignWorld!
  var campaign: Campaign!
  let hebergements = CampaignSelection(id: 49063, name: "Hébergements Vallée")
  let campings = CampaignSelection(id: 49064, name: "Campings")

  override func setUpWithError() throws {
    world = try CampaignWorld()
    try world.fiche(101, "Hôtel du Lac", email: "lac@example.org")
    try world.fiche(102, "La Châtelleraie", email: "chatel@example")
    try world.fiche(103, "Refuge des Écrins")
    try world.fiche(104, "Gîte caché", state: "HIDDEN", stateSince: "3126_20250301-0200_AAAA")
    try world.fiche(105, "Auberge fermée", state: "DELETED", stateSince: "3126_20250301-0200_AAAA")
    try world.fiche(106, "Camping des Bois", email: "bois@example.org")
    try world.fiche(107, "Camping du Pont", email: "pont@example.org")
    try world.selection(49063, hebergements.name, [101, 102, 103, 104, 105])
    try world.selection(49064, campings.name, [106])
    campaign = try world.create("Été 2025", [49063])
  }

  override func tearDown() { world = nil }

  private func why(_ ficheId: Int, pending: [String] = [], due: [String] = []) throws -> WhyAnswer {
    try world.store.read { db in
      var facts = try Why.facts(db, campaignId: campaign.id, ficheId: ficheId, pendingExportsContaining: pending)
      facts.duePendingExports = due
      return Why.answer(facts)
    }
  }

  /// An offre whose fiche an export due changes is decided after the sync, not before; an export whose
  /// time has not come holds nothing back.
  func testAnOffreWhoseFicheAnExportDueChangesWaitsForTheSync() throws {
    let export = "3126_20250305-0200_BBBB"
    XCTAssertEqual(
      try why(101, pending: [export], due: [export]),
      .changedByPendingExports(exports: [export], status: .aTransmettre))
    XCTAssertEqual(try why(101, pending: [export], due: []), .readyToSend(email: "lac@example.org"))
  }

  func testAFicheNoExportHasPointsAtTheSelectionsFilters() throws {
    XCTAssertEqual(try why(4_826_137), .unknownFiche(campaignSelections: [hebergements]))
  }

  func testAFicheInAnExportNotYetImportedWaitsForTheSync() throws {
    XCTAssertEqual(
      try why(4_826_137, pending: ["3126_20250305-0200_BBBB"]), .waitingForSync(exports: ["3126_20250305-0200_BBBB"]))
    XCTAssertEqual(
      try why(106, pending: ["3126_20250305-0200_BBBB"]), .waitingForSync(exports: ["3126_20250305-0200_BBBB"]))
  }

  func testAnImportedFicheOutsideTheCampaignsSelections() throws {
    XCTAssertEqual(
      try why(106), .notInCampaignSelections(ficheSelections: [campings], campaignSelections: [hebergements]))
    XCTAssertEqual(try why(107), .notInCampaignSelections(ficheSelections: [], campaignSelections: [hebergements]))
  }

  func testAFicheInTheSelectionsButNotInTheAudienceNeedsActualiserEvenWithAPendingExport() throws {
    try world.selection(49063, hebergements.name, [101, 102, 103, 104, 105, 107])
    XCTAssertEqual(try why(107, pending: ["3126_20250306-0200_CCCC"]), .needsActualiser(selections: [hebergements]))
    _ = try world.actualiser(campaign)
    XCTAssertEqual(try why(107), .readyToSend(email: "pont@example.org"))
  }

  func testHiddenAndDeletedFichesAreNotAdded() throws {
    XCTAssertEqual(try why(104), .ficheHidden(sinceExport: "3126_20250301-0200_AAAA"))
    XCTAssertEqual(try why(105), .ficheDeleted(sinceExport: "3126_20250301-0200_AAAA"))
  }

  func testAnOffreEmailATransmettreSaysWhetherItCanBeSent() throws {
    XCTAssertEqual(try why(101), .readyToSend(email: "lac@example.org"))
    XCTAssertEqual(try why(102), .cannotSend(.invalidEmail("chatel@example")))
    XCTAssertEqual(try why(103), .cannotSend(.noEmail))
  }

  func testASentOffreSaysWhenAndToWhom() throws {
    let report = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [101], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    XCTAssertEqual(try why(101), .sent(at: "2025-03-04 11:00:00", to: "lac@example.org", file: report.sent[0].file))
  }

  func testASetAsideOffreSaysSinceWhenAndAnOutdatedOneAsksForActualiser() throws {
    _ = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [101], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    try world.selection(49063, hebergements.name, [102, 103])
    try world.setState(102, "HIDDEN", since: "3126_20250305-0200_BBBB")
    try world.setState(103, "DELETED", since: "3126_20250305-0200_BBBB")
    XCTAssertEqual(try why(101), .actualiserWouldChange(from: .transmis, to: .horsSelection))
    XCTAssertEqual(try why(102), .actualiserWouldChange(from: .aTransmettre, to: .masquee))
    _ = try world.actualiser(campaign, at: "2025-03-05 09:00:00")
    XCTAssertEqual(try why(101), .horsSelection(since: "2025-03-05 09:00:00", previous: .transmis))
    XCTAssertEqual(
      try why(102),
      .masquee(since: "2025-03-05 09:00:00", sinceExport: "3126_20250305-0200_BBBB", previous: .aTransmettre))
    XCTAssertEqual(try why(103), .supprimee(since: "2025-03-05 09:00:00", sinceExport: "3126_20250305-0200_BBBB"))
    try world.selection(49063, hebergements.name, [101, 102, 103])
    XCTAssertEqual(try why(101), .actualiserWouldChange(from: .horsSelection, to: .transmis))
  }

  func testAnUnknownCampaignIsATypedError() throws {
    XCTAssertThrowsError(
      try world.store.read { db in try Why.facts(db, campaignId: 99, ficheId: 101, pendingExportsContaining: []) }
    ) { XCTAssertEqual($0 as? CampaignError, .notFound("99")) }
  }
}
